"""Where webhooks may go, without a network: addresses and URL shapes."""

from __future__ import annotations

import ipaddress

import pytest

from punchclock.webhook import guard


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "::1", "fe80::1",
     "fc00::1", "::ffff:127.0.0.1", "0.0.0.0", "100.64.0.1", "192.0.2.10", "224.0.0.1"],
)  # fmt: skip
def test_private_and_reserved_addresses_are_refused(address):
    with pytest.raises(guard.Refused):
        guard.check_address(address, allow_private=False)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1"])
def test_public_addresses_pass(address):
    guard.check_address(address, allow_private=False)


def test_allowing_private_still_refuses_non_host_addresses():
    guard.check_address("127.0.0.1", allow_private=True)
    with pytest.raises(guard.Refused):
        guard.check_address("0.0.0.0", allow_private=True)


def test_names_are_resolved_and_every_address_checked():
    target = guard.parse("http://localhost:8080/x?y=1")
    assert (target.host, target.port, target.path) == ("localhost", 8080, "/x?y=1")
    with pytest.raises(guard.Refused):
        guard.resolve(target, allow_private=False)
    assert guard.resolve(target, allow_private=True) in ("127.0.0.1", "::1")
    with pytest.raises(guard.Refused, match="cannot resolve"):
        guard.resolve(guard.parse("https://hooks.invalid/"), allow_private=False)


@pytest.mark.parametrize(
    "address",
    ["::127.0.0.1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "64:ff9b::7f00:1", "64:ff9b::a00:1",
     "64:ff9b:1::7f00:1", "64:ff9b:1:7f00:1::", "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:101::",
     "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::7f00:1"],
)  # fmt: skip
def test_ipv6_forms_that_carry_a_private_ipv4_address_are_refused(address):
    with pytest.raises(guard.Refused):
        guard.check_address(address, allow_private=False)
    with pytest.raises(guard.Refused):
        guard.check_url(f"http://[{address}]:8080/hook", allow_private=False)


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "::ffff:1.1.1.1"])
def test_ipv6_forms_that_carry_a_public_ipv4_address_pass(address):
    guard.check_address(address, allow_private=False)


def test_embedded_addresses_are_found():
    def found(address: str) -> list[str]:
        return [str(ip) for ip in guard.embedded_ipv4(ipaddress.IPv6Address(address))]

    assert found("::127.0.0.1") == ["127.0.0.1"]
    assert found("64:ff9b::7f00:1") == ["127.0.0.1"]
    assert found("2002:7f00:1::") == ["127.0.0.1"]
    assert found("::ffff:10.0.0.1") == ["10.0.0.1"]
    assert found("2606:2800:220:1:248:1893:25c8:1946") == []
