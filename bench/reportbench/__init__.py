"""The grouped-report benchmark: a year for 50 users and 1,000,000 entries, SQLite and PostgreSQL."""
