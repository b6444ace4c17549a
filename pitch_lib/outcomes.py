"""Outcomes: which sent messages got replies, read from an export or logged by hand.

An :class:`Outcome` keeps what the statistics and the calibration need (channel, dates, the
reply, the scores and the points each rule took off) and, only if the team wants it, the
message text. A CSV or Excel-style export from an ATS, a CRM or LinkedIn Recruiter is read with
pandas; the user maps its columns; rows that can't be used are listed with the reason and
skipped, and nothing beyond the mapped columns is kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pitch_lib.compare import csv_safe
from pitch_lib.engine.channels import CHANNEL_NAMES
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role, quoted
from pitch_lib.parallel import map_chunks
from pitch_lib.workspace import new_id, new_ids

REPLIES = ("positive", "neutral", "negative", "none")
# What a replied column may say, folded to lower case (an ATS writes 1/0, a CRM yes/no, ...).
REPLY_WORDS = {
    **{w: "positive" for w in ("positive", "interested", "yes-interested")},
    **{w: "neutral" for w in ("neutral", "1", "yes", "y", "true", "t", "replied", "reply")},
    **{w: "negative" for w in ("negative", "not interested", "declined")},
    **{w: "none" for w in ("none", "0", "no", "n", "false", "f", "no reply", "not replied", "unanswered")},
}
# The fields a user maps to columns of an export; only ``body`` and ``replied`` are required.
FIELDS = {
    "body": "Message text",
    "subject": "Subject",
    "channel": "Channel",
    "sent_on": "Sent date",
    "replied": "Replied",
    "replied_on": "Reply date",
    "candidate": "Candidate name",
}
REQUIRED = ("body", "replied")
# Column names exports use for each field, lower-cased, tried in order by guess_mapping.
_GUESSES = {
    "body": ("body", "message", "message text", "message body", "text", "content", "inmail body", "email body"),
    "subject": ("subject", "subject line", "title"),
    "channel": ("channel", "medium", "type", "message type"),
    "sent_on": ("sent_on", "sent", "sent date", "sent at", "date sent", "date"),
    "replied": ("replied", "reply", "responded", "response", "reply status", "status"),
    "replied_on": ("replied_on", "reply date", "replied at", "response date", "date replied"),
    "candidate": ("candidate", "candidate name", "name", "recipient"),
}
# Channel words an export may use, to our channel names.
_CHANNEL_WORDS = {
    "email": "email", "e-mail": "email", "mail": "email",
    "inmail": "linkedin_inmail", "linkedin inmail": "linkedin_inmail", "linkedin_inmail": "linkedin_inmail",
    "connection": "linkedin_connection", "connection note": "linkedin_connection",
    "connection request": "linkedin_connection", "linkedin_connection": "linkedin_connection",
    "dm": "social_dm", "social dm": "social_dm", "social_dm": "social_dm", "twitter": "social_dm", "x": "social_dm",
    "job ad": "job_ad", "job_ad": "job_ad", "ad": "job_ad",
}
MAX_BODY_CHARS = 50_000
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ])")
MAX_FILE_BYTES = 200 * 1024 * 1024


class OutcomeError(ValueError):
    """A file or a value that cannot be used; the message says which and why."""


@dataclass(slots=True)  # an import makes 100,000 of them
class Outcome:
    """One sent message and what came of it. ``rules`` is {rule id: points it took off}."""

    channel: str
    reply: str  # one of REPLIES
    overall: int
    scores: dict[str, int]
    rules: dict[str, int]
    words: int
    sent_on: date | None = None
    replied_on: date | None = None
    subject: str = ""
    body: str = ""  # empty when the team chose not to keep message text
    source: str = "import"  # import | variant | touch | demo
    ref: str = ""  # the variant or touch it came from
    id: str = field(default_factory=lambda: new_id(12))

    @property
    def replied(self) -> bool:
        return self.reply != "none"

    def to_dict(self) -> dict:
        return {
            "id": self.id, "source": self.source, "ref": self.ref, "channel": self.channel,
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "reply": self.reply,
            "replied_on": self.replied_on.isoformat() if self.replied_on else None,
            "overall": self.overall, "scores": dict(self.scores), "rules": dict(self.rules),
            "words": self.words, "subject": self.subject, "body": self.body,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Outcome:
        return cls(
            id=str(d.get("id") or new_id(12)), source=str(d.get("source") or "import"), ref=str(d.get("ref") or ""),
            channel=str(d["channel"]), reply=str(d["reply"]),
            sent_on=date.fromisoformat(d["sent_on"]) if d.get("sent_on") else None,
            replied_on=date.fromisoformat(d["replied_on"]) if d.get("replied_on") else None,
            overall=int(d["overall"]), scores={k: int(v) for k, v in d["scores"].items()},
            rules={k: int(v) for k, v in d["rules"].items()}, words=int(d.get("words") or 0),
            subject=str(d.get("subject") or ""), body=str(d.get("body") or ""),
        )


def parse_reply(value: object) -> str:
    """'yes', '1', 'True', 'positive', 'no reply'... as one of REPLIES; OutcomeError otherwise."""
    text = str(value).strip().lower() if value is not None else ""
    if text in ("1.0", "0.0"):
        text = text[0]
    if not text:
        raise OutcomeError("replied is empty (write yes/no, 1/0, true/false, or positive/neutral/negative/none)")
    if text not in REPLY_WORDS:
        raise OutcomeError(f"replied {quoted(str(value))} is not yes/no, 1/0, true/false or positive/neutral/negative/none")
    return REPLY_WORDS[text]


def parse_channel(value: object, default: str = "email") -> str:
    text = str(value or "").strip().lower()
    if not text:
        return default
    if text in CHANNEL_NAMES:
        return text
    if text in _CHANNEL_WORDS:
        return _CHANNEL_WORDS[text]
    raise OutcomeError(f"channel {quoted(str(value))} is not one of {', '.join(CHANNEL_NAMES)} (or email, InMail, DM...)")


def parse_day(value: object, what: str) -> date | None:
    """A date from an export cell (ISO, '12 Mar 2025', '2025-03-12 09:30', ...); None if blank."""
    text = str(value or "").strip()
    if not text:
        return None
    if _ISO_DAY.match(text):  # the common case, without pandas' format guessing
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    try:
        ts = pd.to_datetime(text, dayfirst=not re.match(r"^\d{4}-", text))
    except (ValueError, OverflowError):
        ts = None
    if ts is None or pd.isna(ts):
        raise OutcomeError(f"{what} {quoted(text)} is not a date")
    return ts.date()


def outcome_from_message(
    pitch: Pitch,
    reply: str,
    *,
    sent_on: date | None = None,
    replied_on: date | None = None,
    profile: CandidateProfile | None = None,
    role: Role | None = None,
    keep_text: bool = True,
    source: str = "variant",
    ref: str = "",
    rules=None,
) -> Outcome:
    """Score ``pitch`` and record what came of it (the text only if ``keep_text``)."""
    if reply not in REPLIES:
        raise OutcomeError(f"reply must be one of {', '.join(REPLIES)}")
    if sent_on and replied_on and replied_on < sent_on:
        raise OutcomeError("the reply date is before the sent date")
    card = score_pitch(pitch, profile, role, rules)
    return outcome_from_card(pitch, card, reply, sent_on, replied_on, keep_text, source, ref)


def outcome_from_card(pitch, card, reply, sent_on, replied_on, keep_text, source, ref) -> Outcome:
    lost: dict[str, int] = {}
    for f in card.findings():
        if f.points:
            lost[f.rule] = lost.get(f.rule, 0) + f.points
    return Outcome(
        channel=pitch.channel, reply=reply, overall=card.overall,
        scores={k: v for k, v in card.scores().items() if k != "overall"}, rules=lost,
        words=int(card.metrics.get("words", 0)), sent_on=sent_on, replied_on=replied_on,
        subject=pitch.subject if keep_text else "", body=pitch.body if keep_text else "",
        source=source, ref=ref,
    )


@dataclass(frozen=True)
class Sendable:
    """A message of the workspace whose outcome can be logged: a saved variant or a plan's touch."""

    label: str
    pitch: Pitch
    profile: CandidateProfile
    role: Role
    source: str  # variant | touch
    ref: str
    planned_on: date | None = None

    def sent_on_default(self, today: date) -> date:
        """The date a log of it starts from: a plan's touch went out on its planned day (or today,
        if that day is still to come: it was sent early); a variant, today."""
        return min(self.planned_on, today) if self.planned_on else today


