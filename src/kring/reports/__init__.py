"""Reports for outside readers: the annual report as PDF per organisation and year, and the
national view for Stichting Centering Nederland (aggregates of opted-in organisations only)."""
