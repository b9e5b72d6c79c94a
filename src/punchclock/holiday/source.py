"""Public holidays from the ``holidays`` package (PyPI, MIT): rules as Python code, no network.

Notes:
The package is imported here only, and lazily: its first calendar costs ~0.3 s, so it runs when a
calendar's year is materialised (punchclock.holiday.service), never on a read that finds rows.
A calendar is ``CC`` (national days only) or ``CC-SUB`` (country, first ``-``, subdivision), as the
package names them: ISO 3166-1 alpha-2 countries, subdivisions mostly ISO 3166-2 codes.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import import_module
from typing import Any, NamedTuple

from punchclock.errors import ValidationFailed

LANGUAGE = "en_US"


class Day(NamedTuple):
    day: date
    name: str
    half: bool


def _package() -> Any:
    return import_module("holidays")


def version() -> str:
    return str(_package().__version__)


def split(calendar: str) -> tuple[str, str | None]:
    """(country, subdivision or None) of a calendar code; 400 for one the package does not know."""
    country, dash, sub = calendar.partition("-")
    known = supported()
    if country not in known or (dash and sub not in known[country][1]):
        raise ValidationFailed(f"Unknown holiday calendar '{calendar}'", code="unknown_calendar")
    return country, sub or None


@lru_cache(maxsize=1)
def supported() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every country code -> (its English name, its subdivision codes)."""
    package = _package()
    names = {entry[1]: entry[0] for entry in package.registry.COUNTRIES.values()}
    listed = package.list_supported_countries(include_aliases=False)
    return {code: (names.get(code, code), tuple(subs)) for code, subs in sorted(listed.items())}


def days(calendar: str, year: int, half_days: bool = False) -> list[Day]:
    """The calendar's public holidays of ``year`` by date (with ``half_days``, half-day holidays too,
    where the country has them), named in English where the package ships it."""
    return list(_days(calendar, year, half_days))


@lru_cache(maxsize=256)
def _days(calendar: str, year: int, half_days: bool) -> tuple[Day, ...]:
    country, sub = split(calendar)
    package = _package()
    entity = package.country_holidays(country, subdiv=sub)
    language = LANGUAGE if LANGUAGE in getattr(entity, "supported_languages", ()) else None
    found: dict[date, Day] = {}
    wanted = [("public", False)]
    if half_days and "half_day" in getattr(entity, "supported_categories", ()):
        wanted.append(("half_day", True))
    for category, half in wanted:
        listed = package.country_holidays(
            country, subdiv=sub, years=year, categories=(category,), language=language
        )
        for day, name in sorted(listed.items()):
            # A day both public and half (rare) counts as the whole day off.
            if day not in found:
                found[day] = Day(day, str(name)[:200], half)
    return tuple(sorted(found.values()))
