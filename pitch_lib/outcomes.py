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
from functools import cached_property

import numpy as np
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
    if not data or data.isspace():  # (strip() and split() would copy a large file to look at it)
        raise OutcomeError(f"{name}: the file is empty")
    first = data[:65_536].split(b"\n", 1)[0]  # the header, to tell the separator
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


def _distinct(df: pd.DataFrame, col: str | None) -> tuple[np.ndarray, list]:
    """(for each row, which distinct value its cell holds; the distinct values, in order of first
    appearance; a missing value, None or NaN, as ""). An export repeats its channels, replies,
    dates and (a mail merge) messages, so each distinct cell is read once; pandas finds them in C,
    without a Python object per row."""
    if not col:
        return np.zeros(len(df), dtype=np.intp), [""]
    codes, uniques = pd.factorize(df[col], use_na_sentinel=False)
    return codes, ["" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in uniques]


def _parse_each(values: list, parse) -> tuple[list, np.ndarray]:
    """(parsed values, reasons): for each value, ``parse(value)`` and "", or None and the reason
    it can't be read."""
    parsed, reasons = [], []
    for v in values:
        try:
            parsed.append(parse(v))
            reasons.append("")
        except OutcomeError as e:
            parsed.append(None)
            reasons.append(str(e))
    return parsed, np.array(reasons, dtype=object)


@dataclass
class OutcomeBatch:
    """Outcomes the way an import makes them and the store keeps them: each distinct message
    once (``messages``: its channel, scores, findings, words and, if kept, text) and, per outcome,
    which message it is (an index into ``messages``) with its own id, dates, reply and source.
    A mail merge of 100,000 rows is a few thousand messages, not 100,000 copies of their scores."""

    messages: list[Outcome]
    message: list[int]
    ids: list[str]
    replies: list[str]
    sent_on: list[date | None]
    replied_on: list[date | None]
    sources: list[str]
    refs: list[str]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, items: list[Outcome]) -> OutcomeBatch:
        """``items`` as a batch: outcomes with the same channel, scores, findings, words and text
        share one message."""
        index: dict[tuple, int] = {}
        messages: list[Outcome] = []
        which = []
        for o in items:
            key = (o.channel, o.overall, tuple(o.scores.items()), tuple(o.rules.items()), o.words, o.subject, o.body)
            if key not in index:
                index[key] = len(messages)
                messages.append(o)
            which.append(index[key])
        return cls(messages, which, [o.id for o in items], [o.reply for o in items], [o.sent_on for o in items],
                   [o.replied_on for o in items], [o.source for o in items], [o.ref for o in items])

    def outcomes(self) -> list[Outcome]:
        """One :class:`Outcome` per row (the rows of one message share its scores and rules dicts)."""
        return [
            Outcome(channel=m.channel, reply=reply, overall=m.overall, scores=m.scores, rules=m.rules, words=m.words,
                    sent_on=sent_on, replied_on=replied_on, subject=m.subject, body=m.body, source=source, ref=ref,
                    id=oid)
            for i, oid, reply, sent_on, replied_on, source, ref in zip(
                self.message, self.ids, self.replies, self.sent_on, self.replied_on, self.sources, self.refs,
                strict=True)
            for m in (self.messages[i],)
        ]


@dataclass
class ImportResult:
    batch: OutcomeBatch
    bad_rows: list[tuple[int, str]]  # (row number as a spreadsheet shows it, reason)
    rows: int
    notes: list[str] = field(default_factory=list)  # how the scoring went, when a user should know

    @property
    def used(self) -> int:
        return len(self.batch)

    @cached_property
    def outcomes(self) -> list[Outcome]:
        """The imported outcomes one by one (made on demand: the store takes the batch itself)."""
        return self.batch.outcomes()

    def bad_table(self) -> pd.DataFrame:
        return pd.DataFrame(self.bad_rows, columns=["row", "reason"])


