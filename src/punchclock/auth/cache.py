"""The per-process cache of authenticated principals.

Notes:
Looking a token up costs a database round trip on every request; the hot endpoints are cheaper
than that. A verified principal is kept for ``auth_cache_seconds`` (default 2 s). Anything that
can take rights away — revoking a token, disabling a user, changing a role or password, signing out
everywhere — clears the whole cache of the process that made the change, so on a single instance it
takes effect at once; other instances notice within the TTL.
"""

from __future__ import annotations

from punchclock.auth.scopes import Principal
from punchclock.kit.ttlcache import TTLCache

principals: TTLCache[str, Principal] = TTLCache(ttl=2.0)


def configure(ttl: float) -> None:
    principals.ttl = ttl
    principals.clear()


def revoke_all() -> None:
    """Forget every cached principal (called after any change that removes rights)."""
    principals.clear()
