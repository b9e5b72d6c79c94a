"""Tracking from the terminal over the REST API: login, start, stop, status, pause, resume, add, log, edit,
delete. Reports and exports are in punchclock.cli.reporting."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click
import orjson

from punchclock.cli import render
from punchclock.cli.remote import Api, fail, save
from punchclock.cli.signin import device_token
from punchclock.cli.when import InputError, date_range, is_clock, is_relative, parse_at
from punchclock.kit.ids import parse_id
from punchclock.token.service import CLI_DEVICE

F = TypeVar("F", bound=Callable[..., Any])
CLI_SCOPES = [
    "read:projects", "read:tasks", "read:clients", "read:time_entries", "write:time_entries",
    "read:reports", "read:users",
]  # fmt: skip


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(fn)


def emit(data: Any) -> None:
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())


def zone_of(config: dict[str, Any]) -> tzinfo:
    try:
        return ZoneInfo(config.get("timezone") or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def now_in(zone: tzinfo) -> datetime:
    return datetime.now(zone)


def at(text: str | None, zone: tzinfo, day: date | None = None) -> str | None:
    if text is None:
        return None
    try:
        return parse_at(text, now_in(zone), day)
    except InputError as exc:
        raise click.BadParameter(str(exc)) from exc


def note_overlaps(api: Api, entry: dict[str, Any], zone: tzinfo) -> None:
    """Say which of the user's entries the saved one now shares time with: allowed, never silent."""
    start = render.instant(entry["start_time"])
    end = render.instant(entry["end_time"]) if entry.get("end_time") else now_in(zone)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    others = api.get("/time-entries", start_date=first.isoformat(), end_date=last.isoformat(),
                     include_active="true", per_page=100)["time_entries"]  # fmt: skip
    for other in others:
        if other["id"] == entry["id"] or other.get("user_id") != entry.get("user_id"):
            continue
        o_start = render.instant(other["start_time"])
        o_end = render.instant(other["end_time"]) if other.get("end_time") else now_in(zone)
        if o_start < end and start < o_end:
            until = render.local(other.get("end_time"), zone) or "now"
            span = f"{render.local(other['start_time'], zone)}-{until} {render.what(other)}"
            render.console.print(f"[yellow]Note:[/] it overlaps #{other['id']} ({span}).")


def project_id(api: Api, name: str | None) -> int | None:
    """A project by id or (part of its) name; ambiguous or unknown names are errors."""
    if name is None:
        return None
    ident = parse_id(name)
    if ident is not None:
        return ident
    found = api.get("/projects", search=name, per_page=100)["projects"]
    exact = [p for p in found if p["name"].lower() == name.lower()]
    matches = exact or found
    if len(matches) != 1:
        names = ", ".join(p["name"] for p in matches[:10]) or "none"
        fail(f"{len(matches)} projects match {name!r} ({names}): use the exact name or the id")
    return int(matches[0]["id"])


