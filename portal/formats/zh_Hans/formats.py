# Chinese (simplified), as CLDR: 2027年1月25日; thousands grouped by three with ",".
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
