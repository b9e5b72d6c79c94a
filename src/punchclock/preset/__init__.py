"""Presets: a user's favourite entries (description, project, task, tags, billable), one click to start."""