def sendable_messages(ws) -> list[Sendable]:
    """Every variant and every outreach-plan touch with a message, across the workspace's candidates."""
    from pitch_lib.sequence import SequencePlan

    out: list[Sendable] = []
    for case in ws.cases:
        for v in case.variants:
            out.append(Sendable(f"{case.title} · variant “{v.name}”", v.pitch, case.profile, case.role, "variant", v.name))
        raw = ws.sequences.get(case.id)
        if not raw:
            continue
        try:
            plan = SequencePlan.from_dict(raw)
        except ValueError:
            continue
        for i, t in enumerate(plan.touches, start=1):
            pitch = t.pitch()
            if pitch is None or not pitch.body.strip():
                continue
            out.append(Sendable(f"{case.title} · plan touch {i} ({t.kind_label})", pitch, case.profile, case.role,
                                "touch", f"touch {i}: {t.kind_label}", plan.date_of(t)))
    return out


# ---------------------------------------------------------------- import


def _csv_problem(e: Exception) -> str:
    """What pandas found wrong with a CSV, in words ("line 3 has 4 cells; the header has 2")."""
    text = str(e)
    if m := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text):
        return f"line {m[2]} has {m[3]} cells; the header has {m[1]}"
    if isinstance(e, pd.errors.EmptyDataError):
        return "no columns found"
    return "check that it is saved as CSV, with one header row"


