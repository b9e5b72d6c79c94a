"""TimeTracker's attendance and workday endpoints, answered as TimeTracker answers a disabled module.

Notes:
TimeTracker's desktop and mobile apps ask for ``/attendance/status`` on every start and offer clock
in/out from it. Punchclock has no attendance records yet (the working-time issue brings them), so
every one of these routes answers what TimeTracker answers for a module an administrator turned
off: 403 ``module_disabled``. Its clients know that answer: the mobile app hides the workday card,
the desktop app shows "Attendance unavailable". A 404 would read as a broken server instead.
"""
