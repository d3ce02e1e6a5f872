"""Personnel import from Google Sheets and CSV/XLSX files (JOB-80..89)."""
