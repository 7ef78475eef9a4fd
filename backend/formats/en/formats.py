"""English (British) date formats: the English pages serve people living in Germany, so
day-month order, never the US month/day order of Django's default English formats."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
