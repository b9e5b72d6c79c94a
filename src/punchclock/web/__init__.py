"""The browser app: plain ES modules, CSS and icons in ``app/``, served at ``/`` with hashed URLs."""
