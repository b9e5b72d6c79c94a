"""Favourite projects per user (TimeTracker's ``/users/me/favorites/projects``): pickers show them first."""
