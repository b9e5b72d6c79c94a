"""Search across all of a user's entries, and suggestions of their earlier descriptions."""
