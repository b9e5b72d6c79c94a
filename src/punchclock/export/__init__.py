"""Exports: time entries and reports as CSV, XLSX and JSON, the iCalendar feed, the account export."""
