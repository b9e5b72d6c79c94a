"""Where webhooks may go: http(s) URLs whose addresses are public unless configured otherwise.

Notes:
A webhook URL is chosen by a user, so without this check it is a way into the server's own network
(server-side request forgery): http://127.0.0.1:6379, the cloud metadata address 169.254.169.254,
a database on 10.x. The name is resolved at send time and every address it resolves to is checked;
the request then goes to the checked address (with the original Host header and TLS server name),
so a DNS answer that changes between check and connect (rebinding) cannot redirect it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000


class Refused(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


def parse(url: str) -> Target:
    if len(url) > MAX_URL_LENGTH:
        raise Refused("the URL is too long")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(f"not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise Refused("only http and https URLs are allowed")
    if not parts.hostname:
        raise Refused("the URL has no host")
    if parts.username or parts.password:
        raise Refused("credentials in the URL are not allowed; use the signature to authenticate")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path)


def check_address(address: str, allow_private: bool) -> None:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if allow_private:
        if ip.is_multicast or ip.is_unspecified:
            raise Refused(f"{ip} is not a host address")
        return
    if not ip.is_global or ip.is_multicast:
        raise Refused(f"{ip} is a loopback, private, link-local or reserved address")


def check_url(url: str, allow_private: bool) -> Target:
    """Checks that need no DNS: scheme, shape, and a literal address or 'localhost'."""
    target = parse(url)
    try:
        check_address(target.host, allow_private)
    except ValueError as exc:
        if isinstance(exc, Refused):
            raise
        if not allow_private and target.host.lower().rstrip(".").endswith("localhost"):
            raise Refused("localhost is not allowed") from None
    return target


def resolve(target: Target, allow_private: bool) -> str:
    """The address to connect to, after checking every address the host resolves to."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise Refused(f"cannot resolve {target.host}: {exc}") from exc
    addresses = sorted({str(info[4][0]) for info in infos})
    if not addresses:
        raise Refused(f"{target.host} has no address")
    for address in addresses:
        check_address(address, allow_private)
    return addresses[0]
