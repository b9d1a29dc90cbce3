# Russian, as CLDR: 25 января 2027 г.; no-break space between thousands.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
NUMBER_GROUPING = 3
