# Arabic as CLDR writes it for the Arab region at the UN: Western digits, "," between
# thousands, "." before decimals (Django's default "." / "," printed 350.300,00).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
