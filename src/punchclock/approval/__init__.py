"""Sign-off: timesheet periods submitted, approved or rejected, and the lock on approved time."""
