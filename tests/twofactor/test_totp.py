"""RFC 6238 and RFC 4226 by their own test vectors, the ±1 step window, single use, and the otpauth URI."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from punchclock.twofactor import qr, totp

# RFC 6238, appendix B: the seeds are ASCII digits, one length per hash; 8-digit codes.
SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
# RFC 4226, appendix D: HOTP of counters 0-9 with the SHA-1 seed, 6 digits.
RFC4226 = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
SECRET = base64.b32encode(SEEDS["sha1"]).decode()  # GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ


@pytest.mark.parametrize(("time", "sha1", "sha256", "sha512"), RFC6238)
def test_rfc6238_vectors(time: int, sha1: str, sha256: str, sha512: str) -> None:
    step = totp.step_at(time)
    for digest, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        assert totp.hotp(SEEDS[digest], step, digits=8, digest=digest) == expected


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(RFC4226)))
def test_rfc4226_vectors(counter: int, expected: str) -> None:
    assert totp.hotp(SEEDS["sha1"], counter) == expected


def test_the_six_digit_code_is_the_tail_of_the_eight_digit_one() -> None:
    assert totp.code_at(SECRET, totp.step_at(59)) == "287082"
    assert totp.code_at(SECRET, totp.step_at(1111111109)) == "081804"  # leading zero kept


def test_a_code_matches_its_step_and_one_either_side() -> None:
    now = 1111111111.0
    step = totp.step_at(now)
    for offset in (-1, 0, 1):
        assert totp.matching_step(SECRET, totp.code_at(SECRET, step + offset), now) == step + offset
    for offset in (-3, -2, 2, 3):
        assert totp.matching_step(SECRET, totp.code_at(SECRET, step + offset), now) is None


def test_a_step_up_to_the_last_used_one_is_refused() -> None:
    now = 1111111111.0
    step = totp.step_at(now)
    code = totp.code_at(SECRET, step)
    assert totp.matching_step(SECRET, code, now, after=step - 1) == step
    assert totp.matching_step(SECRET, code, now, after=step) is None
    assert totp.matching_step(SECRET, totp.code_at(SECRET, step - 1), now, after=step - 1) is None
    assert totp.matching_step(SECRET, totp.code_at(SECRET, step + 1), now, after=step) == step + 1


@pytest.mark.parametrize(
    "code", ["", "12345", "1234567", "12345a", "\uff11\uff12\uff13\uff14\uff15\uff16", " 123456"]
)
def test_malformed_codes_match_nothing(code: str) -> None:
    assert totp.matching_step(SECRET, code, 59.0) is None


def test_typed_codes_lose_their_spaces_and_dashes() -> None:
    assert totp.normalize(" 287 082 ") == "287082"
    assert totp.normalize("abcde-fghij") == "abcdefghij"


def test_new_secrets_are_160_random_bits_in_base32() -> None:
    secrets = {totp.new_secret() for _ in range(50)}
    assert len(secrets) == 50
    for secret in secrets:
        assert len(secret) == 32
        assert secret.isupper()
        assert len(totp.key_of(secret)) == 20
        assert len(totp.key_of(secret.lower())) == 20  # as typed by hand


def test_the_uri_is_what_authenticator_apps_read() -> None:
    link = totp.uri(SECRET, "ann o'neil@example.com", "Punchclock")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert parts.path == "/Punchclock:ann%20o%27neil@example.com"
    assert parse_qs(parts.query) == {
        "secret": [SECRET],
        "issuer": ["Punchclock"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }


def test_the_qr_code_is_a_self_contained_svg() -> None:
    svg = qr.svg(totp.uri(SECRET, "ann", "Punchclock"))
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "viewBox=" in svg
    assert "href" not in svg
    assert "<script" not in svg  # nothing to fetch, nothing to run
