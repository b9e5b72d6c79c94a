"""The web app's preferences (theme, formats, view), kept per user in ``user_settings`` as ``pc_*`` keys."""
