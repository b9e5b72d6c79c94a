"""The provider's discovery document and signing keys, fetched and kept for a while.

Notes:
The discovery document changes rarely; it is kept for an hour, and when a refresh fails the copy
held is used on (a provider's short outage does not stop sign-ins that could succeed). With no copy
at all, a provider that does not answer in time is ``ProviderUnavailable``: 503, never 500.

Keys rotate. An ID token naming a key id not in the keys held makes one fresh fetch of the key set
(at most one every ``JWKS_MIN_REFETCH`` seconds, so tokens with made-up key ids cannot make us hammer
the provider); a key id still unknown afterwards fails the token.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt

from punchclock.sso.errors import ProviderUnavailable, SignInFailed

WELL_KNOWN = "/.well-known/openid-configuration"
METADATA_SECONDS = 3600
JWKS_SECONDS = 3600
JWKS_MIN_REFETCH = 10
# Signature algorithms taken from a provider (it lists its own): public-key ones only. "none" and the
# HMAC family (signed with the client secret) are refused.
ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")


@dataclass(frozen=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    end_session_endpoint: str | None
    algorithms: tuple[str, ...]

    @classmethod
    def parse(cls, doc: dict[str, Any], expected_issuer: str | None) -> Metadata:
        try:
            issuer = _url(doc, "issuer")
            found = cls(
                issuer=issuer,
                authorization_endpoint=_url(doc, "authorization_endpoint"),
                token_endpoint=_url(doc, "token_endpoint"),
                jwks_uri=_url(doc, "jwks_uri"),
                userinfo_endpoint=_url(doc, "userinfo_endpoint", required=False),
                end_session_endpoint=_url(doc, "end_session_endpoint", required=False),
                algorithms=tuple(
                    a
                    for a in doc.get("id_token_signing_alg_values_supported") or ["RS256"]
                    if a in ASYMMETRIC
                ),
            )
        except (TypeError, ValueError) as exc:
            raise ProviderUnavailable(f"The provider's discovery document is not usable: {exc}") from exc
        # OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer we asked.
        if expected_issuer and issuer.rstrip("/") != expected_issuer.rstrip("/"):
            raise ProviderUnavailable("The provider's discovery document names another issuer")
        if not found.algorithms:
            raise ProviderUnavailable("The provider signs ID tokens with no algorithm Punchclock accepts")
        return found


def _url(doc: dict[str, Any], name: str, required: bool = True) -> Any:
    value = doc.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ValueError(f"{name} is missing or not an http(s) URL")
    return value


@dataclass
class Discovery:
    """The metadata and key set of one provider, shared by every request of the process."""

    discovery_url: str
    expected_issuer: str | None
    timeout: float
    _metadata: Metadata | None = None
    _metadata_at: float = 0.0
    _keys: dict[str, jwt.PyJWK] = field(default_factory=dict)
    _keys_at: float = 0.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @classmethod
    def for_settings(cls, issuer: str | None, discovery_url: str | None, timeout: float) -> Discovery:
        url = discovery_url or f"{(issuer or '').rstrip('/')}{WELL_KNOWN}"
        return cls(url, issuer, timeout)

    async def metadata(self) -> Metadata:
        if self._metadata is not None and time.monotonic() - self._metadata_at < METADATA_SECONDS:
            return self._metadata
        async with self._lock:
            if self._metadata is not None and time.monotonic() - self._metadata_at < METADATA_SECONDS:
                return self._metadata
            try:
                doc = await self.get_json(self.discovery_url)
            except ProviderUnavailable:
                if self._metadata is None:
                    raise
                return self._metadata  # stale, but better than no sign-in at all
            self._metadata = Metadata.parse(doc, self.expected_issuer)
            self._metadata_at = time.monotonic()
            return self._metadata

    async def key(self, kid: str | None) -> jwt.PyJWK:
        """The provider's signing key with this key id (the only key, when the token names none)."""
        fresh = time.monotonic() - self._keys_at
        if not self._keys or fresh > JWKS_SECONDS or (kid not in self._keys and fresh > JWKS_MIN_REFETCH):
            await self._load_keys()
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        found = self._keys.get(kid or "")
        if found is None:
            raise SignInFailed("The ID token is signed with a key the provider does not publish")
        return found

    async def _load_keys(self) -> None:
        async with self._lock:
            doc = await self.get_json((await self._metadata_unlocked()).jwks_uri)
            keys: dict[str, jwt.PyJWK] = {}
            entries = doc.get("keys")
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
                    continue
                try:
                    keys[str(entry.get("kid") or "")] = jwt.PyJWK(entry)
                except jwt.PyJWTError:
                    continue  # a key type or algorithm we cannot use; the provider may have others
            self._keys = keys
            self._keys_at = time.monotonic()

    async def _metadata_unlocked(self) -> Metadata:
        if self._metadata is None:
            self._metadata = Metadata.parse(await self.get_json(self.discovery_url), self.expected_issuer)
            self._metadata_at = time.monotonic()
        return self._metadata

    async def get_json(self, url: str) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                res = await client.get(url, headers={"Accept": "application/json"})
            res.raise_for_status()
            data = res.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable(
                f"The sign-in provider cannot be reached ({type(exc).__name__})"
            ) from exc
        if not isinstance(data, dict):
            raise ProviderUnavailable("The sign-in provider answered with something other than a JSON object")
        return data
