"""Validation of what TimeTagger clients send: pushed records and settings, and query parameters.

Notes:
TimeTagger parses numbers with ``int()`` (so "3" and true pass) and checks no range or order.
Here each item is checked on its own and a failure names the field, keeping the protocol's
per-item ``accepted``/``failed``/``errors`` answer. Times may be JSON integers or finite floats
(truncated, as TimeTagger does); strings, booleans, NaN and infinities are refused.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

from punchclock.errors import BadRequest, PayloadTooLarge
from punchclock.kit.timeutil import MAX_TS, MIN_TS
from punchclock.kit.types import has_nul
from punchclock.sync.ds import is_hidden

MAX_ITEMS = 10_000
MAX_KEY = 64
MAX_DS = 4096
MAX_SETTING_JSON = 8192
FALSY = ("false", "off", "no", "n", "0")
_RANGE = re.compile(r"^\s*(\d{1,20}(?:\.\d*)?)\s*-\s*(\d{1,20}(?:\.\d*)?)\s*$")
_MAX_QUERY_NUMBER = 2**53


class ItemError(ValueError):
    """One pushed item is invalid; the others still count."""


class RecordIn(NamedTuple):
    # A NamedTuple rather than a frozen dataclass: as immutable, and made five times faster
    # (a push parses up to 10,000 of them).
    key: str
    t1: int
    t2: int
    ds: str
    mt: float

    @property
    def hidden(self) -> bool:
        return is_hidden(self.ds)

    @property
    def running(self) -> bool:
        return self.t1 == self.t2 and not self.hidden


@dataclass(frozen=True, slots=True)
class SettingIn:
    key: str
    value: str  # JSON text
    mt: float


def item_key(item: Any) -> str | None:
    """The key to report a failure under, or None when the item has no usable key at all."""
    if isinstance(item, dict) and isinstance(item.get("key"), str):
        return item["key"]
    return None


def storable_key(key: str) -> bool:
    """Whether a key (of an item that failed for another reason) could name a stored item."""
    try:
        _text(key, "key", MAX_KEY, empty=False)
    except ItemError:
        return False
    return True


def _text(value: Any, name: str, limit: int, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise ItemError(f"{name} must be a string")
    if not value and not empty:
        raise ItemError(f"{name} may not be empty")
    if len(value) > limit:
        raise ItemError(f"{name} may be at most {limit} characters")
    if "\x00" in value:
        raise ItemError(f"{name} may not contain NUL characters")
    if not value.isascii():  # only text beyond ASCII can hold a lone surrogate
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ItemError(f"{name} is not valid Unicode text") from exc
    return value


def _number(value: Any, name: str) -> float:
    kind = type(value)  # JSON's numbers first: exact types, no subclass checks
    if kind is float and math.isfinite(value):
        return float(value)
    if kind is int:
        return float(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ItemError(f"{name} must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ItemError(f"{name} must be a finite number")
    return float(value)


def _mt(value: Any) -> float:
    # TimeTagger's server keeps mt as a whole number (its record spec applies int()), so two
    # pushes within one second compare as equal, and the later one wins; so does Punchclock.
    return float(int(_number(value, "mt")))


def _time(value: Any, name: str) -> int:
    number = _number(value, name)
    if not MIN_TS <= number < MAX_TS:
        raise ItemError(f"{name} must be between 1970 and 2100 (Unix seconds)")
    return int(number)


def _required(item: dict[str, Any], fields: tuple[str, ...], what: str) -> None:
    missing = [f for f in fields if f not in item]
    if missing:
        raise ItemError(f"a {what} needs {', '.join(missing)}")


def record_in(item: Any) -> RecordIn:
    if not isinstance(item, dict):
        raise ItemError("a record must be an object")
    _required(item, ("key", "mt", "t1", "t2"), "record")
    key = _text(item["key"], "key", MAX_KEY, empty=False)
    t1, t2 = _time(item["t1"], "t1"), _time(item["t2"], "t2")
    if t1 > t2:
        raise ItemError("t1 must not be after t2")
    ds = _text(item.get("ds", ""), "ds", MAX_DS)
    return RecordIn(key, t1, t2, ds, _mt(item["mt"]))


def setting_in(item: Any) -> SettingIn:
    if not isinstance(item, dict):
        raise ItemError("a setting must be an object")
    _required(item, ("key", "mt", "value"), "setting")
    key = _text(item["key"], "key", MAX_KEY, empty=False)
    if has_nul(item["value"]):
        # Stored as JSON text it would survive (escaped), but no other text input may hold NUL.
        raise ItemError("value may not contain NUL characters")
    try:
        value = orjson.dumps(item["value"]).decode()
    except orjson.JSONEncodeError as exc:
        raise ItemError("value is not valid JSON") from exc
    if len(value.encode()) > MAX_SETTING_JSON:
        raise ItemError(f"value may be at most {MAX_SETTING_JSON} bytes as JSON")
    return SettingIn(key, value, _mt(item["mt"]))


# Request bodies and query parameters


def parse_items(body: bytes, what: str) -> list[Any]:
    """A PUT body: a JSON list of at most MAX_ITEMS items."""
    try:
        items = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from exc
    if not isinstance(items, list):
        raise BadRequest(f"the body must be a JSON list of {what}")
    if len(items) > MAX_ITEMS:
        raise PayloadTooLarge(f"at most {MAX_ITEMS} {what} per request; send them in batches")
    return items


def parse_since(text: str | None) -> float:
    if text is None or not text.strip():
        raise BadRequest("/updates needs since")
    try:
        since = float(text) if len(text) <= 64 else math.nan
    except ValueError:
        since = math.nan
    if not math.isfinite(since):
        raise BadRequest("since must be a finite number (a server_time)")
    return since


def parse_timerange(text: str | None) -> tuple[int, int]:
    """``t1-t2`` (Unix seconds, t1 <= t2) for records overlapping that range."""
    if text is None or not text.strip():
        raise BadRequest("/records needs timerange (2 timestamps)")
    match = _RANGE.match(text)
    if not match:
        raise BadRequest("timerange must be two non-negative numbers, t1-t2")
    t1, t2 = (min(int(float(g)), _MAX_QUERY_NUMBER) for g in match.groups())
    if t1 > t2:
        raise BadRequest("timerange must not end before it starts")
    return t1, t2


def parse_flag(text: str | None) -> bool | None:
    """TimeTagger's optional flags: absent or empty -> None; false/off/no/n/0 -> False; else True."""
    value = (text or "").strip().lower()
    if not value:
        return None
    return value not in FALSY


def parse_tag_filter(text: str | None) -> list[str]:
    """``tag=a,#b`` -> ["a", "b"]: every listed tag is required."""
    parts = (text or "").replace("#", "").split(",")
    return [p.strip().lower() for p in parts if p.strip()]


def decode_bootstrap(body: bytes) -> dict[str, Any]:
    """The base64-encoded JSON object of bootstrap_authentication (400 when it is not one)."""
    try:
        raw = base64.b64decode(body.strip(), validate=True)
    except (binascii.Error, ValueError):
        try:
            raw = base64.urlsafe_b64decode(body.strip())
        except (binascii.Error, ValueError) as exc:
            raise BadRequest("the body must be base64-encoded JSON") from exc
    try:
        info = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest("the body must be base64-encoded JSON") from exc
    if not isinstance(info, dict):
        raise BadRequest("the body must encode a JSON object")
    return info
