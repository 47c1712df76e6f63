"""Getting data in and out: client and people imports (CSV/Excel with a preview), exports of
every list (CSV/Excel) and FHIR R4 (one client's Bundle, the organisation's NDJSON)."""