def read_table(data: bytes, name: str = "file") -> pd.DataFrame:
    """An export (CSV; comma, semicolon or tab separated) as text cells, header from row 1."""
    if len(data) > MAX_FILE_BYTES:
        raise OutcomeError(f"{name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise OutcomeError(f"{name}: the file is empty")
    first = data.split(b"\n", 1)[0]
    sep = max((",", ";", "\t"), key=lambda c: first.count(c.encode()))
    # pandas decodes as it parses (no second copy of a large file as text); cells stay Python
    # strings (object), which the import reads one by one, rather than Arrow strings.
    for encoding, errors in (("utf-8-sig", "strict"), ("cp1252", "replace")):  # then Excel's CSV on Windows
        try:
            df = pd.read_csv(io.BytesIO(data), sep=sep, dtype=object, keep_default_na=False, na_filter=False,
                             engine="c", on_bad_lines="error", encoding=encoding, encoding_errors=errors)
            break
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as e:
            raise OutcomeError(f"{name}: not a readable CSV ({_csv_problem(e)})") from None
    if df.shape[1] < 2:
        raise OutcomeError(f"{name}: found one column only; a message text and a replied column are needed")
    df.columns = [str(c).strip() for c in df.columns]
    return df


def guess_mapping(columns: list[str]) -> dict[str, str | None]:
    """The column most likely meant for each field (None when nothing looks like it)."""
    lower = {c.strip().lower(): c for c in columns}
    out: dict[str, str | None] = {}
    used: set[str] = set()
    for fld, names in _GUESSES.items():
        hit = next((lower[n] for n in names if n in lower and lower[n] not in used), None)
        out[fld] = hit
        if hit:
            used.add(hit)
    return out


def _parse_each(values: list, parse) -> list[tuple[object, str]]:
    """(parsed value, "") or (None, the reason it can't be read) for each of ``values``, calling
    ``parse`` once per distinct value."""
    done: dict[object, tuple[object, str]] = {}
    for v in set(values):
        try:
            done[v] = (parse(v), "")
        except OutcomeError as e:
            done[v] = (None, str(e))
    return [done[v] for v in values]


@dataclass
class ImportResult:
    outcomes: list[Outcome]
    bad_rows: list[tuple[int, str]]  # (row number as a spreadsheet shows it, reason)
    rows: int

    def bad_table(self) -> pd.DataFrame:
        return pd.DataFrame(self.bad_rows, columns=["row", "reason"])


def import_outcomes(
    df: pd.DataFrame,
    mapping: dict[str, str | None],
    *,
    keep_text: bool = False,
    default_channel: str = "email",
    profile: CandidateProfile | None = None,
    role: Role | None = None,
    rules=None,
    jobs: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Score and record every usable row of ``df``; list the others with the reason.

    Only the mapped columns are read; the candidate's name is never stored. Identical messages
    (the same channel, subject and text, as a mail merge sends) are scored once, in worker
    processes when there are many (``jobs`` of them, one per core by default; 1 keeps it in
    this process). ``on_progress(messages scored, distinct messages)`` is called as they are.
    """
    missing = [FIELDS[f] for f in REQUIRED if not mapping.get(f)]
    if missing:
        raise OutcomeError(f"map a column to: {', '.join(missing)}")
    for fld, col in mapping.items():
        if col and col not in df.columns:
            raise OutcomeError(f"{FIELDS.get(fld, fld)}: no column {quoted(col)} in the file")

    def column(fld: str) -> list[str]:
        col = mapping.get(fld)
        return df[col].tolist() if col else [""] * len(df)

    bodies, subjects = column("body"), column("subject")
    # An export repeats its channels, replies and dates: each distinct cell is parsed once.
    channels = _parse_each(column("channel"), lambda v: parse_channel(v, default_channel))
    replies = _parse_each(column("replied"), parse_reply)
    sents = _parse_each(column("sent_on"), lambda v: parse_day(v, "sent date"))
    reply_dates = _parse_each(column("replied_on"), lambda v: parse_day(v, "reply date"))

    good: list[tuple[int, tuple[str, str, str], str, date | None, date | None]] = []
    bad: list[tuple[int, str]] = []
    for i, body in enumerate(bodies):
        (channel, channel_err), (reply, reply_err) = channels[i], replies[i]
        (sent_on, sent_err), (replied_on, replied_err) = sents[i], reply_dates[i]
        body = body if isinstance(body, str) else str(body or "")
        if not body or body.isspace():
            why = "no message text"
        elif len(body) > MAX_BODY_CHARS:
            why = f"the message is longer than {MAX_BODY_CHARS:,} characters"
        else:
            why = channel_err or reply_err or sent_err or replied_err
        if not why and replied_on and reply == "none":
            why = "a reply date, but replied says no"
        if not why and sent_on and replied_on and replied_on < sent_on:
            why = "the reply date is before the sent date"
        if why:
            bad.append((i + 2, why))  # the header is row 1
        else:
            good.append((i, (channel, str(subjects[i] or "").strip(), body), reply, sent_on, replied_on))

    # Identical messages (a mail merge) are scored once: scoring is what an import costs, and
    # a long file's messages are shared among worker processes (pitch_lib.parallel).
    keys = list(dict.fromkeys(key for _, key, *_ in good))
    scored: dict[tuple[str, str, str], Outcome] = {}
    # closing(): a page stopped halfway (the user left) stops the workers too, once their chunk is done.
    with closing(map_chunks(_score_messages, keys, (profile, role, rules, keep_text), jobs=jobs)) as chunks:
        for done, templates in chunks:
            scored.update(zip(keys[len(scored):done], templates, strict=True))
            if on_progress:
                on_progress(done, len(keys))
    out = [
        Outcome(channel=t.channel, reply=reply, overall=t.overall, scores=t.scores, rules=t.rules, words=t.words,
                sent_on=sent_on, replied_on=replied_on, subject=t.subject, body=t.body, source="import", id=oid)
        for (_, key, reply, sent_on, replied_on), oid in zip(good, new_ids(len(good), 12), strict=True)
        for t in (scored[key],)
    ]
    return ImportResult(out, bad, len(df))


def _score_messages(keys: list[tuple[str, str, str]], context: tuple) -> list[Outcome]:
    """What each distinct message of an import scores: a template its rows copy (runs in a worker)."""
    profile, role, rules, keep_text = context
    out = []
    for key in keys:
        pitch = Pitch(*key)
        out.append(outcome_from_card(pitch, score_pitch(pitch, profile, role, rules), "none", None, None,
                                     keep_text, "import", ""))
    return out


def outcomes_frame(outcomes: list[Outcome]) -> pd.DataFrame:
    """One row per outcome: the columns the statistics and the charts read."""
    from pitch_lib.engine.scorecard import DIMENSIONS

    rows = [
        {
            "channel": o.channel, "reply": o.reply, "replied": o.replied, "overall": o.overall,
            **{d: o.scores.get(d, 0) for d in DIMENSIONS}, "words": o.words,
            "sent_on": pd.Timestamp(o.sent_on) if o.sent_on else pd.NaT, "rules": o.rules,
        }
        for o in outcomes
    ]
    cols = ["channel", "reply", "replied", "overall", *DIMENSIONS, "words", "sent_on", "rules"]
    return pd.DataFrame(rows, columns=cols)


def export_csv(outcomes: list[Outcome]) -> str:
    """Every outcome of a workspace as CSV (the team's copy before it deletes them)."""
    rows = []
    for o in outcomes:
        d = o.to_dict()
        d["scores"] = ";".join(f"{k}={v}" for k, v in o.scores.items())
        d["rules"] = ";".join(f"{k}={v}" for k, v in sorted(o.rules.items()))
        rows.append(d)
    cols = list(Outcome("email", "none", 0, {}, {}, 0).to_dict())
    frame = pd.DataFrame(rows, columns=cols)
    for c in ("subject", "body", "ref"):  # a spreadsheet must not run a cell as a formula
        frame[c] = frame[c].map(csv_safe)
    return frame.to_csv(index=False)
