# French, as CLDR: 25 janvier 2027; narrow no-break space between thousands.
DATE_FORMAT = "j F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
