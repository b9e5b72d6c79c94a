"""TimeTagger's sync protocol, served at /timetagger/api/v2/ on the same time entries as /api/v1."""
