"""The sync benchmark: Punchclock's TimeTagger-compatible API side by side with TimeTagger 26.1.3."""
