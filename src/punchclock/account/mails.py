"""What the reset and invitation e-mails say: plain text, and the same in simple HTML."""

from __future__ import annotations

from html import escape

from punchclock.mail.service import Mail

_HTML = """<!doctype html>
<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2937">
<p>{greeting}</p>
<p>{lead}</p>
<p><a href="{link}" style="display: inline-block; padding: 10px 18px; background: #2563eb;
 color: #ffffff; text-decoration: none; border-radius: 6px">{action}</a></p>
<p style="font-size: 14px; color: #4b5563">{note}<br>
If the button does not work, copy this address into your browser:<br>
<span style="word-break: break-all">{link}</span></p>
</body></html>
"""


def _mail(to: str, subject: str, greeting: str, lead: str, action: str, link: str, note: str) -> Mail:
    text = f"{greeting}\n\n{lead}\n\n{action}:\n{link}\n\n{note}\n"
    html = _HTML.format(
        greeting=escape(greeting),
        lead=escape(lead),
        action=escape(action),
        link=escape(link, quote=True),
        note=escape(note),
    )
    return Mail(to, subject, text, html)


def reset(to: str, name: str, username: str, link: str, minutes: int) -> Mail:
    return _mail(
        to,
        "Reset your Punchclock password",
        f"Hello {name},",
        f"Someone (hopefully you) asked to reset the password of the Punchclock account '{username}'.",
        "Choose a new password",
        link,
        f"The link works once, for {minutes} minutes. Setting a new password signs the account out "
        "of every browser and device. If you did not ask for this, ignore this message: your password "
        "stays as it is.",
    )


def invitation(to: str, name: str | None, role: str, inviter: str, link: str, days: int) -> Mail:
    return _mail(
        to,
        "You are invited to Punchclock",
        f"Hello {name}," if name else "Hello,",
        f"{inviter} invites you to track your time with Punchclock, as a {role}.",
        "Create your account",
        link,
        f"The link works once, for {days} days. If you did not expect this, ignore this message.",
    )
