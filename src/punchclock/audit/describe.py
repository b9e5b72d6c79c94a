"""One readable sentence per audit event, for the Audit log page and the exports.

Notes:
The sentence is made when the log is read, from the stored action and detail, so the wording can
improve without touching stored rows, and an action this table does not know yet (a feature newer
than this file) still reads as its name and who did it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

KINDS = {"session": "the web app", "device": "a device", "timetagger": "a TimeTagger client"}
METHODS = {
    "password": "password",
    "totp": "password and authenticator code",
    "recovery": "password and recovery code",
    "oidc": "single sign-on",
    "proxy": "the sign-in proxy",
}
REASONS = {
    "unknown_user": "no such account",
    "wrong_password": "wrong password",
    "disabled": "account disabled",
    "bad_totp_code": "wrong or used authenticator code",
    "no_account": "no account linked to this identity",
}
FIELDS = {"display_name": "display name", "email": "e-mail address", "timezone": "time zone",
          "week_start": "week start"}  # fmt: skip
PERIOD_VERBS = ("submitted", "approved", "rejected", "closed", "reopened")
OVERLAP_RULES = {
    "allow": "allow overlapping entries",
    "warn": "warn about overlapping entries",
    "forbid": "forbid overlapping entries",
    None: "follow the workspace's rule on overlapping entries",
}
EXPORTS = {
    "worktime": "the working-time report",
    "time_entries": "the time entries",
    "report": "a report",
    "timesheet": "the weekly timesheet",
}

Detail = dict[str, Any]


def _quoted(value: Any) -> str:
    return "none" if value is None or value == "" else f"'{value}'"


def _change(detail: Detail) -> str:
    return f"from {_quoted(detail.get('from'))} to {_quoted(detail.get('to'))}"


def _signed_in(who: str, whom: str, d: Detail) -> str:
    method = METHODS.get(d.get("method", ""), d.get("method") or "password")
    client = f" ({d['client']})" if d.get("client") else ""
    return f"{whom} signed in to {KINDS.get(d.get('kind', ''), 'Punchclock')} with {method}{client}"


def _sign_in_failed(who: str, whom: str, d: Detail) -> str:
    name = d.get("username") or d.get("subject") or "?"
    reason = REASONS.get(d.get("reason", ""), d.get("reason") or "refused")
    where = KINDS.get(d.get("kind", ""), "Punchclock")
    via = " with single sign-on" if d.get("method") == "oidc" else ""
    return f"Failed sign-in as '{name}' to {where}{via}: {reason}"


def _updated(who: str, whom: str, d: Detail) -> str:
    changes = d.get("changes") or {}
    parts = [f"{FIELDS.get(k, k)} {_change(v)}" for k, v in changes.items() if isinstance(v, dict)]
    return f"{who} changed {whom}'s " + ("; ".join(parts) or "profile")


def _exported(who: str, whom: str, d: Detail) -> str:
    ids = d.get("user_ids")
    whose = whom if whom != "someone" else f"{len(ids)} people" if ids else "everyone"
    span = ""
    if d.get("start_date") or d.get("end_date"):
        span = f", {d.get('start_date') or '…'} to {d.get('end_date') or '…'}"
    what = EXPORTS.get(d.get("what", ""), d.get("what", "data"))
    return f"{who} exported {what} of {whose} as {str(d.get('format', '')).upper()}{span}"


def _team_member(who: str, whom: str, d: Detail) -> str:
    lead = " as a lead" if d.get("is_lead") else ""
    return f"{who} added {whom} to the team '{d.get('name')}'{lead}"


def _team_lead(who: str, whom: str, d: Detail) -> str:
    now = "a lead of" if d.get("is_lead") else "no longer a lead of"
    return f"{who} made {whom} {now} the team '{d.get('name')}'"


def _team_created(who: str, whom: str, d: Detail) -> str:
    rule = d.get("overlap_rule")
    said = f", set to {OVERLAP_RULES.get(rule, repr(rule))}" if rule else ""
    return f"{who} created the team '{d.get('name')}'{said}"


def _team_rule(who: str, whom: str, d: Detail) -> str:
    was = d.get("from") or "the workspace's rule"
    rule = OVERLAP_RULES.get(d.get("to"), f"'{d.get('to')}'")
    return f"{who} set the team '{d.get('name')}' to {rule} (before: {was})"


def _retention(who: str, whom: str, d: Detail) -> str:
    days = d.get("to")
    return f"{who} set the audit log to keep " + (f"events for {days} days" if days else "every event")


def _adjusted(verb: str) -> Callable[[str, str, Detail], str]:
    def say(who: str, whom: str, d: Detail) -> str:
        parts = []
        if d.get("balance_seconds"):
            parts.append(f"balance {int(d['balance_seconds']) / 3600:+g} h")
        if d.get("vacation_half_days"):
            parts.append(f"vacation {int(d['vacation_half_days']) / 2:+g} days")
        what = ", ".join(parts) or "nothing"
        kind = str(d.get("kind") or "correction").replace("_", " ")
        why = f": {d['reason']}" if d.get("reason") else ""
        return f"{who} {verb} {whom}'s {kind} on {d.get('day')} ({what}){why}"

    return say


def _period(verb: str) -> Callable[[str, str, Detail], str]:
    def say(who: str, whom: str, d: Detail) -> str:
        start, _, end = str(d.get("period") or "?..?").partition("..")
        note = f": {d['comment']}" if d.get("comment") else ""
        return f"{who} {verb} {whom}'s period {start} to {end}{note}"

    return say


ABSENCE_VERBS = {"created": "recorded", "updated": "changed", "submitted": "submitted",
                 "withdrawn": "withdrew", "approved": "approved", "rejected": "rejected",
                 "cancelled": "cancelled", "deleted": "deleted"}  # fmt: skip


def _absence(verb: str) -> Callable[[str, str, Detail], str]:
    def say(who: str, whom: str, d: Detail) -> str:
        span = d.get("start") if d.get("start") == d.get("end") else f"{d.get('start')} to {d.get('end')}"
        half = " (half days)" if any(d.get("half") or ()) else ""
        state = f", now {d['status']}" if verb == "created" and d.get("status") else ""
        note = f": {d['comment']}" if d.get("comment") else ""
        kind = str(d.get("type") or "absence").lower()
        return f"{who} {ABSENCE_VERBS[verb]} {whom}'s {kind} {span}{half}{state}{note}"

    return say


# Plain sentences: {who} acted, {whom} it concerned, {change} "from 'x' to 'y'", the rest from the detail.
TEMPLATES = {
    "auth.signed_out_everywhere": "{who} signed {whom} out of every browser and device",
    "auth.session_ended": "{who} ended a signed-in session or device of {whom}",
    "token.created": "{who} created the API token '{name}' for {whom} ({scope_list})",
    "token.revoked": "{who} revoked the API token '{name}' of {whom}",
    "user.created": "{who} created the account {whom} ({role})",
    "user.role_changed": "{who} changed {whom}'s role {change}",
    "user.disabled": "{who} disabled the account {whom}",
    "user.enabled": "{who} enabled the account {whom}",
    "user.password_changed": "{who} changed {whom}'s password",
    "user.invited": "{who} invited {email} as {role}",
    "invitation.revoked": "{who} withdrew the invitation to {email}",
    "invitation.accepted": "{whom} accepted an invitation and created their account",
    "password.reset_link": "{who} made a password reset link for {whom}",
    "password.reset": "{whom} set a new password with a reset link",
    "totp.enrol": "{whom} turned two-factor sign-in on",
    "totp.disable": "{whom} turned two-factor sign-in off",
    "totp.reset": "{who} turned off {whom}'s two-factor sign-in",
    "totp.recovery_codes": "{whom} made new recovery codes",
    "totp.recovery_used": "{whom} used a recovery code ({codes_left} left)",
    "totp.policy": "{who} changed the two-factor policy {change}",
    "sso.user_created": "Single sign-on created the account {whom} ({role})",
    "sso.role_changed": "Single sign-on changed {whom}'s role {change}",
    "sso.linked": "{who} linked {whom} to a single sign-on identity",
    "sso.unlinked": "{who} unlinked {whom} from a single sign-on identity",
    "workspace.currency": "{who} changed the workspace's currency {change}",
    "workspace.lock_date": "{who} changed the lock date {change}",
    "workspace.period_type": "{who} changed the sign-off's periods {change}",
    "workspace.overlap_rule": "{who} changed whether entries may overlap {change}",
    "workspace.holiday_calendar": "{who} changed the workspace's holiday calendar {change}",
    "workspace.holiday_half_days": "{who} changed whether half holidays count as half days off {change}",
    "workspace.break_rules": "{who} changed the break rules {change}",
    "workspace.vacation_carryover": "{who} changed how vacation carries over {change}",
    "workspace.attendance": "{who} changed whether attendance is recorded {change}",
    "team.renamed": "{who} renamed the team '{was}' to '{name}'",
    "team.deleted": "{who} deleted the team '{name}'",
    "team.member_removed": "{who} removed {whom} from the team '{name}'",
    "project.member_added": "{who} let {whom} see the private project '{project}'",
    "project.member_removed": "{who} took {whom} off the project '{project}'",
    "project.made_private": "{who} made the project '{project}' private",
    "project.made_public": "{who} made the project '{project}' public",
    "holiday.disabled": "{who} switched off the holiday '{name}' on {date} ({calendar})",
    "holiday.enabled": "{who} switched the holiday '{name}' on {date} ({calendar}) back on",
    "holiday.company_added": "{who} added the company day '{name}' on {date}",
    "holiday.company_removed": "{who} removed the company day '{name}' on {date}",
    "work_model.created": "{who} gave {whom} a work model from {valid_from} ({weekly_hours} h a week)",
    "work_model.updated": "{who} changed {whom}'s work model from {valid_from} ({weekly_hours} h a week)",
    "work_model.deleted": "{who} deleted {whom}'s work model from {valid_from}",
    "absence_type.created": "{who} added the absence type '{name}' ({effect})",
    "absence_type.updated": "{who} changed the absence type '{name}' ({effect})",
    "absence_type.deleted": "{who} deleted the absence type '{name}'",
    "webhooks.paused": "Webhook sending was paused: {reason}",
    "webhooks.resumed": "{who} resumed webhook sending",
}
SENTENCES: dict[str, Callable[[str, str, Detail], str]] = {
    "auth.signed_in": _signed_in,
    "auth.sign_in_failed": _sign_in_failed,
    "user.updated": _updated,
    "export.others": _exported,
    "workspace.audit_retention_days": _retention,
    "team.member_added": _team_member,
    "team.lead_changed": _team_lead,
    "team.created": _team_created,
    "team.overlap_rule": _team_rule,
    **{f"period.{verb}": _period(verb) for verb in PERIOD_VERBS},
    "work_adjustment.created": _adjusted("recorded"),
    "work_adjustment.deleted": _adjusted("deleted"),
    **{f"absence.{verb}": _absence(verb) for verb in ABSENCE_VERBS},
}


class _Values(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _from_template(template: str, who: str, whom: str, d: Detail) -> str:
    scopes = d.get("scopes")
    values = _Values(d, who=who, whom=whom, change=_change(d))
    values["scope_list"] = ", ".join(scopes) if isinstance(scopes, list) and scopes else "no scopes"
    return template.format_map(values)


def sentence(action: str, actor: str | None, target: str | None, detail: Detail) -> str:
    """E.g. "root changed alice's role from 'member' to 'manager'"."""
    who = actor or ("The command line" if detail.get("via") == "cli" else "Someone")
    whom = target or "someone"
    try:
        if action in TEMPLATES:
            return _from_template(TEMPLATES[action], who, whom, detail)
        if action in SENTENCES:
            return SENTENCES[action](who, whom, detail)
    except (AttributeError, TypeError, ValueError):  # a detail of an older shape: still say what
        pass
    return f"{who}: {action}" + (f" ({whom})" if target else "")
