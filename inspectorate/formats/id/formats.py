# One date convention in both languages (the Indonesian one): "30 Nov 2026" in text,
# "30/11/2026" in tables, 24-hour times. Times carry their zone (see inspectorate.localtime).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
