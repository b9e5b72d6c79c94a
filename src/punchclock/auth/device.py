"""A readable name for the device behind a sign-in, from its request headers (for the token list)."""

from __future__ import annotations

from collections.abc import Mapping

# (marker in the User-Agent or Origin, name), first match wins: the apps before the browsers they
# are built on (Electron and Edge say "Chrome" too).
_KNOWN = (
    ("chrome-extension://", "browser extension"),
    ("moz-extension://", "browser extension"),
    ("Electron/", "desktop app"),
    ("Dart/", "mobile app"),
    ("punchclock-cli", "Punchclock CLI"),
    ("curl/", "curl"),
    ("python-httpx", "Python script"),
    ("python-requests", "Python script"),
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_PLATFORMS = (("Windows", "Windows"), ("Mac OS X", "macOS"), ("Android", "Android"), ("iPhone", "iOS"),
              ("Linux", "Linux"))  # fmt: skip


def device_label(headers: Mapping[str, str]) -> str:
    """E.g. "desktop app on Windows" or "browser extension on Linux"; "unknown device" otherwise."""
    agent = headers.get("user-agent", "")
    seen = f"{headers.get('origin', '')} {agent}"
    kind = next((name for marker, name in _KNOWN if marker in seen), "unknown device")
    platform = next((name for marker, name in _PLATFORMS if marker in agent), None)
    return f"{kind} on {platform}" if platform else kind