def _server_url(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not value.startswith(("http://", "https://")) or len(value) < 10:
        raise click.BadParameter(
            f"{value!r} is not a server address; give it with its scheme, like http://127.0.0.1:8080"
        )
    return value


@click.command()
@click.argument("url", callback=_server_url)
@click.option("--username", help="Your Punchclock user name (asked for when signing in with a password).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--token", "given", default=None, help="Use this API token instead of signing in.")
@click.option("--totp-code", default=None, help="The code of your authenticator app (asked for if needed).")
def login(
    url: str, username: str | None, password_stdin: bool, given: str | None, totp_code: str | None
) -> None:
    """Sign in to a Punchclock server and save it and a new API token in your config folder."""
    api = Api(url, None)
    if given is None:
        username = username or str(click.prompt("Username"))
        password = (
            sys.stdin.readline().rstrip("\n") if password_stdin else click.prompt("Password", hide_input=True)
        )
        # A device sign-in: the token is listed as this machine's and ends with "sign out everywhere".
        device = f"{CLI_DEVICE}{socket.gethostname()}"[:100]
        body = {"username": username, "password": password, "device_name": device, "scopes": CLI_SCOPES}
        given = device_token(api, body, totp_code)
    me = Api(url, given).get("/users/me")["user"]
    path = save(
        {"server": url.rstrip("/"), "token": given, "username": me["username"], "timezone": me["timezone"],
         "week_start": me["week_start"]}
    )  # fmt: skip
    click.echo(f"Signed in to {url} as {me['username']}; saved in {path}.")


def preset_body(api: Api, name: str) -> dict[str, Any]:
    """What a timer started from the caller's preset ``name`` (any case) gets."""
    presets = api.get("/presets")["presets"]
    found = [p for p in presets if p["name"].lower() == name.strip().lower()]
    if not found:
        names = ", ".join(p["name"] for p in presets) or "none yet (save one in the web app)"
        fail(f"no preset named {name!r}; yours: {names}")
    keep = ("notes", "project_id", "task_id", "billable")
    return {**{k: found[0][k] for k in keep if found[0][k] is not None}, "tags": found[0]["tag_list"]}


@click.command()
@click.argument("description", default="")
@click.option("--project", "-p", help="Project name or id.")
@click.option("--preset", help="Start from one of your presets (a description given overrides its own).")
@click.option("--at", "when", help="Start time: 9:30, -15m or ISO 8601 (default: now).")
@click.option("--billable/--not-billable", default=None, help="Override the project's default.")
@json_option
def start(
    description: str,
    project: str | None,
    preset: str | None,
    when: str | None,
    billable: bool | None,
    as_json: bool,
) -> None:
    """Start a timer: punchclock start "fix login #client-a" --project Website --at 9:30, or
    punchclock start --preset Standup."""
    api, config = Api.from_config()
    body: dict[str, Any] = preset_body(api, preset) if preset else {}
    if description or not preset:
        # The description is the notes as typed; the server reads its #tags (the one tag rule). It
        # replaces a preset's description and tags.
        body["notes"] = description
        if preset:
            body["tags"] = []
    if project is not None or not preset:
        body.pop("task_id", None)  # the preset's task belongs to the preset's project
        body["project_id"] = project_id(api, project)
    if when:
        body["start_time"] = at(when, zone_of(config))
    if billable is not None:
        body["billable"] = billable
    entry = api.post("/timer/start", body)["timer"]
    if as_json:
        return emit(entry)
    render.timer(entry, zone_of(config), now_in(zone_of(config)))


@click.command()
@click.option("--at", "when", help="End time: 17:30, -5m or ISO 8601 (default: now).")
@json_option
def stop(when: str | None, as_json: bool) -> None:
    """Stop the running timer."""
    api, config = Api.from_config()
    entry = api.post("/timer/stop", {"end_time": at(when, zone_of(config))} if when else {})["time_entry"]
    if as_json:
        return emit(entry)
    render.console.print(
        f"[red]■[/] Stopped after [bold]{render.hours(entry['duration_seconds'])}[/]: {render.what(entry)}"
    )
    if when:
        note_overlaps(api, entry, zone_of(config))


@click.command()
@json_option
def status(as_json: bool) -> None:
    """Show the running timer, if any."""
    api, config = Api.from_config()
    answer = api.get("/timer/status")
    if as_json:
        return emit(answer)
    render.timer(answer.get("timer"), zone_of(config), now_in(zone_of(config)))


@click.command()
@json_option
def pause(as_json: bool) -> None:
    """Pause the running timer (resume it with `punchclock resume`; the pause is not worked time)."""
    api, config = Api.from_config()
    entry = api.post("/timer/pause", {})["time_entry"]
    if as_json:
        return emit(entry)
    render.timer(entry, zone_of(config), now_in(zone_of(config)))


@click.command()
@json_option
def resume(as_json: bool) -> None:
    """Resume the paused timer; with none running, start a new one like your latest entry."""
    api, config = Api.from_config()
    running = api.get("/timer/status").get("timer")
    if running is not None:
        if not running.get("paused_at"):
            fail("the timer is running, not paused")
        entry = api.post("/timer/resume", {})["time_entry"]
        if as_json:
            return emit(entry)
        return render.timer(entry, zone_of(config), now_in(zone_of(config)))
    latest = api.get("/time-entries", per_page=1, include_active="true")["time_entries"]
    if not latest:
        fail("there is no entry to resume")
    e = latest[0]
    body = {k: e[k] for k in ("project_id", "task_id", "notes", "tags", "billable")}
    entry = api.post("/timer/start", body)["timer"]
    if as_json:
        return emit(entry)
    render.timer(entry, zone_of(config), now_in(zone_of(config)))


class TimesFirst(click.Command):
    """A command whose arguments may be times before now, like ``-4h``: such words are arguments,
    not options (click would read ``-4h`` as the options -4 and -h, which is help)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options_ = [p for p in self.params if isinstance(p, click.Option) and not p.is_flag]
        valued = {name for p in options_ for name in p.opts}
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                words.extend(rest)
            elif is_relative(arg) or not arg.startswith("-") or arg == "-":
                words.append(arg)
            else:
                options.append(arg)
                if arg in valued:
                    options.append(next(rest, ""))
        return super().parse_args(ctx, [*options, "--", *words])


@click.command(cls=TimesFirst)
@click.argument("start_at")
@click.argument("end_at")
@click.argument("description", default="")
@click.option("--project", "-p", help="Project name or id.")
@click.option("--billable/--not-billable", default=None)
@json_option
def add(
    start_at: str, end_at: str, description: str, project: str | None, billable: bool | None, as_json: bool
) -> None:
    """Add a finished entry: punchclock add 9:00 10:30 "standup #team" (times today, or ISO 8601)."""
    api, config = Api.from_config()
    zone = zone_of(config)
    body: dict[str, Any] = {"start_time": at(start_at, zone), "end_time": at(end_at, zone),
                            "notes": description, "project_id": project_id(api, project)}  # fmt: skip
    if billable is not None:
        body["billable"] = billable
    entry = api.post("/time-entries", body)["time_entry"]
    if as_json:
        return emit(entry)
    render.console.print(
        f"Added #{entry['id']}: {render.hours(entry['duration_seconds'])} {render.what(entry)}"
    )
    note_overlaps(api, entry, zone)


@click.command()
@click.option("--week", is_flag=True, help="This week instead of today.")
@click.option("--range", "spec", default=None, help="today, week, last-week, month, ... or A..B.")
@json_option
def log(week: bool, spec: str | None, as_json: bool) -> None:
    """List your entries of today (or --week, or --range)."""
    api, config = Api.from_config()
    zone = zone_of(config)
    try:
        first, last = date_range(
            spec or ("week" if week else "today"), now_in(zone).date(), config.get("week_start", 0)
        )
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--range") from exc
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        answer = api.get("/time-entries", start_date=first.isoformat(), end_date=last.isoformat(),
                         include_active="true", per_page=100, page=page)  # fmt: skip
        items += answer["time_entries"]
        if not answer["pagination"]["has_next"]:
            break
        page += 1
    if as_json:
        return emit(items)
    title = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    render.entries(items, zone, title)


@click.command()
@click.argument("entry_id", type=int)
@click.option("--start", "start_at", help="New start time.")
@click.option("--end", "end_at", help="New end time.")
@click.option("--description", "-d", help='New notes and tags: "text #tag".')
@click.option("--project", "-p", help="New project name or id.")
@click.option("--billable/--not-billable", default=None)
@json_option
def edit(
    entry_id: int,
    start_at: str | None,
    end_at: str | None,
    description: str | None,
    project: str | None,
    billable: bool | None,
    as_json: bool,
) -> None:
    """Change an entry: punchclock edit 42 --end 17:30 -d "review #client-a"."""
    api, config = Api.from_config()
    zone = zone_of(config)
    changes: dict[str, Any] = {}
    if start_at or end_at:
        # A bare time of day is on the entry's own day (and an end before the start, the day after).
        entry = api.get(f"/time-entries/{entry_id}")["time_entry"]
        began = render.instant(entry["start_time"]).astimezone(zone)
        if start_at:
            changes["start_time"] = at(start_at, zone, began.date())
            began = datetime.fromisoformat(changes["start_time"])
        if end_at:
            end = datetime.fromisoformat(str(at(end_at, zone, began.date())))
            if end <= began and is_clock(end_at):
                end += timedelta(days=1)
            changes["end_time"] = end.isoformat()
    if description is not None:
        # New notes and tags: no tag but those the new description writes.
        changes["notes"], changes["tags"] = description, []
    if project is not None:
        changes["project_id"] = project_id(api, project)
    if billable is not None:
        changes["billable"] = billable
    if not changes:
        raise click.UsageError(
            "nothing to change: give --start, --end, --description, --project or --billable"
        )
    entry = api.patch(f"/time-entries/{entry_id}", changes)["time_entry"]
    if as_json:
        return emit(entry)
    render.console.print(
        f"Changed #{entry_id}: {render.hours(entry['duration_seconds'] or 0)} {render.what(entry)}"
    )
    if "start_time" in changes or "end_time" in changes:
        note_overlaps(api, entry, zone)


@click.command()
@click.argument("entry_id", type=int)
@click.option("--yes", "-y", is_flag=True, help="Do not ask.")
def delete(entry_id: int, yes: bool) -> None:
    """Delete an entry."""
    api, _ = Api.from_config()
    # Look it up first: no question about an entry that is not there (or not yours).
    entry = api.get(f"/time-entries/{entry_id}")["time_entry"]
    if not yes:
        summary = f"{render.hours(entry['duration_seconds'] or 0)} {render.what(entry)}"
        click.confirm(f"Delete entry #{entry_id} ({summary})?", abort=True)
    api.delete(f"/time-entries/{entry_id}")
    click.echo(f"Deleted #{entry_id}.")


COMMANDS = (login, start, stop, status, pause, resume, add, log, edit, delete)
