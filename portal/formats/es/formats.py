# Spanish, as CLDR: 25 de enero de 2027; "." between thousands, "," before decimals.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
