"""Domain-free helpers. Nothing here imports a feature package."""
