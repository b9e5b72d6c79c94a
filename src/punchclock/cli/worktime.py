"""`punchclock balance`: one's working-time balance, or a month day by day, over the API."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from rich.table import Table

from punchclock.cli import render
from punchclock.cli.remote import Api, fail
from punchclock.cli.track import emit, json_option


def signed(seconds: int) -> str:
    """A balance as [+-]H:MM, green when banked, red when owed."""
    text = ("+" if seconds >= 0 else "-") + render.hours(abs(seconds))
    return f"[green]{text}[/]" if seconds > 0 else f"[red]{text}[/]" if seconds < 0 else text


def _user_id(api: Api, name: str) -> int:
    page = 1
    while True:
        found = api.get("/users", page=page, per_page=100)
        for user in found["users"]:
            if user["username"].lower() == name.lower():
                return int(user["id"])
        if not found["pagination"].get("has_next"):
            fail(f"No user named {name!r} that you can see")
        page += 1


def _summary(b: dict[str, Any]) -> None:
    if b["since"] is None:
        render.console.print("No work model yet: an admin gives you one (Settings → Users → Work model).")
    table = Table(
        "",
        "target",
        "worked",
        "balance",
        title=f"Working time of {b['as_of']} ({render.markup(b['timezone'])})",
    )
    t = b["today"]
    table.add_row("Today", render.hours(t["target"]), render.hours(t["worked"]), signed(t["balance"]))
    for name in ("week", "month", "year"):
        p = b[name]
        table.add_row(
            f"This {name}",
            render.hours(p["target"]),
            render.hours(p["worked"] + p["credited"]),
            signed(p["balance"]),
        )
    render.console.print(table)
    render.console.print(
        f"Running balance (through yesterday, since {b['since'] or '-'}): {signed(b['running'])}"
    )


def _month(r: dict[str, Any]) -> None:
    table = Table(
        "day",
        "target",
        "worked",
        "breaks",
        "note",
        "balance",
        title=f"{render.markup(r['username'])}, {r['month']}",
    )
    for d in r["days"]:
        notes = [d["holiday"]["name"] if d["holiday"] else "", d["absence"]["type"] if d["absence"] else "",
                 "break too short" if d["violation"] else ""]  # fmt: skip
        day = date.fromisoformat(d["date"]).strftime("%a %d")
        balance = signed(d["balance"]) if d["counted"] else ""
        table.add_row(day, render.hours(d["target"]), render.hours(d["worked"]), render.hours(d["breaks"]),
                      render.markup(", ".join(n for n in notes if n)), balance)  # fmt: skip
    t = r["totals"]
    table.add_section()
    table.add_row("Month", render.hours(t["target"]), render.hours(t["worked"]), "", "", signed(t["balance"]))
    render.console.print(table)
    render.console.print(f"Carried in {signed(r['carried_in'])}, carried out {signed(r['carried_out'])}")


@click.command()
@click.option("--user", "username", default=None, help="Whose (managers and admins; default: your own).")
@click.option("--month", default=None, metavar="YYYY-MM", help="Show this month day by day.")
@json_option
def balance(username: str | None, month: str | None, as_json: bool) -> None:
    """Hours banked or owed: punchclock balance, or punchclock balance --month 2026-11."""
    api, _ = Api.from_config()
    user_id = _user_id(api, username) if username else None
    if month is not None:
        found = api.get("/worktime/report", month=month, user_id=user_id)
        return emit(found) if as_json else _month(found)
    found = api.get("/worktime/balance", user_id=user_id)
    return emit(found) if as_json else _summary(found)
