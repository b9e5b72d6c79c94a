"""What each reminder says: its title and body (the in-app list, the event, the mail) and the mail."""

from __future__ import annotations

from html import escape
from typing import Any

from punchclock.mail.service import Mail

_HTML = """<!doctype html>
<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2937">
<p><strong>{title}</strong></p>
<p>{body}</p>
{action}<p style="font-size: 14px; color: #4b5563">You get this because you turned this reminder on in
Punchclock's settings (Settings, Reminders), where you can turn it off.</p>
</body></html>
"""
_ACTION = """<p><a href="{link}" style="display: inline-block; padding: 10px 18px; background: #2563eb;
 color: #ffffff; text-decoration: none; border-radius: 6px">Open Punchclock</a></p>
"""


def long_timer(facts: dict[str, Any]) -> tuple[str, str, str]:
    hours = facts["hours"]
    return (
        f"Your timer has run for over {hours} hour{'s' if hours != 1 else ''}",
        f"A timer started at {facts['started']} is still running. Stop it if you forgot it.",
        "#/",
    )


def nothing_tracked(facts: dict[str, Any]) -> tuple[str, str, str]:
    return (
        f"Nothing tracked on {facts['day']}",
        "Today is a working day and no time is tracked yet. Start a timer or add an entry.",
        "#/",
    )


def period_unsubmitted(facts: dict[str, Any]) -> tuple[str, str, str]:
    return (
        f"Your timesheet {facts['start']} to {facts['end']} is not submitted",
        "The period has ended. Check your entries and submit it for sign-off.",
        "#/signoff",
    )


def absence_pending(facts: dict[str, Any]) -> tuple[str, str, str]:
    span = facts["start"] if facts["start"] == facts["end"] else f"{facts['start']} to {facts['end']}"
    return (
        f"{facts['who']} asks for {facts['type'].lower()}",
        f"A request for {span} is waiting for your decision.",
        "#/signoff",
    )


def mail(to: str, title: str, body: str, link: str, public_url: str | None) -> Mail:
    """The reminder as a mail; with a public address, a button to the place in the web app."""
    url = f"{public_url.rstrip('/')}/{link}" if public_url else None
    text = f"{title}\n\n{body}\n" + (f"\nOpen Punchclock:\n{url}\n" if url else "")
    text += "\nYou get this because you turned this reminder on (Settings, Reminders).\n"
    action = _ACTION.format(link=escape(url, quote=True)) if url else ""
    html = _HTML.format(title=escape(title), body=escape(body), action=action)
    return Mail(to, f"Reminder: {title}", text, html)
