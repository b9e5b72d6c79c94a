"""What the web app shows first, in one request: the user, their settings, the lists, the timer and
the period on screen (GET /api/v1/startup)."""
