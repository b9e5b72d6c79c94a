from tests.event.conftest import live, live_settings  # noqa: F401  (the same running server)
