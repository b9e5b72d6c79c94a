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


# IPv6 forms that carry an IPv4 address a translator or tunnel may deliver to: the IPv4-compatible
# ::a.b.c.d (deprecated, but some stacks still connect to a.b.c.d) and NAT64's well-known prefix
# (RFC 6052). IPv4-mapped, 6to4 and Teredo have properties of their own on IPv6Address.
_LAST_32_BITS = (ipaddress.ip_network("::/96"), ipaddress.ip_network("64:ff9b::/96"))
# NAT64's local-use prefix (RFC 8215) puts the IPv4 address at a place only its network knows.
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address stands for (mapped, compatible, NAT64, 6to4, Teredo)."""
    found = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if any(ip in network for network in _LAST_32_BITS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)  # the relay server and the client behind it
    return found


def _check_one(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool, shown: str) -> None:
    if allow_private:
        if ip.is_multicast or ip.is_unspecified:
            raise Refused(f"{shown} is not a host address")
        return
    if not ip.is_global or ip.is_multicast:
        raise Refused(f"{shown} is a loopback, private, link-local or reserved address")


def check_address(address: str, allow_private: bool) -> None:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv4Address):
        _check_one(ip, allow_private, str(ip))
        return
    mapped = ip.ipv4_mapped
    if mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d, whatever IPv6 says of ::ffff:0:0/96
        _check_one(mapped, allow_private, str(mapped))
        return
    _check_one(ip, allow_private, str(ip))
    if ip in _LOCAL_NAT64 and not allow_private:
        raise Refused(f"{ip} is in a local-use NAT64 prefix")
    for inner in embedded_ipv4(ip):
        _check_one(inner, allow_private, f"{ip} (which carries {inner})")


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
