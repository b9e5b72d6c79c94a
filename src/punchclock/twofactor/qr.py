"""The enrolment QR code, drawn here (segno, pure Python) so the secret never leaves the server for
an image service."""

from __future__ import annotations

import io

import segno


def svg(text: str) -> str:
    """An SVG document of ``text`` as a QR code: dark modules on white, with the quiet zone.

    White stays white in the dark theme too: scanners read dark-on-light codes most reliably.
    """
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        xmldecl=False,
        svgns=True,
        omitsize=True,
    )
    return out.getvalue().decode()
