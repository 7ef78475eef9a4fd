"""Statistics and exports (issue #16): figures for the reports to the committees and the Land,
and the case list and figures as CSV and XLSX. No models; every channel reads through here."""