def import_summary(name: str, rows: int, used: int, skipped: int) -> str:
    """What an import did, in a sentence ("Imported 58 of 60 rows of x.csv; 2 rows skipped ...")."""
    if not rows:
        return f"Nothing imported from {name}: it has no rows under its header."
    if not skipped:
        return f"Imported the one row of {name}." if rows == 1 else f"Imported all {rows:,} rows of {name}."
    if not used:
        return f"Nothing imported from {name}: {'its one row was' if rows == 1 else f'all {rows:,} rows were'} skipped (the reasons are below)."
    return (f"Imported {used:,} of {rows:,} rows of {name}; {skipped:,} {'row' if skipped == 1 else 'rows'} "
            "skipped (the reasons are below).")


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
    timeout: float | None = None,
) -> ImportResult:
    """Score and record every usable row of ``df``; list the others with the reason.

    Only the mapped columns are read; the candidate's name is never stored. Identical messages
    (the same channel, subject and text, as a mail merge sends) are scored once, in worker
    processes when there are many (``jobs`` of them, one per core by default; 1 keeps it in
    this process). ``on_progress(messages scored, distinct messages)`` is called as they are.
    ``timeout``: seconds a worker may take over one chunk of messages before the rest are
    scored in this process (pitch_lib.parallel's default when None).
    """
    missing = [FIELDS[f] for f in REQUIRED if not mapping.get(f)]
    if missing:
        raise OutcomeError(f"map a column to: {', '.join(missing)}")
    for fld, col in mapping.items():
        if col and col not in df.columns:
            raise OutcomeError(f"{FIELDS.get(fld, fld)}: no column {quoted(col)} in the file")

    codes = {fld: _distinct(df, mapping.get(fld)) for fld in ("body", "subject", "channel", "replied", "sent_on",
                                                               "replied_on")}
    body_codes, raw_bodies = codes["body"]
    bodies = [b if isinstance(b, str) else str(b or "") for b in raw_bodies]
    body_why = np.array([
        "no message text" if not b or b.isspace()
        else f"the message is longer than {MAX_BODY_CHARS:,} characters" if len(b) > MAX_BODY_CHARS else ""
        for b in bodies
    ], dtype=object)
    channels, channel_why = _parse_each(codes["channel"][1], lambda v: parse_channel(v, default_channel))
    replies, reply_why = _parse_each(codes["replied"][1], parse_reply)
    sents, sent_why = _parse_each(codes["sent_on"][1], lambda v: parse_day(v, "sent date"))
    reply_dates, replied_why = _parse_each(codes["replied_on"][1], lambda v: parse_day(v, "reply date"))

    # Each row's reason, the first that applies in this order (the text's, then each cell's).
    why = np.full(len(df), "", dtype=object)
    for fld, reasons in reversed((("body", body_why), ("channel", channel_why), ("replied", reply_why),
                                  ("sent_on", sent_why), ("replied_on", replied_why))):
        if reasons.any():
            row_reasons = reasons[codes[fld][0]]
            hit = row_reasons != ""
            why[hit] = row_reasons[hit]
    reply_codes, sent_codes, replied_codes = codes["replied"][0], codes["sent_on"][0], codes["replied_on"][0]
    has_reply_date = np.array([d is not None for d in reply_dates], dtype=bool)[replied_codes]
    said_no = np.array([r == "none" for r in replies], dtype=bool)[reply_codes]
    why[(why == "") & has_reply_date & said_no] = "a reply date, but replied says no"
    sent_day = np.array([d.toordinal() if d else -1 for d in sents], dtype=np.int64)[sent_codes]
    reply_day = np.array([d.toordinal() if d else -1 for d in reply_dates], dtype=np.int64)[replied_codes]
    why[(why == "") & (sent_day >= 0) & (reply_day >= 0) & (reply_day < sent_day)] = "the reply date is before the sent date"
    good = np.flatnonzero(why == "")
    bad = [(int(i) + 2, str(why[i])) for i in np.flatnonzero(why != "")]  # the header is row 1

    # A message is its channel (as parsed: "InMail" and "linkedin_inmail" are one), its subject
    # (trimmed) and its text: three small numbers per row, made into one to find the distinct ones.
    channel_ids, channel_names = pd.factorize(pd.Series([c or "" for c in channels], dtype=object))
    subject_ids, subject_texts = pd.factorize(pd.Series([str(s or "").strip() for s in codes["subject"][1]],
                                                        dtype=object))
    n_subjects, n_bodies = len(subject_texts), len(bodies)
    combined = (channel_ids.astype(np.int64)[codes["channel"][0][good]] * n_subjects
                + subject_ids[codes["subject"][0][good]]) * n_bodies + body_codes[good]
    message_of, distinct = pd.factorize(combined)
    keys = [
        (str(channel_names[k // (n_subjects * n_bodies)]), str(subject_texts[k // n_bodies % n_subjects]),
         bodies[k % n_bodies])
        for k in distinct.tolist()
    ]

    # Identical messages (a mail merge) are scored once: scoring is what an import costs, and
    # a long file's messages are shared among worker processes (pitch_lib.parallel).
    templates: list[Outcome] = []
    notes: list[str] = []
    # closing(): a page stopped halfway (the user left) stops the workers too, once their chunk is done.
    with closing(map_chunks(_score_messages, keys, (profile, role, rules, keep_text), jobs=jobs,
                            timeout=timeout, on_fallback=notes.append)) as chunks:
        for done, scored in chunks:
            templates.extend(scored)
            if on_progress:
                on_progress(done, len(keys))
    n = len(good)
    batch = OutcomeBatch(
        messages=templates, message=message_of.tolist(), ids=new_ids(n, 12),
        replies=np.array(replies, dtype=object)[reply_codes[good]].tolist(),
        sent_on=np.array(sents, dtype=object)[sent_codes[good]].tolist(),
        replied_on=np.array(reply_dates, dtype=object)[replied_codes[good]].tolist(),
        sources=["import"] * n, refs=[""] * n,
    )
    return ImportResult(batch, bad, len(df), notes)


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
