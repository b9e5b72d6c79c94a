"""One Settings class: CLI flags, ``PUNCHCLOCK_*`` environment variables and a ``.env`` file.

Precedence, highest first: explicit CLI flags, environment variables, ``.env`` in the working
directory, the defaults below. Every field carries a description, and a test checks that the README
documents each one.
"""

from __future__ import annotations

import os
import secrets
import sys
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The per-user data folder: XDG on Linux, Application Support on macOS, APPDATA on Windows."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "punchclock"


def trusted_networks(text: str) -> list[IPv4Network | IPv6Network]:
    """``"127.0.0.1, 10.0.0.0/8"`` to networks; a bare address is a network of one."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    return [ip_network(p, strict=False) for p in parts]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PUNCHCLOCK_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8080, ge=1, le=65535, description="TCP port the server listens on.")
    workers: int = Field(1, ge=1, le=64, description="Worker processes for `punchclock serve`.")
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder for the SQLite database and the generated server secret.",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db. "
        "Default: sqlite:///<data_dir>/punchclock.db.",
    )
    secret_key: str | None = Field(
        None,
        description="Secret that signs web tokens. Default: generated on first start and kept in "
        "<data_dir>/secret.key. Several instances must share one.",
    )
    redis_url: str | None = Field(
        None, description="redis://host:port/db; shares rate limits between several instances."
    )
    redis_timeout_seconds: float = Field(
        0.5,
        gt=0,
        le=30,
        description="Connect and command timeout for Redis. While Redis is unreachable, rate limits and the "
        "login throttle count per process and live updates reach only this process's sockets.",
    )
    admin_password: str | None = Field(
        None,
        description="When no account exists at start, create an `admin` account with this password.",
    )
    web_token_ttl_seconds: int = Field(
        12 * 3600, ge=60, description="Lifetime of a web (browser) session from /api/v1/auth/session."
    )
    device_token_days: int = Field(
        90,
        ge=0,
        le=3650,
        description="Lifetime in days of the API token a device gets from a password sign-in "
        "(/api/v1/auth/login, TimeTracker's desktop app and extension); 0: until revoked or signed out.",
    )
    rate_limit_per_minute: int = Field(100, ge=1, description="Requests per minute per API token.")
    rate_limit_per_hour: int = Field(1000, ge=1, description="Requests per hour per API token.")
    web_rate_limit_per_minute: int = Field(
        600,
        ge=1,
        description="Requests per minute per signed-in person (the web app, TimeTagger's apps): an app "
        "fires bursts as someone pages through weeks, which a script's budget would refuse.",
    )
    web_rate_limit_per_hour: int = Field(
        10000, ge=1, description="Requests per hour per signed-in person (see web_rate_limit_per_minute)."
    )
    login_max_failures: int = Field(
        10,
        ge=1,
        description="Failed logins for one account from one client address before that pair is throttled "
        "(the only count a known device answers to).",
    )
    login_max_failures_per_address: int = Field(
        50,
        ge=1,
        description="Failed logins from one client address, over all accounts, before it is throttled.",
    )
    login_max_failures_per_account: int = Field(
        100,
        ge=1,
        description="Failed logins for one account, from all addresses, before unknown devices are throttled "
        "for it (browsers and addresses that signed in to it before are not).",
    )
    login_window_seconds: int = Field(900, ge=1, description="Window over which failed logins are counted.")
    auth_cache_seconds: float = Field(
        2.0,
        ge=0,
        le=300,
        description="How long a verified token is cached per process; 0 disables. Revocations clear "
        "the cache of the instance that made them at once; other instances follow within this time.",
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1024, description="Largest request body accepted; larger ones get 413."
    )
    sync_max_body_bytes: int = Field(
        16 * 1024 * 1024,
        ge=1024,
        description="Largest request body on the TimeTagger sync API (/timetagger/), which takes "
        "up to 10,000 records per PUT; larger ones get 413.",
    )
    import_max_body_bytes: int = Field(
        32 * 1024 * 1024,
        ge=1024,
        description="Largest file accepted by POST /api/v1/imports (a whole Toggl, Clockify, Kimai, "
        "TimeTagger or Punchclock export); larger ones get 413.",
    )
    timetagger_localhost_auth: bool = Field(
        False,
        description="TimeTagger sign-in method 'localhost': a request from this machine signs in as "
        "the account named defaultuser, without a password.",
    )
    timetagger_proxy_auth: bool = Field(
        False,
        description="TimeTagger sign-in method 'proxy': a trusted reverse proxy names the account in "
        "a header (see timetagger_proxy_header and timetagger_trusted_proxies).",
    )
    timetagger_proxy_header: str = Field(
        "X-Remote-User", description="The header in which a trusted proxy names the signed-in account."
    )
    forward_auth: bool = Field(
        False,
        description="Forward-auth sign-in for the web app and the REST API: a trusted reverse proxy "
        "(Authelia, Authentik, oauth2-proxy) names the signed-in account in forward_auth_header. Only "
        "requests whose direct peer is one of timetagger_trusted_proxies (default trusted_proxies) count.",
    )
    forward_auth_header: str = Field(
        "Remote-User", description="The header in which the forward-auth proxy names the account."
    )
    forward_auth_email_header: str = Field(
        "Remote-Email", description="The header carrying the account's e-mail (kept on accounts it creates)."
    )
    forward_auth_create_users: bool = Field(
        False,
        description="Create an account (role member) the first time the forward-auth proxy names an "
        "unknown user. Off: unknown users are refused.",
    )
    forward_auth_logout_url: str | None = Field(
        None,
        description="Where the web app's Sign out goes under forward-auth (the proxy's own logout page, "
        "such as https://auth.example.com/logout); the proxy, not Punchclock, ends that sign-in.",
    )
    timetagger_trusted_proxies: str | None = Field(
        None,
        description="Comma-separated addresses or networks (CIDR) of the proxies trusted to name the account "
        "for proxy sign-in; default: trusted_proxies.",
    )
    ws_heartbeat_seconds: float = Field(
        25.0,
        gt=0,
        le=3600,
        description="How often live-update sockets get a ping and have their token re-checked.",
    )
    ws_max_lifetime_seconds: float = Field(
        3600.0,
        gt=0,
        description="A live-update socket is closed (code 4000) after about this long; clients reconnect.",
    )
    ws_queue_limit: int = Field(
        256,
        ge=1,
        le=100_000,
        description="Messages waiting for one socket before it counts as a slow consumer (closed, 4008).",
    )
    webhook_sender: bool = Field(
        True, description="Run the webhook sender in this process (every instance may; they share the work)."
    )
    webhook_allow_private: bool = Field(
        False,
        description="Allow webhook URLs that resolve to loopback, private, link-local or reserved addresses "
        "(off: such deliveries are refused, against server-side request forgery).",
    )
    webhook_timeout_seconds: float = Field(10.0, gt=0, le=120, description="Timeout of one webhook delivery.")
    webhook_max_attempts: int = Field(
        8, ge=1, le=50, description="Attempts per webhook delivery before it is failed."
    )
    webhook_retry_seconds: float = Field(
        30.0,
        gt=0,
        description="First retry delay of a failed delivery; it doubles per attempt (capped at 6 h).",
    )
    webhook_disable_after: int = Field(
        10, ge=1, description="Failed deliveries in a row after which a webhook is disabled."
    )
    webhook_poll_seconds: float = Field(
        5.0,
        gt=0,
        description="How often the sender looks for due deliveries besides being woken by new ones.",
    )
    jobs: bool = Field(
        True,
        description="Run the background jobs (reminders) in this process; every instance may, each job runs "
        "on one instance at a time (its lease in job_leases).",
    )
    jobs_poll_seconds: float = Field(
        60.0,
        gt=0,
        le=3600,
        description="How often the background jobs run (each job whose lease this process wins).",
    )
    db_pool_size: int = Field(10, ge=1, description="Database connections kept open per process.")
    db_connect_timeout_seconds: float = Field(
        5.0, gt=0, le=300, description="Timeout for opening a PostgreSQL connection."
    )
    db_statement_timeout_seconds: float = Field(
        10.0,
        gt=0,
        le=3600,
        description="Longest database statement, and longest wait inside a transaction, on PostgreSQL; a "
        "request whose database work takes longer answers 503 and its transaction is rolled back.",
    )
    db_pool_timeout_seconds: float = Field(
        5.0, gt=0, le=300, description="Longest wait for a free pooled database connection before 503."
    )
    sqlite_cache_kib: int = Field(
        256,
        ge=16,
        le=1_048_576,
        description="SQLite's page cache per database connection, in KiB (SQLite's own default is 2000); "
        "the file stays in the OS page cache either way.",
    )
    cors_origins: str | None = Field(
        None,
        description="Comma-separated origins (https://dash.example.com) whose pages may call the API from "
        "a browser, or * for any; unset (the default): none, the API is same-origin. Credentials travel in "
        "headers, never cookies, so none are allowed cross-origin.",
    )
    public_url: str | None = Field(
        None,
        description="The address users reach Punchclock at (https://time.example.com, or with a path prefix "
        "https://example.com/time): links in e-mails and the single sign-on redirect address are built on "
        "it. Unset: taken from each request (its Host and the trusted proxy's X-Forwarded-* headers).",
    )
    smtp_host: str | None = Field(
        None,
        description="SMTP server that sends e-mail (password reset and invitation links). Unset: no e-mail; "
        "those features answer 409 mail_not_configured and the web app hides them.",
    )
    smtp_port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="SMTP port. Default: 587 with starttls, 465 with tls, 25 with none.",
    )
    smtp_username: str | None = Field(None, description="SMTP user name, when the server wants a login.")
    smtp_password: str | None = Field(None, description="SMTP password, with smtp_username.")
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        "starttls",
        description="starttls (upgrade a plain connection, usually port 587), tls (TLS from the start, "
        "usually 465) or none (plain text; only for a relay on the same host or network).",
    )
    smtp_from: str | None = Field(
        None,
        description="The From address of outgoing mail, e.g. `Punchclock <time@example.com>`; required "
        "with smtp_host.",
    )
    smtp_timeout_seconds: float = Field(
        10.0, gt=0, le=120, description="Timeout for connecting to the SMTP server and for each command."
    )
    password_reset_ttl_minutes: int = Field(
        60, ge=5, le=24 * 60, description="How long a password reset link stays usable (it works once)."
    )
    invitation_ttl_days: int = Field(
        7, ge=1, le=90, description="How long an invitation link stays usable (it works once)."
    )
    password_reset_per_account: int = Field(
        3,
        ge=1,
        le=1000,
        description="Password reset requests per hour for one account name or address (e-mail sent at most "
        "this often to one mailbox).",
    )
    password_reset_per_address: int = Field(
        10, ge=1, le=10_000, description="Password reset requests per hour from one client address."
    )
    trusted_proxies: str = Field(
        "127.0.0.1,::1",
        description="Comma-separated addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For "
        "and X-Forwarded-Proto are believed: the client address in logs, the login throttle and sign-in "
        "methods comes from there. Empty: trust no proxy.",
    )
    oidc_issuer: str | None = Field(
        None,
        description="Single sign-on: the OpenID Connect provider's issuer "
        "(https://id.example.com/realms/main); its discovery document is read from "
        "<issuer>/.well-known/openid-configuration. Single sign-on is on when this (or "
        "oidc_discovery_url) and oidc_client_id are set.",
    )
    oidc_discovery_url: str | None = Field(
        None,
        description="Single sign-on: the provider's discovery document, when it is not at the issuer's "
        "well-known address; its issuer must match oidc_issuer when both are set.",
    )
    oidc_client_id: str | None = Field(
        None, description="Single sign-on: the client id registered at the provider."
    )
    oidc_client_secret: str | None = Field(
        None, description="Single sign-on: the client secret registered at the provider."
    )
    oidc_token_auth_method: str = Field(
        "client_secret_basic",
        description="How Punchclock authenticates at the provider's token endpoint: client_secret_basic "
        "(HTTP Basic) or client_secret_post (in the form body).",
    )
    oidc_scopes: str = Field(
        "openid email profile",
        description="Scopes asked for (space-separated; openid is always included). Add the scope that "
        "releases oidc_role_claim if the provider needs one (e.g. groups).",
    )
    oidc_create_users: bool = Field(
        False,
        description="Create an account (with oidc_default_role) the first time someone signs in with single "
        "sign-on. Off: only accounts an administrator linked (`punchclock user link-sso`) may sign in. "
        "A new account is never joined to an existing one, whatever its name or e-mail address.",
    )
    oidc_default_role: str = Field(
        "member", description="Role of accounts made by single sign-on, and of anyone no group maps to."
    )
    oidc_role_claim: str | None = Field(
        None,
        description="Claim (e.g. groups) whose values set the role on every single sign-on: admin for "
        "a value in oidc_admin_groups, else manager for one in oidc_manager_groups, else oidc_default_role. "
        "Unset: roles are managed in Punchclock.",
    )
    oidc_admin_groups: str | None = Field(
        None, description="Comma-separated values of oidc_role_claim that make an administrator."
    )
    oidc_manager_groups: str | None = Field(
        None, description="Comma-separated values of oidc_role_claim that make a manager."
    )
    oidc_username_claim: str = Field(
        "preferred_username",
        description="Claim a new account's username comes from (then the e-mail address); a name already "
        "taken gets a number added.",
    )
    oidc_button_label: str = Field(
        "single sign-on", description='The sign-in page\'s button reads "Sign in with <label>".'
    )
    oidc_timeout_seconds: float = Field(
        10.0,
        gt=0,
        le=120,
        description="Timeout of each request to the provider; a provider that does not "
        "answer makes single sign-on answer 503 oidc_unavailable.",
    )
    password_signin: bool = Field(
        True,
        description="Password sign-in (the web app, devices, TimeTagger clients). Off: only single sign-on, "
        "and the password_signin_admin account.",
    )
    password_signin_admin: str | None = Field(
        None,
        description="With password_signin off, the one account (an administrator's) that may still sign in "
        'with its password: the way in when the provider is down ("Administrator sign-in" on the page).',
    )
    max_header_bytes: int = Field(
        65536, ge=4096, le=16 * 1024 * 1024, description="Largest request line plus headers; larger get 431."
    )
    max_headers: int = Field(100, ge=10, le=10_000, description="Most header fields in one request (431).")
    worker_boot_timeout_seconds: int = Field(
        60,
        ge=5,
        le=3600,
        description="How long a worker process of `serve --workers N` may take to start, and to answer the "
        "supervisor's health check, before it is restarted.",
    )
    shutdown_timeout_seconds: int = Field(
        30,
        ge=1,
        le=3600,
        description="On SIGTERM, how long requests in flight may take to finish before the process exits.",
    )
    metrics_token: str | None = Field(
        None,
        description="Bearer token that Prometheus must send to GET /metrics. Unset: /metrics answers 404 "
        "and no metrics are kept.",
    )
    log_format: str = Field("json", description="json (one JSON object per line) or text.")
    access_log: bool = Field(True, description="Write one structured (JSON) log line per request.")
    log_level: str = Field("info", description="Log level: debug, info, warning or error.")
    opentelemetry: bool = Field(
        False,
        description="FastAPI's OpenTelemetry spans and metrics per request, for an OpenTelemetry SDK "
        "configured in the process (opentelemetry-instrument).",
    )

    @field_validator("public_url")
    @classmethod
    def _check_public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")) or "?" in value or "#" in value:
            raise ValueError("public_url must be an http(s) address without query or fragment")
        return value

    @field_validator("oidc_issuer", "oidc_discovery_url")
    @classmethod
    def _check_oidc_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError("the OpenID Connect issuer and discovery URL are http(s) addresses")
        return value

    @field_validator("oidc_default_role")
    @classmethod
    def _check_oidc_role(cls, value: str) -> str:
        if value not in ("admin", "manager", "member"):
            raise ValueError("oidc_default_role is admin, manager or member")
        return value

    @field_validator("oidc_token_auth_method")
    @classmethod
    def _check_oidc_auth(cls, value: str) -> str:
        if value not in ("client_secret_basic", "client_secret_post"):
            raise ValueError("oidc_token_auth_method is client_secret_basic or client_secret_post")
        return value

    @property
    def oidc_enabled(self) -> bool:
        return bool((self.oidc_issuer or self.oidc_discovery_url) and self.oidc_client_id)

    @field_validator("timetagger_trusted_proxies", "trusted_proxies")
    @classmethod
    def _networks(cls, value: str | None) -> str | None:
        if value is not None:
            trusted_networks(value)  # raises ValueError for a bad entry
        return value

    @model_validator(mode="after")
    def _smtp_from_with_host(self) -> Settings:
        if self.smtp_host and not self.smtp_from:
            raise ValueError("smtp_from is required when smtp_host is set")
        return self

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value not in ("json", "text"):
            raise ValueError("log_format is json or text")
        return value

    @property
    def forwarding_proxy_networks(self) -> list[IPv4Network | IPv6Network]:
        """Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed."""
        return trusted_networks(self.trusted_proxies)

    @property
    def trusted_proxy_networks(self) -> list[IPv4Network | IPv6Network]:
        """Proxies trusted to name the signed-in account (TimeTagger proxy sign-in)."""
        if self.timetagger_trusted_proxies is None:
            return self.forwarding_proxy_networks
        return trusted_networks(self.timetagger_trusted_proxies)

    @field_validator("data_dir", mode="before")
    @classmethod
    def _expand(cls, value: object) -> object:
        return Path(value).expanduser() if isinstance(value, str | Path) else value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'punchclock.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    def ensure_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)

    def resolved_secret(self) -> str:
        """The configured secret, or the one kept in the data folder (created on first use)."""
        if self.secret_key:
            return self.secret_key
        self.ensure_data_dir()
        path = self.data_dir / "secret.key"
        if path.exists():
            return path.read_text().strip()
        secret = secrets.token_urlsafe(48)
        # Create with owner-only permissions; O_EXCL makes two racing first starts agree.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as fh:
            fh.write(secret + "\n")
        return secret
