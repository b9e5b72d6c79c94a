"""Online, consistent backups of the database and the server secret in one file, and their restore."""
