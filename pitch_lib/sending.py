"""A pitch on its way out: as plain text for the clipboard, and as a mailto: link."""

from __future__ import annotations

from urllib.parse import quote

from pitch_lib.models import Pitch

# Mail apps and browsers cut long mailto: links (some near 2,000 characters); past this the
# link carries the subject only and the page says to paste the body.
MAX_MAILTO_CHARS = 1900


def plain_text(pitch: Pitch) -> str:
    """Subject, a blank line, then the body (the body alone when there is no subject)."""
    subject, body = pitch.subject.strip(), pitch.body.strip("\n")
    return f"{subject}\n\n{body}" if subject else body


def mailto_link(pitch: Pitch, to: str = "") -> tuple[str, bool]:
    """A ``mailto:`` link with the subject and body, and whether the body fitted in it.

    Line breaks become CRLF, as RFC 6068 asks; everything is percent-encoded, so no text of
    the pitch can add a header or another address."""
    to_part = quote(to.strip(), safe="@")
    subject = quote(pitch.subject.strip(), safe="")
    body = quote(pitch.body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
    full = f"mailto:{to_part}?subject={subject}&body={body}"
    if len(full) <= MAX_MAILTO_CHARS:
        return full, True
    return f"mailto:{to_part}?subject={subject}", False
