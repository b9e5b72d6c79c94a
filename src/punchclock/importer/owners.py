"""Whose time a team export holds, and which Punchclock account each of those people is.

Notes:
Toggl, Clockify and Kimai name each row's person (User or Member; Toggl and Clockify also Email),
and Punchclock's entry export each entry's user. A person is their email when the row has one,
else their user name, compared case-insensitively; a row with only a user name is the person who
has that name with an email elsewhere in the file, so one person is never counted twice.
A file naming more than one person is refused unless the import goes by user (admins only): then
each row goes to the account whose email, username or display name matches the row's Email or
User, tried in that order (an email is the surest name; display names are not unique). A match
that is ambiguous (two accounts with the same email or display name) or missing rejects the row
with its reason: an import never creates accounts, and never guesses between two.
Disabled accounts are matched too: a former colleague's history belongs to their account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from punchclock.importer import repository
from punchclock.importer.rows import Rejected, Row

LISTED = 5  # people named in the refusal of a team export


def _key(name: str) -> str:
    return name.strip().casefold()


def _emails(rows: Sequence[Row]) -> dict[str, str]:
    """The email each user name of the file goes with, where a row gives both."""
    return {_key(r.user): r.email.strip() for r in rows if r.user.strip() and r.email.strip()}


def _name(row: Row, emails: dict[str, str]) -> str:
    """How the row names its person: the email, else the user name ('' when it names nobody)."""
    return row.email.strip() or emails.get(_key(row.user), "") or row.user.strip()


def people(rows: Sequence[Row]) -> list[str]:
    """The distinct people ``rows`` name, as first written, in order of appearance."""
    emails = _emails(rows)
    found: dict[str, str] = {}
    for row in rows:
        name = _name(row, emails)
        if name:
            found.setdefault(_key(name), name)
    return list(found.values())


def several(names: list[str]) -> str:
    """``3 people (a, b, c)``, with at most LISTED of them named."""
    shown = ", ".join(names[:LISTED]) + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")
    return f"{len(names)} people ({shown})"


@dataclass
class Assignment:
    """A file's rows by the account they go to, the accounts' usernames, and the rows that go nowhere."""

    rows: dict[int, list[Row]] = field(default_factory=dict)
    usernames: dict[int, str] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)


class Directory:
    """Every account, by lower-cased email, username and display name."""

    def __init__(self, session: Session) -> None:
        self.by_email: dict[str, list[int]] = {}
        self.by_username: dict[str, list[int]] = {}
        self.by_display: dict[str, list[int]] = {}
        self.usernames: dict[int, str] = {}
        for a in repository.accounts(session):
            self.usernames[a.id] = a.username
            self.by_username.setdefault(_key(a.username), []).append(a.id)
            if a.email:
                self.by_email.setdefault(_key(a.email), []).append(a.id)
            if a.display_name:
                self.by_display.setdefault(_key(a.display_name), []).append(a.id)

    def owner(self, email: str, user: str) -> int:
        """The account of the person named ``email`` or ``user``; ValueError with the reason if none."""
        tries = ((self.by_email, email), (self.by_username, user), (self.by_username, email),
                 (self.by_display, user))  # fmt: skip
        for index, value in tries:
            found = index.get(_key(value), []) if value.strip() else []
            if len(found) == 1:
                return found[0]
            if found:
                raise ValueError(f"{len(found)} accounts match {value.strip()!r}: give them distinct emails")
        if not (email.strip() or user.strip()):
            raise ValueError("the row names no person (no User or Email)")
        raise ValueError(f"no account for {email.strip() or user.strip()}")


def assign(session: Session, rows: Sequence[Row]) -> Assignment:
    """Each row to the account of its person; the rows of people without an account are rejected."""
    directory, emails, out = Directory(session), _emails(rows), Assignment()
    for row in rows:
        try:
            owner = directory.owner(row.email or emails.get(_key(row.user), ""), row.user)
        except ValueError as exc:
            out.rejected.append(Rejected(row.line, str(exc)))
            continue
        out.rows.setdefault(owner, []).append(row)
        out.usernames[owner] = directory.usernames[owner]
    return out
