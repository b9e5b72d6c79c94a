"""Talking to the OpenID Connect provider: the authorization request, the code exchange, the ID
token's checks and the user info.

Notes:
The authorization code flow with PKCE (S256), ``state`` and ``nonce``. The ID token comes straight
from the token endpoint over TLS, yet it is still checked in full (OpenID Connect Core 3.1.3.7):
signature with the provider's published key and one of its algorithms; ``iss`` exactly the
provider's; ``aud`` holding our client id and, when it holds others too, ``azp`` being ours; ``exp``
and ``iat`` with ``LEEWAY`` seconds for clocks that differ; ``nonce`` the one this browser's flow
sent. Claims the ID token lacks (some providers put e-mail and groups in the user info only) are
taken from the user info endpoint, whose ``sub`` must be the token's.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from punchclock.config import Settings
from punchclock.sso.discovery import Discovery, Metadata
from punchclock.sso.errors import ProviderUnavailable, SignInFailed

LEEWAY = 60
# An ID token issued longer ago than this is refused even if not expired (a replayed old token).
MAX_AGE = 600


@dataclass(frozen=True)
class ClientConfig:
    client_id: str
    client_secret: str | None
    auth_method: str  # client_secret_basic or client_secret_post
    scopes: str
    timeout: float


@dataclass(frozen=True)
class Tokens:
    id_token: str
    claims: dict[str, Any]  # the ID token's, completed from the user info


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def scopes(configured: str) -> str:
    names = configured.replace(",", " ").split()
    return " ".join(["openid", *[n for n in dict.fromkeys(names) if n != "openid"]])


class OidcClient:
    def __init__(self, discovery: Discovery, config: ClientConfig) -> None:
        self.discovery = discovery
        self.config = config

    async def authorization_url(self, redirect_uri: str, state: str, nonce: str, challenge: str) -> str:
        meta = await self.discovery.metadata()
        query = {
            "response_type": "code",
            "client_id": self.config.client_id,
            "redirect_uri": redirect_uri,
            "scope": scopes(self.config.scopes),
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        sep = "&" if "?" in meta.authorization_endpoint else "?"
        return f"{meta.authorization_endpoint}{sep}{urlencode(query)}"

    async def sign_in(self, code: str, redirect_uri: str, verifier: str, nonce: str) -> Tokens:
        """Exchange the code, check the ID token, complete its claims from the user info."""
        meta = await self.discovery.metadata()
        answer = await self._token(meta, code, redirect_uri, verifier)
        id_token = answer.get("id_token")
        if not isinstance(id_token, str):
            raise SignInFailed("The provider sent no ID token")
        claims = await self.check_id_token(id_token, nonce)
        access = answer.get("access_token")
        if meta.userinfo_endpoint and isinstance(access, str):
            claims = {**await self._userinfo(meta.userinfo_endpoint, access, claims["sub"]), **claims}
        return Tokens(id_token, claims)

    async def _token(self, meta: Metadata, code: str, redirect_uri: str, verifier: str) -> dict[str, Any]:
        cfg = self.config
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        headers = {"Accept": "application/json"}
        if cfg.client_secret is None:
            form["client_id"] = cfg.client_id  # a public client: PKCE is its only proof
        elif cfg.auth_method == "client_secret_post":
            form |= {"client_id": cfg.client_id, "client_secret": cfg.client_secret}
        else:
            # RFC 6749 2.3.1: both parts form-encoded before they are joined for Basic.
            pair = f"{_form_encode(cfg.client_id)}:{_form_encode(cfg.client_secret)}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
        try:
            async with httpx.AsyncClient(timeout=cfg.timeout) as client:
                res = await client.post(meta.token_endpoint, data=form, headers=headers)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(
                f"The sign-in provider cannot be reached ({type(exc).__name__})"
            ) from exc
        if res.status_code >= 500:
            raise ProviderUnavailable(f"The sign-in provider's token endpoint answered {res.status_code}")
        try:
            body = res.json()
        except ValueError:
            body = None
        if res.status_code != 200 or not isinstance(body, dict):
            error = body.get("error") if isinstance(body, dict) else None
            raise SignInFailed(f"The provider refused the sign-in code ({error or res.status_code})")
        return body

    async def check_id_token(self, token: str, nonce: str) -> dict[str, Any]:
        meta = await self.discovery.metadata()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise SignInFailed("The ID token is not a JWT") from exc
        alg = header.get("alg")
        if alg not in meta.algorithms:
            raise SignInFailed(f"The ID token's algorithm {str(alg)[:20]!r} is not one the provider uses")
        key = await self.discovery.key(header.get("kid"))
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=[alg],
                audience=self.config.client_id,
                issuer=meta.issuer,
                leeway=LEEWAY,
                options={"require": ["iss", "sub", "aud", "exp", "iat"], "strict_aud": False},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SignInFailed("The ID token has expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise SignInFailed("The ID token is meant for another client") from exc
        except jwt.InvalidIssuerError as exc:
            raise SignInFailed("The ID token comes from another issuer") from exc
        except jwt.PyJWTError as exc:
            raise SignInFailed(f"The ID token is not valid ({type(exc).__name__})") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.config.client_id:
            raise SignInFailed("The ID token is meant for several clients and not issued to this one")
        if "azp" in claims and claims["azp"] != self.config.client_id:
            raise SignInFailed("The ID token was issued to another client")
        if not isinstance(claims.get("iat"), int | float) or claims["iat"] < time.time() - MAX_AGE - LEEWAY:
            raise SignInFailed("The ID token was issued too long ago")
        if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(claims["nonce"], nonce):
            raise SignInFailed("The ID token's nonce is not this sign-in's")
        if not isinstance(claims["sub"], str) or not claims["sub"] or len(claims["sub"]) > 255:
            raise SignInFailed("The ID token's subject is not usable")
        return claims

    async def _userinfo(self, url: str, access_token: str, subject: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
        try:
            async with httpx.AsyncClient(timeout=self.config.timeout) as client:
                res = await client.get(url, headers=headers)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(
                f"The sign-in provider cannot be reached ({type(exc).__name__})"
            ) from exc
        # A failing provider must not look like one that sends no groups (that would demote people).
        if res.status_code >= 500:
            raise ProviderUnavailable(f"The sign-in provider's user info answered {res.status_code}")
        try:
            data = res.json() if res.status_code == 200 else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return {}  # signed user info, or none for this token: the ID token's claims are all there is
        if data.get("sub") != subject:
            raise SignInFailed("The provider's user info is about someone else")
        return data

    async def end_session_url(self, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
        """Where the browser goes to sign out at the provider too (RP-initiated logout), if it can."""
        meta = await self.discovery.metadata()
        if not meta.end_session_endpoint:
            return None
        query = {"client_id": self.config.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        if id_token:
            query["id_token_hint"] = id_token
        sep = "&" if "?" in meta.end_session_endpoint else "?"
        return f"{meta.end_session_endpoint}{sep}{urlencode(query)}"


def _form_encode(value: str) -> str:
    return urlencode({"": value})[1:]


def from_settings(settings: Settings) -> OidcClient | None:
    """The provider's client, or None when single sign-on is not configured."""
    if not settings.oidc_enabled or settings.oidc_client_id is None:
        return None
    discovery = Discovery.for_settings(
        settings.oidc_issuer, settings.oidc_discovery_url, settings.oidc_timeout_seconds
    )
    config = ClientConfig(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret or None,
        auth_method=settings.oidc_token_auth_method,
        scopes=settings.oidc_scopes,
        timeout=settings.oidc_timeout_seconds,
    )
    return OidcClient(discovery, config)
