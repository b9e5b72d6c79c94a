"""Saved reports: named sets of report filters per user (the Reports page's "Saved reports")."""
