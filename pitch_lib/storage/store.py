"""Where saved work and team workshops live: a SQL database through SQLAlchemy 2.

Which database
    ``open_store()`` picks, in order: a URL passed in; the ``PITCH_DB_URL`` environment
    variable; a URL the app read from ``.streamlit/secrets.toml`` (``[connections.pitch_db]
    url = ...``, passed in as ``secrets_url``); otherwise a SQLite file,
    ``$PITCH_DATA_DIR/pitch_workshop.db`` (default ``./data/pitch_workshop.db``).
    PostgreSQL (``postgresql+psycopg://user:password@host:5432/db``) is the other supported
    database; ``postgres://`` and ``postgresql://`` URLs are read as psycopg 3.

Schema versions
    The tables are created on first start and their version is kept in ``pitch_schema``.
    A database at an older version is migrated in place by the steps in ``MIGRATIONS``; one at
    a *newer* version (written by a newer Pitch Workshop) is refused with :class:`SchemaTooNew`
    rather than half-understood.

Failures
    A database that cannot be reached, is locked, or has all connections busy raises
    :class:`StoreUnavailable` with a message a user can read; nothing else from the driver
    escapes. Access problems raise :class:`AccessDenied` and its kin, bad input raises
    :class:`~pitch_lib.models.ValidationError`.

Secrets
    Workspace ids (128 bits), workshop ids (96 bits), facilitator keys (192 bits) and participant
    tokens (128 bits) come from :mod:`secrets`. Facilitator keys and participant tokens are
    stored only as SHA-256 hashes (they are random, so a plain hash is enough: there is no
    dictionary to try). Join codes are 8 characters from Crockford's 32-letter alphabet
    (40 bits); wrong tries are logged in ``pitch_join_failures`` and slow down whoever makes
    them (see ``JOIN_LIMITS``).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import itertools
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from pitch_lib.engine.channels import CHANNEL_NAMES
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError, parse_json, quoted
from pitch_lib.progress_share import progress_only, strip_legacy_follows
from pitch_lib.workshop import (
    Board,
    Participant,
    ParticipantView,
    Submission,
    Vote,
    WorkshopInfo,
    submission_label,
    utcnow,
)
from pitch_lib.workspace import Workspace, new_id, new_ids

SCHEMA_VERSION = 5
DB_FILENAME = "pitch_workshop.db"
DEFAULT_DATA_DIR = "data"
SQLITE_BUSY_TIMEOUT_MS = 5000
PG_CONNECT_TIMEOUT_S = 5

# Join codes: 8 characters from Crockford's base-32 alphabet (no I, L, O, U), 32**8 = 2**40.
JOIN_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_CODE_LENGTH = 8


@dataclass(frozen=True)
class JoinLimit:
    max_wrong: int  # wrong codes allowed within the window ...
    window_s: int  # ... of this many seconds; from then on the client is slowed:
    slow_s: int  # one try (right or wrong) every this many seconds, until the window clears


# Wrong codes are counted per browser session (a typo or two is normal) and per client address
# (what a script cannot rotate; a room behind one office network shares one, hence the higher
# limit). Past the limit a client is *slowed*, not shut out: one try every 20 seconds. A right
# code still joins on that try, so a colleague behind the same network gets in, typically
# within 20 seconds (a guesser who keeps trying shares those tries with them). Why a right code is not let through at once: a slowed client whose every try
# were still checked could keep guessing at full speed, and the limit would mean nothing.
# Guessing from one address is thus held to 30 tries and then 3 a minute: about 4,300 a day,
# 1.6 million a year. With 100 workshops open at once each try hits with probability
# 100 / 2**40 (1.1e12): a year of guessing from one address finds a room with odds of about
# 1 in 7,000, and a workshop stops taking joins when it is closed.
JOIN_LIMITS: dict[str, JoinLimit] = {
    "session": JoinLimit(max_wrong=5, window_s=10 * 60, slow_s=20),
    "address": JoinLimit(max_wrong=30, window_s=10 * 60, slow_s=20),
}
# Wrong codes from everyone within the window, past which each open workshop's facilitator is
# told that codes are being guessed, and the wrong-code message tells people to ask theirs.
GUESSING_NOTICE_AT = 20

MAX_TITLE_CHARS = 120
MAX_NAME_CHARS = 40
MAX_SUBJECT_CHARS = 300
MAX_BODY_CHARS = 10_000
MAX_PARTICIPANTS = 200
MAX_SUBMISSIONS_PER_PARTICIPANT = 20
MAX_WORKSPACE_BYTES = 5 * 1024 * 1024
MAX_TIME_BOX_MINUTES = 24 * 60

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


# ---------------------------------------------------------------- errors

_REFUSED = (
    "The database refused the request, so nothing could be saved just now. Your work is kept "
    "in this tab; ask whoever runs Pitch Workshop to check the database."
)


class StoreError(Exception):
    """Base class; ``str(err)`` is a sentence a user can read."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or is locked. ``detail`` is for the admin (no password)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


class SchemaTooNew(StoreError):
    """The database was set up by a newer Pitch Workshop than this one."""

    def __init__(self, found: int, supported: int = SCHEMA_VERSION):
        self.found = found
        self.supported = supported
        super().__init__(
            f"This database was set up by a newer version of Pitch Workshop (schema version {found}; "
            f"this version understands up to {supported}). Upgrade Pitch Workshop, or point "
            "PITCH_DB_URL at another database. Nothing was changed."
        )


class NotFound(StoreError):
    pass


class AccessDenied(StoreError):
    pass


class WrongJoinCode(AccessDenied):
    def __init__(self, tries_left: int, *, slow_s: int = 0, busy: bool = False):
        self.tries_left = tries_left
        self.busy = busy
        if tries_left:
            after = f"{tries_left} {'try' if tries_left == 1 else 'tries'} left before joining slows down"
        else:
            after = f"from now on one try every {slow_s} seconds"
        text = f"No open workshop has that code. Check it with your facilitator ({after})."
        if busy:
            text += (
                " Many wrong codes are being tried on this server just now: ask your facilitator "
                "to show the code again, and type it as shown."
            )
        super().__init__(text)


class TooManyTries(AccessDenied):
    def __init__(self, retry_after_s: int):
        self.retry_after_s = retry_after_s
        seconds = max(1, retry_after_s)
        super().__init__(
            "Too many wrong codes from this browser or network. Try again in "
            f"{seconds} {'second' if seconds == 1 else 'seconds'} (the right code works then); "
            "meanwhile check the code with your facilitator."
        )


class WorkshopStateError(StoreError):
    """The action does not fit the workshop's phase (for example, submitting after the reveal)."""


# ---------------------------------------------------------------- schema

metadata = MetaData()

schema_table = Table(
    "pitch_schema",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

workspaces = Table(
    "pitch_workspaces",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("data", Text, nullable=False),  # Workspace.to_dict() as JSON text
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

workshops = Table(
    "pitch_workshops",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("join_code", String(16), nullable=False, unique=True),
    Column("facilitator_key_hash", String(64), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("profile", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("phase", String(16), nullable=False),
    Column("blind", Boolean, nullable=False),
    Column("guess_round", Boolean, nullable=False),
    Column("time_box_minutes", Integer),
    Column("deadline", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("revealed_at", DateTime),
    Column("closed_at", DateTime),
)

participants = Table(
    "pitch_participants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("workshop_id", String(32), ForeignKey("pitch_workshops.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(80), nullable=False),
    Column("name_key", String(80), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("draft", Text, nullable=False, default="{}"),
    Column("joined_at", DateTime, nullable=False),
    UniqueConstraint("workshop_id", "name_key", name="uq_pitch_participant_name"),
)

submissions = Table(
    "pitch_submissions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("workshop_id", String(32), ForeignKey("pitch_workshops.id", ondelete="CASCADE"), nullable=False),
    Column(
        "participant_id", String(32), ForeignKey("pitch_participants.id", ondelete="CASCADE"), nullable=False
    ),
    Column("number", Integer, nullable=False),
    Column("channel", String(40), nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("overall", Integer, nullable=False),
    Column("scorecard", Text, nullable=False),  # {"scores": ..., "metrics": ..., "top_findings": [...]}
    Column("submitted_at", DateTime, nullable=False),
    UniqueConstraint("workshop_id", "number", name="uq_pitch_submission_number"),
)
Index("ix_pitch_submissions_participant", submissions.c.participant_id)

votes = Table(
    "pitch_votes",
    metadata,
    Column(
        "participant_id",
        String(32),
        ForeignKey("pitch_participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("workshop_id", String(32), ForeignKey("pitch_workshops.id", ondelete="CASCADE"), nullable=False),
    Column(
        "submission_id", String(32), ForeignKey("pitch_submissions.id", ondelete="CASCADE"), nullable=False
    ),
    Column("voted_at", DateTime, nullable=False),
)
Index("ix_pitch_votes_workshop", votes.c.workshop_id)

# One row per wrong join code (schema version 3): when, from which session and which address
# (SHA-256 of each, never the address itself). Rows older than a day are deleted as joins go by.
join_failures = Table(
    "pitch_join_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("failed_at", DateTime, nullable=False),
    Column("session_key", String(64), nullable=False),
    Column("address_key", String(64), nullable=False),
)
Index("ix_pitch_join_failures_session", join_failures.c.session_key, join_failures.c.failed_at)
Index("ix_pitch_join_failures_address", join_failures.c.address_key, join_failures.c.failed_at)
Index("ix_pitch_join_failures_at", join_failures.c.failed_at)


# Read-only shares of a workspace's training progress (schema version 4): a learner creates
# one for a facilitator and can revoke it. Only the token's hash is stored.
progress_shares = Table(
    "pitch_progress_shares",
    metadata,
    Column("id", String(32), primary_key=True),  # names the share for "revoke"; grants nothing
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("workspace_id", String(64), nullable=False),
    Column("label", String(80), nullable=False),
    Column("created_at", DateTime, nullable=False),
)
Index("ix_pitch_progress_shares_workspace", progress_shares.c.workspace_id)
MAX_SHARES_PER_WORKSPACE = 20
MAX_SHARE_LABEL_CHARS = 60
MIGRATED_SHARE_LABEL = "made from a workspace link you gave earlier"


# What came of sent messages (issue 15), owned by one workspace. No foreign key: outcomes may be
# logged before the workspace's first save; delete_workspace removes them. Since schema version
# 5, a message's scores, findings and (if kept) text are stored once in pitch_outcome_messages
# and each outcome (who got it, when, and the reply) refers to its message: a mail merge of
# 100,000 rows is a few thousand messages, not 100,000 copies of their scores.
outcome_messages = Table(
    "pitch_outcome_messages",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("workspace_id", String(64), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("overall", Integer, nullable=False),
    Column("scores", Text, nullable=False),  # {"personalisation": n, ...}
    Column("rules", Text, nullable=False),  # {"tone.urgency": points lost, ...}
    Column("words", Integer, nullable=False),
    Column("subject", Text, nullable=False),  # "" unless the team keeps message text
    Column("body", Text, nullable=False),
)
Index("ix_pitch_outcome_messages_workspace", outcome_messages.c.workspace_id)


def _outcomes_table(name: str, meta: MetaData) -> Table:
    return Table(
        name,
        meta,
        Column("id", String(32), primary_key=True),
        Column("workspace_id", String(64), nullable=False),
        Column("source", String(16), nullable=False),  # import | variant | touch | demo
        Column("ref", String(200), nullable=False),
        Column("message_id", String(32), nullable=False),  # pitch_outcome_messages.id, same workspace
        Column("sent_on", Date),
        Column("reply", String(16), nullable=False),
        Column("replied_on", Date),
        Column("created_at", DateTime, nullable=False),
    )


outcomes = _outcomes_table("pitch_outcomes", metadata)
outcomes_by_workspace = Index("ix_pitch_outcomes_workspace", outcomes.c.workspace_id)
MAX_OUTCOMES_PER_WORKSPACE = 500_000

# pitch_outcomes as versions 2-4 had it: one row per message with its scores (the migration to
# version 2 creates it so, and the one to version 5 reads it).
_outcomes_v2 = Table(
    "pitch_outcomes",
    MetaData(),
    Column("id", String(32), primary_key=True),
    Column("workspace_id", String(64), nullable=False),
    Column("source", String(16), nullable=False),
    Column("ref", String(200), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("sent_on", Date),
    Column("reply", String(16), nullable=False),
    Column("replied_on", Date),
    Column("overall", Integer, nullable=False),
    Column("scores", Text, nullable=False),
    Column("rules", Text, nullable=False),
    Column("words", Integer, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
Index("ix_pitch_outcomes_workspace", _outcomes_v2.c.workspace_id)


def _add_outcomes_table(conn: Connection) -> None:
    _outcomes_v2.create(conn)  # with its index


def _messages_once(conn: Connection) -> None:
    """Version 5: each message's scores, findings and text move to pitch_outcome_messages (one
    message per outcome stored so far: nothing is merged, nothing changes), and pitch_outcomes
    keeps per row only what is its own and which message it is."""
    if not inspect(conn).has_table("pitch_outcome_messages"):
        outcome_messages.create(conn)  # with its index
    if "message_id" in {c["name"] for c in inspect(conn).get_columns("pitch_outcomes")}:
        return  # already in this form (a test that set the version back, say)
    moved = ", ".join(c.name for c in outcome_messages.columns)
    conn.execute(text(f"INSERT INTO pitch_outcome_messages ({moved}) SELECT {moved} FROM pitch_outcomes"))
    new_form = _outcomes_table("pitch_outcomes_v5", MetaData())
    new_form.create(conn)
    kept = [c.name for c in outcomes.columns]
    conn.execute(text(
        f"INSERT INTO pitch_outcomes_v5 ({', '.join(kept)}) "
        f"SELECT {', '.join('id' if c == 'message_id' else c for c in kept)} FROM pitch_outcomes"
    ))
    conn.execute(text("DROP TABLE pitch_outcomes"))  # with its index
    conn.execute(text("ALTER TABLE pitch_outcomes_v5 RENAME TO pitch_outcomes"))
    outcomes_by_workspace.create(conn)


def _delete_unused_messages(conn: Connection, workspace_id: str) -> None:
    used = select(outcomes.c.message_id).where(outcomes.c.workspace_id == workspace_id)
    conn.execute(delete(outcome_messages).where(outcome_messages.c.workspace_id == workspace_id,
                                                outcome_messages.c.id.not_in(used)))


def _insert_columns(conn: Connection, table: Table, columns: dict[str, Any], batch: int = 20_000) -> None:
    """Insert rows given as columns ({column name: a list of values, or one value for every row})
    with the driver's executemany.

    The same as ``conn.execute(insert(table), [dict, ...])``, without SQLAlchemy's per-row
    parameter processing (which cost more than the database's own work on a 100,000-row import):
    the statement is compiled once for this database, and a column's conversion (a date as SQLite
    stores it, say) is applied once per distinct value."""
    dialect = conn.dialect
    names = [c.name for c in table.columns]
    lengths = {len(v) for v in columns.values() if isinstance(v, list)}
    if len(lengths) != 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    rows = lengths.pop()
    values = []
    for c in table.columns:
        col = columns[c.name]
        convert = c.type.dialect_impl(dialect).bind_processor(dialect)
        if not isinstance(col, list):
            col = itertools.repeat(convert(col) if convert and col is not None else col, rows)
        elif convert:
            seen: dict[Any, Any] = {None: None}
            for v in set(col) - seen.keys():
                seen[v] = convert(v)
            col = [seen[v] for v in col]
        values.append(col)
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    params: Iterator = zip(*values)  # noqa: B905 (repeat() has no length; the lists' are checked above)
    if compiled.positional:
        order = [names.index(k) for k in compiled.positiontup]
        if order != list(range(len(names))):
            params = (tuple(r[i] for i in order) for r in params)
    else:
        params = (dict(zip(names, r, strict=True)) for r in params)
    sql = str(compiled)
    while chunk := list(itertools.islice(params, batch)):
        conn.exec_driver_sql(sql, chunk)


def _log_join_failures(conn: Connection) -> None:
    """Version 3: wrong join codes are logged one row each. The old per-client counters
    (``pitch_join_attempts``) held nothing that lasts past a quarter of an hour; they go."""
    join_failures.create(conn)  # with its indexes
    if inspect(conn).has_table("pitch_join_attempts"):
        conn.execute(text("DROP TABLE pitch_join_attempts"))


def _follow_by_share(conn: Connection) -> None:
    """Version 4: a facilitator followed learners by their workspace ids, which let anyone
    holding the facilitator's workspace (or its export) overwrite the learners' work. Each such
    id that names a saved workspace becomes a read-only share of that workspace (the learner
    sees it on their Progress page, labelled so, and can revoke it) and the facilitator follows
    its token; ids that name nothing are dropped. The ids leave every stored workspace."""
    progress_shares.create(conn)
    now = utcnow()
    existing = {r.id for r in conn.execute(select(workspaces.c.id))}
    # Only documents that can hold the old list are read (json.dumps writes the key as "team").
    candidates = select(workspaces.c.id, workspaces.c.data).where(workspaces.c.data.like('%"team"%'))
    for row in conn.execute(candidates).all():
        try:
            data = json.loads(row.data)
        except ValueError:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("training"), dict) or "team" not in data["training"]:
            continue
        training, ids = strip_legacy_follows(data["training"])
        following = [t for t in training.get("following", []) if isinstance(t, str)]
        for learner_ws in dict.fromkeys(ids):
            if learner_ws in existing and learner_ws != row.id:
                token = secrets.token_urlsafe(16)
                conn.execute(
                    insert(progress_shares).values(
                        id=new_id(12), token_hash=_hash(token), workspace_id=learner_ws,
                        label=MIGRATED_SHARE_LABEL, created_at=now,
                    )
                )
                following.append(token)
        training["following"] = following
        data["training"] = training
        conn.execute(
            update(workspaces).where(workspaces.c.id == row.id).values(data=json.dumps(data, ensure_ascii=False))
        )


# Steps from version n-1 to n. Version 1 is created from ``metadata`` directly. To change the
# schema: edit the tables above, bump SCHEMA_VERSION, and add MIGRATIONS[new] that alters an
# existing database from the previous version (ALTER TABLE ... that works on SQLite and PostgreSQL).
MIGRATIONS: dict[int, Any] = {
    2: _add_outcomes_table, 3: _log_join_failures, 4: _follow_by_share, 5: _messages_once,
}


# ---------------------------------------------------------------- configuration


def default_sqlite_path(data_dir: str | Path | None = None) -> Path:
    base = data_dir or os.environ.get("PITCH_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(base).expanduser() / DB_FILENAME


def resolve_url(
    url: str | None = None, *, secrets_url: str | None = None, data_dir: str | Path | None = None
) -> str:
    """The database URL to use: explicit > ``PITCH_DB_URL`` > secrets.toml > SQLite in the data folder."""
    chosen = (url or "").strip() or os.environ.get("PITCH_DB_URL", "").strip() or (secrets_url or "").strip()
    if not chosen:
        return "sqlite:///" + str(default_sqlite_path(data_dir).resolve())
    for prefix in ("postgres://", "postgresql://"):
        if chosen.startswith(prefix):
            return "postgresql+psycopg://" + chosen[len(prefix) :]
    return chosen


def safe_url(url: str | URL) -> str:
    """The URL with its password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(an invalid database URL)"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_join_code(code: str) -> str:
    """Upper-case, drop spaces and dashes, read O as 0 and I/L as 1 (Crockford's rules)."""
    cleaned = re.sub(r"[\s\-_.]", "", str(code or "")).upper()
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _check_text(field_name: str, value: Any, max_chars: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field_name, "must be text")
    value = value.strip()
    if required and not value:
        raise ValidationError(field_name, "is required")
    if len(value) > max_chars:
        raise ValidationError(field_name, f"is too long ({len(value)} characters; the limit is {max_chars})")
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value):
        raise ValidationError(field_name, "contains control characters")
    return value


NAME_KEY_CHARS = 80  # the length of participants.name_key
# Scripts whose letters look alike ("а" is Cyrillic, "a" Latin): one display name may not mix them.
_CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def confusable_skeleton(name: str) -> str:
    """``name`` with each Cyrillic or Greek letter that looks like a Latin one replaced by that
    letter (all-Cyrillic "Јое" becomes Latin "Joe"; Latin letters stay as they are), so a name
    written in look-alike letters of another script cannot pass for one already in the room.

    The look-alikes are Unicode's confusables table (UTS #39) as the ``confusable_homoglyphs``
    package ships it; a letter with no Latin look-alike is kept as it is."""
    from confusable_homoglyphs.categories import alias
    from confusable_homoglyphs.confusables import confusables_data

    out = []
    for ch in name:
        if alias(ch) in _CONFUSABLE_SCRIPTS[1:]:
            latin = [
                d["c"] for d in confusables_data.get(ch, ()) if len(d["c"]) == 1 and alias(d["c"]) == "LATIN"
            ]
            if latin:
                ch = latin[0]
        out.append(ch)
    return "".join(out)


def clean_display_name(value: Any) -> tuple[str, str]:
    """A participant's display name as shown, and its key for "is this name taken?".

    NFKC-normalised (full-width letters, ligatures and other compatibility forms become plain
    ones), so look-alikes written with them share one key. Refused, with the reason: invisible
    characters (zero-width spaces and joiners, direction overrides), a name with no visible
    character, letters mixed from Latin, Cyrillic and Greek (the scripts that look alike), and
    a name too long once normalised. The key also reads look-alike letters of one other script
    as Latin (:func:`confusable_skeleton`), so all-Cyrillic "Јое" cannot join beside "Joe"."""
    if not isinstance(value, str):
        raise ValidationError("display name", "must be text")
    name = unicodedata.normalize("NFKC", value).strip()
    invisible = [ch for ch in name if unicodedata.category(ch) == "Cf"]
    if invisible:
        raise ValidationError(
            "display name",
            f"contains invisible characters (such as U+{ord(invisible[0]):04X}, a zero-width or "
            "direction mark); type the name plainly",
        )
    name = " ".join(name.split())
    name = _check_text("display name", name, MAX_NAME_CHARS, required=True)
    if not any(unicodedata.category(ch)[0] in "LNS" for ch in name):
        raise ValidationError("display name", "needs at least one letter or digit")
    scripts = {
        script
        for ch in name
        if ch.isalpha() and (script := unicodedata.name(ch, "").split(" ")[0]) in _CONFUSABLE_SCRIPTS
    }
    if len(scripts) > 1:
        raise ValidationError(
            "display name",
            f"mixes {' and '.join(sorted(s.title() for s in scripts))} letters, which can look alike; "
            "write it in one alphabet",
        )
    key = confusable_skeleton(name).casefold()
    if len(key) > NAME_KEY_CHARS:
        raise ValidationError(
            "display name", f"is too long once its letters are normalised (the limit is {MAX_NAME_CHARS})"
        )
    return name, key


def _without_nul(text: str) -> str:
    """Text without NUL characters: invisible, meaningless in a pitch, and refused by PostgreSQL."""
    return text.replace("\x00", "")


def export_workspace_json(ws: Workspace) -> str:
    """'Export everything': the workspace as a JSON file that :func:`parse_workspace_json` reads back."""
    return json.dumps(ws.to_dict(), indent=2, ensure_ascii=False)


def parse_workspace_json(raw: str | bytes) -> Workspace:
    """Read an exported workspace; raises ValidationError naming what is wrong."""
    if len(raw) > MAX_WORKSPACE_BYTES:
        raise ValidationError("file", f"is larger than {MAX_WORKSPACE_BYTES // (1024 * 1024)} MB")
    data = parse_json(raw, "file")
    if not isinstance(data, dict) or data.get("format") != "pitch-workshop/workspace":
        raise ValidationError(
            "file",
            'is not a Pitch Workshop workspace export (it needs "format": "pitch-workshop/workspace"; '
            "a single profile is imported on the Profile page)",
        )
    return Workspace.from_dict(data)


@dataclass(frozen=True)
class ClientId:
    """Who is trying a join code, for the rate limit: a browser session and the client's address
    (see :func:`client_address`; "local" when the server cannot tell)."""

    session: str
    address: str | None = None

    def keys(self) -> dict[str, str]:
        return {
            "session": _hash("session:" + self.session),
            "address": _hash("address:" + (self.address or "local")),
        }


def parse_proxies(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Addresses or networks separated by commas or spaces ("10.0.0.5, 10.1.0.0/16"); a
    ValueError names an entry that is neither."""
    nets = []
    for entry in re.split(r"[,\s]+", text or ""):
        if entry:
            try:
                nets.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or network") from None
    return tuple(nets)


def _is_in(host: str, nets) -> bool:  # noqa: ANN001
    try:
        ip = ipaddress.ip_address(host.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in net for net in nets)


def _forwarded_client(forwarded_for: str | None, trusted) -> str | None:  # noqa: ANN001
    """The right-most X-Forwarded-For entry that is not a trusted proxy (each proxy appends the
    address it saw; anything left of that came from the client and could be forged); the
    left-most when all are trusted; None without the header."""
    hops = [h.strip() for h in (forwarded_for or "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_in(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else None


def client_address(peer: str, forwarded_for: str | None, trusted_proxies) -> str:  # noqa: ANN001
    """Whose join attempt this is: the connection's peer, unless the peer is one of the trusted
    proxies; then the client the proxies name in X-Forwarded-For. With no trusted proxies the
    header is ignored altogether, so a client cannot choose its own address."""
    if not trusted_proxies or not _is_in(peer, trusted_proxies):
        return peer
    return _forwarded_client(forwarded_for, trusted_proxies) or peer


LOOPBACK = "127.0.0.1"
# The hosts Streamlit's web server (uvicorn) itself takes X-Forwarded-For from, unless
# FORWARDED_ALLOW_IPS says otherwise.
SERVER_TRUSTED_DEFAULT = "127.0.0.1,::1"


def socket_peer(reported: str | None, forwarded_for: str | None, server_trusted: str = SERVER_TRUSTED_DEFAULT) -> str:
    """The connection's own peer, from the address Streamlit reports. Streamlit reports loopback
    as None, and its web server has already replaced the address of a connection from a host it
    trusts (loopback by default) with an X-Forwarded-For entry, which any local program can
    write. A reported address that is the one the server would take from the header is read as
    such a connection: from loopback."""
    if not reported:
        return LOOPBACK
    try:
        nets = parse_proxies(server_trusted)
    except ValueError:
        nets = parse_proxies(SERVER_TRUSTED_DEFAULT)
    if forwarded_for and _forwarded_client(forwarded_for, nets) == reported:
        return LOOPBACK
    return reported


@dataclass(frozen=True)
class ProgressShare:
    id: str
    label: str
    created_at: datetime


@dataclass(frozen=True)
class SharedProgress:
    workspace_name: str
    training: dict  # progress only: {"learners": {...}} without drafts


@dataclass(frozen=True)
class CreatedWorkshop:
    workshop: WorkshopInfo
    facilitator_key: str  # shown once in the private link; only its hash is stored


@dataclass(frozen=True)
class JoinedWorkshop:
    workshop: WorkshopInfo
    participant: Participant
    token: str  # the participant's secret; only its hash is stored


# ---------------------------------------------------------------- the store


class Store:
    """One database. Thread-safe (the engine pools connections); keep one per process."""

    def __init__(
        self,
        url: str,
        *,
        busy_timeout_ms: int | None = None,
        pool_size: int = 5,
        clock: Callable[[], datetime] | None = None,
    ):
        self.url = url
        # What time it is for the workshops' deadlines and the join limit (tests pass their own).
        self._clock = clock
        busy_timeout_ms = busy_timeout_ms or SQLITE_BUSY_TIMEOUT_MS
        try:
            parsed = make_url(url)
        except Exception:
            raise StoreUnavailable(
                "The database URL is not valid. Check PITCH_DB_URL or [connections.pitch_db] in secrets.toml.",
                detail="could not parse the URL",
            ) from None
        self.dialect = parsed.get_backend_name()
        self.description = self._describe(parsed)
        # The SQLite file this store opened, and its identity (device, inode) once known: a file
        # deleted or swapped under a running server must stop writes, not swallow them.
        self._file: Path | None = None
        self._file_id: tuple[int, int] | None = None
        if self.dialect == "sqlite" and parsed.database and parsed.database != ":memory:":
            self._file = Path(parsed.database)
        try:
            self.engine = self._make_engine(parsed, busy_timeout_ms, pool_size)
        except StoreError:
            raise
        except Exception as e:
            raise StoreUnavailable(
                "Pitch Workshop cannot use this database URL. Check PITCH_DB_URL or [connections.pitch_db].",
                detail=f"{safe_url(parsed)}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
            ) from None
        try:
            self.ensure_schema()
            self._file_id = self._identity()
        except BaseException:
            self.engine.dispose()
            raise

    # -- engine

    @staticmethod
    def _describe(u: URL) -> str:
        if u.get_backend_name() == "sqlite":
            return (
                f"SQLite file {u.database}" if u.database and u.database != ":memory:" else "SQLite in memory"
            )
        if u.get_backend_name() == "postgresql":
            return f"PostgreSQL database {u.database or ''} on {u.host or 'localhost'}"
        return f"{u.get_backend_name()} database (not tested with Pitch Workshop)"

    @property
    def where(self) -> str:
        """Where saved work goes, in words any visitor may read: no file path, host, user or
        database name (those are for the server log, see ``description``)."""
        return "saved on this server" if self.dialect == "sqlite" else "saved in the team database"

    def _make_engine(self, u: URL, busy_timeout_ms: int, pool_size: int) -> Engine:
        if u.get_backend_name() == "sqlite":
            memory = not u.database or u.database == ":memory:"
            if not memory:
                try:
                    Path(u.database).parent.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise StoreUnavailable(
                        "Cannot create the folder for saved work on this server.",
                        detail=f"{Path(u.database).parent}: {e}",
                    ) from None
            kwargs: dict[str, Any] = {
                "connect_args": {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
            }
            if memory:
                kwargs["poolclass"] = StaticPool
            else:
                kwargs.update(pool_size=pool_size, max_overflow=10, pool_timeout=30)
            engine = create_engine(u, **kwargs)
            _configure_sqlite(engine, busy_timeout_ms, wal=not memory)
            return engine
        connect_args: dict[str, Any] = {}
        if u.get_backend_name() == "postgresql":
            connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
        return create_engine(
            u,
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=10,
            pool_timeout=30,
            connect_args=connect_args,
        )

    def close(self) -> None:
        self.engine.dispose()

    def _now(self) -> datetime:
        return self._clock() if self._clock is not None else utcnow()

    @contextlib.contextmanager
    def _translate(self) -> Iterator[None]:
        """Turn driver failures into StoreUnavailable with a message a user can act on."""
        try:
            try:
                yield
            except sa_exc.DBAPIError as e:
                # SQLite rolls the whole transaction back on some errors (a full disk), so leaving
                # a savepoint then fails with "no such savepoint": the error that matters is the first.
                if "no such savepoint" in str(e):
                    cause = e.__context__
                    while cause is not None and not (
                        isinstance(cause, sa_exc.DBAPIError) and "savepoint" not in str(cause)
                    ):
                        cause = cause.__context__
                    if cause is not None:
                        raise cause from None
                raise
        except StoreError:
            raise
        except sa_exc.TimeoutError as e:
            raise StoreUnavailable(
                "The database is too busy right now (every connection is in use). Your work is kept in "
                "this tab; it is saved when the database answers again.",
                detail=str(e).splitlines()[0],
            ) from None
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as e:
            reason = str(getattr(e, "orig", e) or e).strip().splitlines()
            reason_text = reason[0] if reason else type(e).__name__
            if self.dialect == "sqlite" and "locked" in reason_text:
                msg = (
                    "The database file is locked by another program, so nothing could be saved just now. "
                    "Your work is kept in this tab; it is saved when the file is free again."
                )
            elif self.dialect == "sqlite" and any(
                w in reason_text
                for w in ("unable to open", "readonly", "disk", "permission", "not a database")
            ):
                msg = (
                    "The database file cannot be opened or written. Your work is kept in this tab; "
                    "ask whoever runs Pitch Workshop to check the data folder."
                )
            elif self.dialect == "sqlite":
                msg = _REFUSED
            else:
                msg = (
                    "The database cannot be reached, so nothing could be saved just now. Your work is kept "
                    "in this tab; it is saved when the database is back."
                )
            raise StoreUnavailable(msg, detail=f"{self.description}: {reason_text}") from None
        except sa_exc.IntegrityError:
            raise  # a constraint the caller handles (a duplicate code, a concurrent first save)
        except sa_exc.DBAPIError as e:
            reason = (
                str(e.orig).strip().splitlines()[0] if e.orig and str(e.orig).strip() else type(e).__name__
            )
            if e.connection_invalidated:
                raise StoreUnavailable(
                    "The connection to the database was lost. Your work is kept in this tab; try again.",
                    detail=f"{self.description}: {reason}",
                ) from None
            # Anything else the database refuses (no permission to create tables, a table dropped
            # by hand, ...) is for whoever runs the app; the page gets a sentence, not a traceback.
            raise StoreUnavailable(_REFUSED, detail=f"{self.description}: {reason}") from None

    def _identity(self) -> tuple[int, int] | None:
        """(device, inode) of the SQLite file, or None when it is not there (or not a file store)."""
        if self._file is None:
            return None
        try:
            st = os.stat(self._file)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _check_file(self, *, after_write: bool = False) -> None:
        """Refuse to go on when the SQLite file this store opened was deleted or replaced.

        SQLite keeps writing into a deleted file's open inode (nobody can ever read it again)
        and a swapped-in file is not the one the links point into; either way, say so instead of
        reporting a save. Checked before every transaction and again after every commit."""
        if self._file is None or self._file_id is None or self._identity() == self._file_id:
            return
        gone = not self._file.exists()
        raise StoreUnavailable(
            ("Your last change was not saved: " if after_write else "Nothing can be saved just now: ")
            + ("the database file was removed" if gone else "the database file was replaced")
            + " while Pitch Workshop was running. Your work is kept in this tab; export it to keep it, "
            "and ask whoever runs Pitch Workshop to put the file back and restart the app.",
            detail=f"{self.description}: {'missing' if gone else 'replaced by another file'} since the app opened it",
        )

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        self._check_file()
        with self._translate(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction; on SQLite it takes the write lock up front (BEGIN IMMEDIATE), so two
        writers queue on the busy timeout instead of failing halfway with 'database is locked'."""
        self._check_file()
        with self._translate(), self.engine.connect() as conn:
            conn = conn.execution_options(pitch_write=True)
            with conn.begin():
                yield conn
        self._check_file(after_write=True)

    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers."""
        with self._read() as conn:
            conn.execute(text("SELECT 1"))

    # -- schema

    def schema_version(self) -> int | None:
        with self._read() as conn:
            if not inspect(conn).has_table(schema_table.name):
                return None
            return conn.execute(select(schema_table.c.version).where(schema_table.c.id == 1)).scalar()

    def ensure_schema(self) -> None:
        """Create the tables, or migrate them, or refuse a newer schema. Safe to run concurrently."""
        with self._write() as conn:
            if self.dialect == "postgresql":
                # One migrator at a time across processes; released at commit.
                conn.execute(text("SELECT pg_advisory_xact_lock(74657)"))
            found = None
            if inspect(conn).has_table(schema_table.name):
                found = conn.execute(select(schema_table.c.version).where(schema_table.c.id == 1)).scalar()
            if found is None:
                metadata.create_all(conn)
                conn.execute(insert(schema_table).values(id=1, version=SCHEMA_VERSION, updated_at=self._now()))
                return
            if found > SCHEMA_VERSION:
                raise SchemaTooNew(found, SCHEMA_VERSION)
            for version in range(found + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version](conn)
            if found < SCHEMA_VERSION:
                conn.execute(
                    update(schema_table)
                    .where(schema_table.c.id == 1)
                    .values(version=SCHEMA_VERSION, updated_at=self._now())
                )

    def drop_all(self) -> None:
        """Remove every Pitch Workshop table (tests and 'start over' only)."""
        with self._write() as conn:
            metadata.drop_all(conn)

    # ------------------------------------------------------------ workspaces

    def save_workspace(self, ws: Workspace) -> None:
        """Insert or replace the workspace document (last write wins)."""
        if not _ID_RE.match(ws.id or ""):
            raise ValidationError("workspace id", "must be 8-64 letters, digits, - or _")
        data = json.dumps(ws.to_dict(), ensure_ascii=False)
        if len(data.encode("utf-8")) > MAX_WORKSPACE_BYTES:
            raise ValidationError("workspace", f"is larger than {MAX_WORKSPACE_BYTES // (1024 * 1024)} MB")
        # PostgreSQL refuses NUL in text (the JSON document escapes it; the name column would not).
        name = _without_nul(ws.name or "")[:200].strip() or "My workspace"
        now = self._now()
        with self._write() as conn:
            done = conn.execute(
                update(workspaces)
                .where(workspaces.c.id == ws.id)
                .values(name=name, data=data, updated_at=now)
            ).rowcount
            if not done:
                try:
                    with conn.begin_nested():  # another tab may save the same new workspace at this instant
                        conn.execute(
                            insert(workspaces).values(
                                id=ws.id, name=name, data=data, created_at=now, updated_at=now
                            )
                        )
                except sa_exc.IntegrityError:
                    conn.execute(
                        update(workspaces)
                        .where(workspaces.c.id == ws.id)
                        .values(name=name, data=data, updated_at=now)
                    )

    def load_workspace(self, workspace_id: str) -> Workspace | None:
        """The saved workspace, or None if there is none with that id."""
        if not _ID_RE.match(workspace_id or ""):
            return None
        with self._read() as conn:
            raw = conn.execute(select(workspaces.c.data).where(workspaces.c.id == workspace_id)).scalar()
        if raw is None:
            return None
        ws = Workspace.from_dict(json.loads(raw))
        ws.id = workspace_id
        return ws

    def workspace_saved_at(self, workspace_id: str) -> datetime | None:
        if not _ID_RE.match(workspace_id or ""):
            return None
        with self._read() as conn:
            return conn.execute(
                select(workspaces.c.updated_at).where(workspaces.c.id == workspace_id)
            ).scalar()

    def rename_workspace(self, workspace_id: str, name: str) -> Workspace:
        name = _check_text("workspace name", name, 200, required=True)
        ws = self.load_workspace(workspace_id)
        if ws is None:
            raise NotFound("There is no saved workspace with that id.")
        ws.name = name
        self.save_workspace(ws)
        return ws

    def delete_workspace(self, workspace_id: str) -> bool:
        if not _ID_RE.match(workspace_id or ""):
            return False
        with self._write() as conn:
            conn.execute(delete(outcomes).where(outcomes.c.workspace_id == workspace_id))
            conn.execute(delete(outcome_messages).where(outcome_messages.c.workspace_id == workspace_id))
            conn.execute(delete(progress_shares).where(progress_shares.c.workspace_id == workspace_id))
            return bool(conn.execute(delete(workspaces).where(workspaces.c.id == workspace_id)).rowcount)

    def import_workspace(self, raw: str | bytes) -> Workspace:
        """Save an exported file as a *new* workspace (new id, new link); the old one is untouched."""
        ws = parse_workspace_json(raw)
        ws.id = new_id(16)
        self.save_workspace(ws)
        return ws

    # ------------------------------------------------------------ read-only progress shares

    def create_progress_share(self, workspace_id: str, label: str = "") -> str:
        """A new read-only share of this saved workspace's training progress; returns the token
        (shown once: only its hash is stored)."""
        label = _check_text("label", _without_nul(label or ""), MAX_SHARE_LABEL_CHARS)
        if not _ID_RE.match(workspace_id or ""):
            raise ValidationError("workspace.id", "must be 8-64 letters, digits, - or _")
        token = secrets.token_urlsafe(16)
        with self._write() as conn:
            if conn.execute(select(workspaces.c.id).where(workspaces.c.id == workspace_id)).first() is None:
                raise NotFound("Save your work first (make any change): a share points to a saved workspace.")
            have = conn.execute(
                select(func.count()).select_from(progress_shares).where(progress_shares.c.workspace_id == workspace_id)
            ).scalar_one()
            if have >= MAX_SHARES_PER_WORKSPACE:
                raise ValidationError(
                    "shares", f"a workspace keeps at most {MAX_SHARES_PER_WORKSPACE}; revoke one you no longer need",
                    words=f"A workspace keeps at most {MAX_SHARES_PER_WORKSPACE} share links: revoke one you no longer need."
                )
            conn.execute(
                insert(progress_shares).values(
                    id=new_id(12), token_hash=_hash(token), workspace_id=workspace_id, label=label,
                    created_at=self._now(),
                )
            )
        return token

    def progress_shares(self, workspace_id: str) -> list[ProgressShare]:
        """This workspace's shares, oldest first (their tokens are not stored, so not shown)."""
        if not _ID_RE.match(workspace_id or ""):
            return []
        with self._read() as conn:
            rows = conn.execute(
                select(progress_shares.c.id, progress_shares.c.label, progress_shares.c.created_at)
                .where(progress_shares.c.workspace_id == workspace_id)
                .order_by(progress_shares.c.created_at, progress_shares.c.id)
            ).all()
        return [ProgressShare(r.id, r.label, r.created_at) for r in rows]

    def revoke_progress_share(self, workspace_id: str, share_id: str) -> bool:
        """Stop a share: its token reads nothing from now on. Only the workspace's own shares."""
        with self._write() as conn:
            return bool(
                conn.execute(
                    delete(progress_shares).where(
                        progress_shares.c.id == share_id, progress_shares.c.workspace_id == workspace_id
                    )
                ).rowcount
            )

    def shared_progress(self, token: str) -> SharedProgress:
        """What a share token shows: the workspace's name and its learners' progress, read-only
        (no drafts, no workspace id). NotFound when the token is wrong or was revoked."""
        gone = NotFound("This progress share is not valid: the learner may have revoked it.")
        if not token or not isinstance(token, str) or len(token) > 64:
            raise gone
        with self._read() as conn:
            ws_id = conn.execute(
                select(progress_shares.c.workspace_id).where(progress_shares.c.token_hash == _hash(token))
            ).scalar()
            row = (
                conn.execute(select(workspaces.c.name, workspaces.c.data).where(workspaces.c.id == ws_id)).first()
                if ws_id
                else None
            )
        if row is None:
            raise gone
        try:
            data = json.loads(row.data)
        except ValueError:
            data = {}
        return SharedProgress(row.name, progress_only(data.get("training") if isinstance(data, dict) else None))

    # ------------------------------------------------------------ outcomes (one workspace's own)

    def add_outcomes(self, workspace_id: str, items) -> int:
        """Store ``items`` for this workspace: a list of pitch_lib.outcomes.Outcome, or an
        OutcomeBatch (an import's: each distinct message once); returns how many outcomes."""
        from pitch_lib.outcomes import OutcomeBatch

        if not _ID_RE.match(workspace_id or ""):
            raise ValidationError("workspace id", "must be 8-64 letters, digits, - or _")
        batch = items if isinstance(items, OutcomeBatch) else OutcomeBatch.of(list(items))
        if not len(batch):
            return 0
        message_ids = new_ids(len(batch.messages), 12)
        as_json: dict[int, str] = {}  # an import's messages may share a dict: each written once

        def dumped(d: dict) -> str:
            key = id(d)  # the dicts outlive this call (``batch`` holds them), so ids are not reused
            if key not in as_json:
                as_json[key] = json.dumps(d)
            return as_json[key]

        messages = batch.messages
        with self._write() as conn:
            have = conn.execute(
                select(func.count()).select_from(outcomes).where(outcomes.c.workspace_id == workspace_id)
            ).scalar_one()
            if have + len(batch) > MAX_OUTCOMES_PER_WORKSPACE:
                raise ValidationError(
                    "outcomes", f"a workspace keeps at most {MAX_OUTCOMES_PER_WORKSPACE:,} (it has {have:,})",
                    words=f"A workspace keeps at most {MAX_OUTCOMES_PER_WORKSPACE:,} logged messages (it has {have:,})."
                )
            _insert_columns(conn, outcome_messages, {
                "id": message_ids, "workspace_id": workspace_id, "channel": [m.channel for m in messages],
                "overall": [int(m.overall) for m in messages], "scores": [dumped(m.scores) for m in messages],
                "rules": [dumped(m.rules) for m in messages], "words": [int(m.words) for m in messages],
                "subject": [m.subject for m in messages], "body": [m.body for m in messages],
            })
            _insert_columns(conn, outcomes, {
                "id": batch.ids, "workspace_id": workspace_id, "source": [s[:16] for s in batch.sources],
                "ref": [r[:200] for r in batch.refs], "message_id": [message_ids[i] for i in batch.message],
                "sent_on": batch.sent_on, "reply": batch.replies, "replied_on": batch.replied_on,
                "created_at": self._now(),
            })
        return len(batch)

    def list_outcomes(self, workspace_id: str) -> list:
        """Every outcome of this workspace, oldest first (nobody else's). The outcomes of one
        message share its scores and rules dicts."""
        from pitch_lib.outcomes import Outcome

        if not _ID_RE.match(workspace_id or ""):
            return []
        with self._read() as conn:
            messages = {
                m.id: m for m in conn.execute(
                    select(outcome_messages).where(outcome_messages.c.workspace_id == workspace_id)
                )
            }
            rows = conn.execute(
                select(outcomes).where(outcomes.c.workspace_id == workspace_id)
                .order_by(outcomes.c.created_at, outcomes.c.sent_on, outcomes.c.id)
            ).all()
        read: dict[str, tuple[dict, dict]] = {}
        out = []
        for r in rows:
            m = messages[r.message_id]
            if r.message_id not in read:
                read[r.message_id] = json.loads(m.scores), json.loads(m.rules)
            scores, rules = read[r.message_id]
            out.append(Outcome(
                id=r.id, source=r.source, ref=r.ref, channel=m.channel, sent_on=r.sent_on, reply=r.reply,
                replied_on=r.replied_on, overall=m.overall, scores=scores, rules=rules, words=m.words,
                subject=m.subject, body=m.body,
            ))
        return out

    def count_outcomes(self, workspace_id: str) -> int:
        with self._read() as conn:
            return conn.execute(
                select(func.count()).select_from(outcomes).where(outcomes.c.workspace_id == workspace_id)
            ).scalar_one()

    def delete_outcomes(self, workspace_id: str, ids: list[str] | None = None) -> int:
        """Delete this workspace's outcomes (all of them, or those in ``ids``), and the messages no
        outcome refers to any more; returns how many outcomes."""
        stmt = delete(outcomes).where(outcomes.c.workspace_id == workspace_id)
        if ids is not None:
            stmt = stmt.where(outcomes.c.id.in_(list(ids)))
        with self._write() as conn:
            n = conn.execute(stmt).rowcount
            _delete_unused_messages(conn, workspace_id)
            return n

    # ------------------------------------------------------------ workshops: facilitator

    def create_workshop(
        self,
        title: str,
        profile: CandidateProfile,
        role: Role,
        channel: str,
        *,
        time_box_minutes: int | None = None,
        blind: bool = True,
        guess_round: bool = True,
    ) -> CreatedWorkshop:
        title = _check_text("title", title, MAX_TITLE_CHARS, required=True)
        if channel not in CHANNEL_NAMES:
            raise ValidationError(
                "channel", f"is {quoted(channel)}, which is not a channel (choose from: {', '.join(CHANNEL_NAMES)})"
            )
        if time_box_minutes is not None:
            if isinstance(time_box_minutes, bool) or not isinstance(time_box_minutes, int):
                raise ValidationError("time box", "must be a whole number of minutes")
            if not 1 <= time_box_minutes <= MAX_TIME_BOX_MINUTES:
                raise ValidationError("time box", f"must be between 1 and {MAX_TIME_BOX_MINUTES} minutes")
        key = secrets.token_urlsafe(24)
        now = self._now()
        values = {
            "id": new_id(12),
            "title": title,
            "facilitator_key_hash": _hash(key),
            "channel": channel,
            "profile": json.dumps(profile.to_dict(), ensure_ascii=False),
            "role": json.dumps(role.to_dict(), ensure_ascii=False),
            "phase": "open",
            "blind": bool(blind),
            "guess_round": bool(guess_round),
            "time_box_minutes": time_box_minutes,
            "deadline": now + timedelta(minutes=time_box_minutes) if time_box_minutes else None,
            "created_at": now,
        }
        for _ in range(5):  # a clash among 2**40 codes is rare; retry with a fresh one
            values["join_code"] = new_join_code()
            try:
                with self._write() as conn:
                    conn.execute(insert(workshops).values(**values))
                break
            except sa_exc.IntegrityError:
                continue
        else:  # pragma: no cover - five clashes in a row means something else is wrong
            raise StoreError("Could not create a workshop code; try again.")
        return CreatedWorkshop(self._workshop_by_id(values["id"]), key)

    def _workshop_by_id(self, workshop_id: str, conn: Connection | None = None) -> WorkshopInfo:
        if conn is None:
            with self._read() as c:
                return self._workshop_by_id(workshop_id, c)
        return _workshop_info(self._workshop_row(conn, workshop_id))

    @staticmethod
    def _workshop_row(conn: Connection, workshop_id: str, *, lock: bool = False):
        """The workshop's row; with ``lock``, held until the transaction ends (FOR UPDATE), so a
        phase check and the write that depends on it are one step."""
        q = select(workshops).where(workshops.c.id == workshop_id)
        if lock:
            q = q.with_for_update()
        row = conn.execute(q).mappings().first()
        if row is None:
            raise NotFound("That workshop no longer exists.")
        return row

    def _facilitator_row(self, conn: Connection, workshop_id: str, key: str, *, lock: bool = False):
        if not (workshop_id and key and _ID_RE.match(workshop_id)):
            raise AccessDenied(
                "This facilitator link is not valid (the workshop id or key is missing or wrong)."
            )
        try:
            row = self._workshop_row(conn, workshop_id, lock=lock)
        except NotFound:
            row = None
        if row is None or not hmac.compare_digest(row["facilitator_key_hash"], _hash(key)):
            raise AccessDenied(
                "This facilitator link is not valid (the workshop id or key is missing or wrong)."
            )
        return row

    def facilitator_board(self, workshop_id: str, key: str) -> Board:
        """Everything about the workshop; needs the facilitator key."""
        with self._read() as conn:
            row = self._facilitator_row(conn, workshop_id, key)
            return self._board(conn, _workshop_info(row))

    def _board(self, conn: Connection, info: WorkshopInfo) -> Board:
        people = tuple(
            Participant(r.id, r.name, r.joined_at)
            for r in conn.execute(
                select(participants.c.id, participants.c.name, participants.c.joined_at)
                .where(participants.c.workshop_id == info.id)
                .order_by(participants.c.joined_at, participants.c.name)
            )
        )
        return Board(
            workshop=info,
            participants=people,
            submissions=self._submissions(conn, info.id),
            votes=tuple(
                Vote(r.participant_id, r.submission_id, r.voted_at)
                for r in conn.execute(select(votes).where(votes.c.workshop_id == info.id))
            ),
        )

    def _submissions(
        self, conn: Connection, workshop_id: str, participant_id: str | None = None
    ) -> tuple[Submission, ...]:
        q = (
            select(submissions, participants.c.name.label("participant_name"))
            .join(participants, participants.c.id == submissions.c.participant_id)
            .where(submissions.c.workshop_id == workshop_id)
            .order_by(submissions.c.number)
        )
        if participant_id is not None:
            q = q.where(submissions.c.participant_id == participant_id)
        return tuple(_submission(r) for r in conn.execute(q).mappings())

    def _set_phase(
        self, workshop_id: str, key: str, allowed_from: tuple[str, ...], what: str, **values
    ) -> WorkshopInfo:
        with self._write() as conn:
            row = self._facilitator_row(conn, workshop_id, key, lock=True)
            if row["phase"] not in allowed_from:
                raise WorkshopStateError(f"Cannot {what}: the workshop is {row['phase']}.")
            conn.execute(update(workshops).where(workshops.c.id == workshop_id).values(**values))
            return self._workshop_by_id(workshop_id, conn)

    def start_voting(self, workshop_id: str, key: str) -> WorkshopInfo:
        """Open the guess-the-winner round: pitches are frozen, participants vote."""
        with self._read() as conn:
            row = self._facilitator_row(conn, workshop_id, key)
        if not row["guess_round"]:
            raise WorkshopStateError("This workshop has no guess-the-winner round.")
        return self._set_phase(
            workshop_id, key, ("open",), "start the guess-the-winner round", phase="voting"
        )

    def reveal(self, workshop_id: str, key: str) -> WorkshopInfo:
        """Show names and scores on the board and every pitch to the participants."""
        with self._write() as conn:
            row = self._facilitator_row(conn, workshop_id, key, lock=True)
            if row["revealed_at"] is None:
                phase = "closed" if row["phase"] == "closed" else "revealed"
                conn.execute(
                    update(workshops)
                    .where(workshops.c.id == workshop_id)
                    .values(phase=phase, revealed_at=self._now())
                )
            return self._workshop_by_id(workshop_id, conn)

    def close_workshop(self, workshop_id: str, key: str) -> WorkshopInfo:
        """No more joins, pitches or votes. What was revealed stays visible to participants."""
        return self._set_phase(
            workshop_id,
            key,
            ("open", "voting", "revealed"),
            "close the workshop",
            phase="closed",
            closed_at=self._now(),
        )

    def set_blind(self, workshop_id: str, key: str, blind: bool) -> WorkshopInfo:
        return self._set_phase(
            workshop_id, key, ("open", "voting", "revealed", "closed"), "change blind mode", blind=bool(blind)
        )

    def extend_time_box(self, workshop_id: str, key: str, minutes: int) -> WorkshopInfo:
        """Add minutes to the time box (counting from now if it has already run out)."""
        if not 1 <= int(minutes) <= MAX_TIME_BOX_MINUTES:
            raise ValidationError("time box", f"must be between 1 and {MAX_TIME_BOX_MINUTES} minutes")
        with self._write() as conn:
            row = self._facilitator_row(conn, workshop_id, key, lock=True)
            if row["phase"] != "open":
                raise WorkshopStateError(
                    "The time box can only be extended while the workshop is open for pitches."
                )
            now = self._now()
            start = max(row["deadline"] or now, now)
            conn.execute(
                update(workshops)
                .where(workshops.c.id == workshop_id)
                .values(
                    deadline=start + timedelta(minutes=int(minutes)),
                    time_box_minutes=(row["time_box_minutes"] or 0) + int(minutes),
                )
            )
            return self._workshop_by_id(workshop_id, conn)

    def delete_workshop(self, workshop_id: str, key: str) -> None:
        """Delete the workshop with its participants, pitches and votes."""
        with self._write() as conn:
            self._facilitator_row(conn, workshop_id, key, lock=True)
            # Explicit order: SQLite only cascades with PRAGMA foreign_keys, which other tools may not set.
            conn.execute(delete(votes).where(votes.c.workshop_id == workshop_id))
            conn.execute(delete(submissions).where(submissions.c.workshop_id == workshop_id))
            conn.execute(delete(participants).where(participants.c.workshop_id == workshop_id))
            conn.execute(delete(workshops).where(workshops.c.id == workshop_id))

    # ------------------------------------------------------------ workshops: participants

    def join_workshop(self, code: str, display_name: str, client: ClientId) -> JoinedWorkshop:
        """Join with the room's code. Wrong codes count against the client (see JOIN_LIMITS)."""
        name, name_key = clean_display_name(display_name)
        normalised = normalise_join_code(code)
        if len(normalised) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in normalised):
            raise ValidationError(
                "join code",
                f"has {JOIN_CODE_LENGTH} letters and digits, like K7QM-2XPD (check for a missing character)",
            )
        now = self._now()
        keys = client.keys()
        failure: StoreError | None = None
        with self._write() as conn:
            wait = self._join_wait(conn, keys, now)
            if wait:
                raise TooManyTries(wait)  # not checked, so not a guess
            ws_row = (
                conn.execute(select(workshops).where(workshops.c.join_code == normalised).with_for_update())
                .mappings()
                .first()
            )
            if ws_row is None or ws_row["phase"] == "closed":
                conn.execute(
                    insert(join_failures).values(
                        failed_at=now, session_key=keys["session"], address_key=keys["address"]
                    )
                )
                failure = self._wrong_code(conn, keys, now)
            else:
                # Old rows are cleared now and then, so the log does not grow without bound.
                conn.execute(delete(join_failures).where(join_failures.c.failed_at < now - timedelta(days=1)))
                count = conn.execute(
                    select(func.count())
                    .select_from(participants)
                    .where(participants.c.workshop_id == ws_row["id"])
                ).scalar()
                if count >= MAX_PARTICIPANTS:
                    raise WorkshopStateError(f"This workshop is full ({MAX_PARTICIPANTS} participants).")
                taken = conn.execute(
                    select(participants.c.id).where(
                        participants.c.workshop_id == ws_row["id"], participants.c.name_key == name_key
                    )
                ).first()
                if taken:
                    raise ValidationError(
                        "display name",
                        f"{quoted(name)} is already taken in this workshop; add an initial or a nickname",
                    )
                token = secrets.token_urlsafe(16)
                person = Participant(new_id(12), name, now)
                conn.execute(
                    insert(participants).values(
                        id=person.id,
                        workshop_id=ws_row["id"],
                        name=name,
                        name_key=name_key,
                        token_hash=_hash(token),
                        draft="{}",
                        joined_at=now,
                    )
                )
                return JoinedWorkshop(_workshop_info(ws_row), person, token)
        raise failure  # after the commit: the wrong try stays counted

    @staticmethod
    def _wrong_tries(conn: Connection, kind: str, key: str, now: datetime) -> tuple[int, datetime | None]:
        """How many wrong codes this session or address tried within its window, and the last one's time."""
        column = join_failures.c.session_key if kind == "session" else join_failures.c.address_key
        since = now - timedelta(seconds=JOIN_LIMITS[kind].window_s)
        count, last = conn.execute(
            select(func.count(), func.max(join_failures.c.failed_at)).where(
                column == key, join_failures.c.failed_at > since
            )
        ).one()
        return int(count or 0), last

    def _join_wait(self, conn: Connection, keys: dict[str, str], now: datetime) -> int:
        """Seconds until a slowed client may try again (0: now)."""
        wait = 0.0
        for kind, key in keys.items():
            count, last = self._wrong_tries(conn, kind, key, now)
            limit = JOIN_LIMITS[kind]
            if count >= limit.max_wrong and last is not None:
                wait = max(wait, limit.slow_s - (now - last).total_seconds())
        return int(-(-wait // 1)) if wait > 0 else 0

    def _wrong_code(self, conn: Connection, keys: dict[str, str], now: datetime) -> WrongJoinCode:
        left = []
        slow = 0
        for kind, key in keys.items():
            count, _ = self._wrong_tries(conn, kind, key, now)
            limit = JOIN_LIMITS[kind]
            left.append(max(0, limit.max_wrong - count))
            if count >= limit.max_wrong:
                slow = max(slow, limit.slow_s)
        busy = self._wrong_codes_since(conn, now - timedelta(seconds=JOIN_LIMITS["address"].window_s))
        return WrongJoinCode(min(left), slow_s=slow, busy=busy >= GUESSING_NOTICE_AT)

    @staticmethod
    def _wrong_codes_since(conn: Connection, since: datetime) -> int:
        return int(
            conn.execute(
                select(func.count()).select_from(join_failures).where(join_failures.c.failed_at >= since)
            ).scalar()
            or 0
        )

    def wrong_join_codes(self, workshop_id: str, key: str) -> int:
        """For the facilitator: wrong codes tried on this server, by anyone, within the last window
        (ten minutes) and since this workshop was created. A wrong code names no workshop, so the
        count is the server's; past ``GUESSING_NOTICE_AT`` someone is likely guessing."""
        now = self._now()
        with self._read() as conn:
            row = self._facilitator_row(conn, workshop_id, key)
            since = max(row["created_at"], now - timedelta(seconds=JOIN_LIMITS["address"].window_s))
            return self._wrong_codes_since(conn, since)

    def _participant_row(self, conn: Connection, workshop_id: str, token: str):
        if not (workshop_id and token and _ID_RE.match(workshop_id)):
            raise AccessDenied("This participant link is not valid; join again with the workshop code.")
        row = (
            conn.execute(
                select(participants).where(
                    participants.c.token_hash == _hash(token), participants.c.workshop_id == workshop_id
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise AccessDenied("This participant link is not valid; join again with the workshop code.")
        return row

    def participant_view(self, workshop_id: str, token: str) -> ParticipantView:
        """What this participant may see: their pitches; the others' only after the reveal."""
        with self._read() as conn:
            me = self._participant_row(conn, workshop_id, token)
            info = self._workshop_by_id(workshop_id, conn)
            mine = self._submissions(conn, workshop_id, me["id"])
            n_people = conn.execute(
                select(func.count())
                .select_from(participants)
                .where(participants.c.workshop_id == workshop_id)
            ).scalar()
            n_subs = conn.execute(
                select(func.count()).select_from(submissions).where(submissions.c.workshop_id == workshop_id)
            ).scalar()
            my_vote = conn.execute(
                select(votes.c.submission_id).where(votes.c.participant_id == me["id"])
            ).scalar()
            options: tuple[tuple[str, str], ...] = ()
            if info.phase == "voting":
                # Only the anonymous letters: the texts are on the facilitator's shared screen.
                options = tuple(
                    (r.id, submission_label(r.number))
                    for r in conn.execute(
                        select(submissions.c.id, submissions.c.number)
                        .where(
                            submissions.c.workshop_id == workshop_id, submissions.c.participant_id != me["id"]
                        )
                        .order_by(submissions.c.number)
                    )
                )
            results = self._board(conn, info) if info.revealed else None
            try:
                draft = json.loads(me["draft"] or "{}")
            except ValueError:
                draft = {}
        return ParticipantView(
            workshop=info,
            me=Participant(me["id"], me["name"], me["joined_at"]),
            mine=mine,
            participant_count=int(n_people or 0),
            submission_count=int(n_subs or 0),
            vote_options=options,
            my_vote=my_vote,
            results=results,
            draft=draft if isinstance(draft, dict) else {},
        )

    def save_participant_draft(self, workshop_id: str, token: str, subject: str, body: str) -> None:
        """Keep the participant's unsent draft, so a refresh or a new tab does not lose it."""
        subject = _check_text("subject", subject, MAX_SUBJECT_CHARS)
        body = (body or "")[: MAX_BODY_CHARS * 2]
        with self._write() as conn:
            me = self._participant_row(conn, workshop_id, token)
            conn.execute(
                update(participants)
                .where(participants.c.id == me["id"])
                .values(draft=json.dumps({"subject": subject, "body": body}, ensure_ascii=False))
            )

    def submit_pitch(self, workshop_id: str, token: str, subject: str, body: str) -> Submission:
        """Score the pitch against the workshop's candidate and role and add it to the board."""
        subject = _check_text("subject", subject, MAX_SUBJECT_CHARS)
        if isinstance(body, str):
            body = _without_nul(body)
        if not isinstance(body, str) or not body.strip():
            raise ValidationError("pitch", "is empty; write the message before submitting")
        if len(body) > MAX_BODY_CHARS:
            raise ValidationError(
                "pitch", f"is too long ({len(body)} characters; the limit is {MAX_BODY_CHARS})"
            )
        with self._read() as conn:
            self._participant_row(conn, workshop_id, token)
            info = self._workshop_by_id(workshop_id, conn)
        # Scoring is the slow part: do it outside the write transaction so the lock is short.
        pitch = Pitch(channel=info.channel, subject=subject, body=body)
        card = score_pitch(pitch, info.profile, info.role)
        scores = card.scores()
        scorecard = {
            "scores": {k: v for k, v in scores.items() if k != "overall"},
            "metrics": {k: v for k, v in card.metrics.items() if isinstance(v, (int, float, str, bool))},
            "top_findings": [f.message for f in card.findings()[:3]],
        }
        now = self._now()
        with self._write() as conn:
            me = self._participant_row(conn, workshop_id, token)
            # The phase check, the numbering and the insert are one step.
            info = _workshop_info(self._workshop_row(conn, workshop_id, lock=True))
            if info.phase != "open":
                raise WorkshopStateError(
                    "Pitches are closed: the facilitator has moved on to "
                    + (
                        "the guess-the-winner round."
                        if info.phase == "voting"
                        else f"the {info.phase} phase."
                    )
                )
            if not info.accepting_submissions(now):
                raise WorkshopStateError(
                    "Time is up: the workshop's time box has ended. Ask the facilitator for more time."
                )
            mine = conn.execute(
                select(func.count()).select_from(submissions).where(submissions.c.participant_id == me["id"])
            ).scalar()
            if mine >= MAX_SUBMISSIONS_PER_PARTICIPANT:
                raise WorkshopStateError(
                    f"You have submitted {MAX_SUBMISSIONS_PER_PARTICIPANT} pitches, the limit."
                )
            number = (
                conn.execute(
                    select(func.max(submissions.c.number)).where(submissions.c.workshop_id == workshop_id)
                ).scalar()
                or 0
            ) + 1
            sub_id = new_id(12)
            conn.execute(
                insert(submissions).values(
                    id=sub_id,
                    workshop_id=workshop_id,
                    participant_id=me["id"],
                    number=number,
                    channel=info.channel,
                    subject=subject,
                    body=body,
                    overall=int(card.overall),
                    scorecard=json.dumps(scorecard, ensure_ascii=False),
                    submitted_at=now,
                )
            )
            conn.execute(update(participants).where(participants.c.id == me["id"]).values(draft="{}"))
            return Submission(
                id=sub_id,
                number=number,
                participant_id=me["id"],
                participant_name=me["name"],
                channel=info.channel,
                subject=subject,
                body=body,
                overall=int(card.overall),
                scores=scorecard["scores"],
                metrics=scorecard["metrics"],
                top_findings=tuple(scorecard["top_findings"]),
                submitted_at=now,
            )

    def cast_vote(self, workshop_id: str, token: str, submission_id: str) -> None:
        """Guess the winner: one vote per participant, changeable until the reveal; not for your own pitch."""
        with self._write() as conn:
            me = self._participant_row(conn, workshop_id, token)
            row = self._workshop_row(conn, workshop_id, lock=True)
            if row["phase"] != "voting":
                raise WorkshopStateError(
                    "Voting is not open: the facilitator starts the guess-the-winner round."
                )
            target = conn.execute(
                select(submissions.c.participant_id).where(
                    submissions.c.id == submission_id, submissions.c.workshop_id == workshop_id
                )
            ).first()
            if target is None:
                raise NotFound("That pitch is not part of this workshop.")
            if target.participant_id == me["id"]:
                raise ValidationError("vote", "goes to someone else's pitch, not your own")
            now = self._now()
            changed = conn.execute(
                update(votes)
                .where(votes.c.participant_id == me["id"])
                .values(submission_id=submission_id, voted_at=now)
            ).rowcount
            if not changed:
                conn.execute(
                    insert(votes).values(
                        participant_id=me["id"],
                        workshop_id=workshop_id,
                        submission_id=submission_id,
                        voted_at=now,
                    )
                )


# ---------------------------------------------------------------- helpers


def _configure_sqlite(engine: Engine, busy_timeout_ms: int, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own is too late to lock).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if wal:
                cur.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
                cur.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; much faster commits
            cur.execute("PRAGMA foreign_keys = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql(
            "BEGIN IMMEDIATE" if conn.get_execution_options().get("pitch_write") else "BEGIN"
        )


def _workshop_info(row) -> WorkshopInfo:  # noqa: ANN001
    return WorkshopInfo(
        id=row["id"],
        title=row["title"],
        channel=row["channel"],
        profile=CandidateProfile.from_dict(json.loads(row["profile"])),
        role=Role.from_dict(json.loads(row["role"])),
        phase=row["phase"],
        blind=bool(row["blind"]),
        guess_round=bool(row["guess_round"]),
        join_code=row["join_code"],
        created_at=row["created_at"],
        time_box_minutes=row["time_box_minutes"],
        deadline=row["deadline"],
        revealed_at=row["revealed_at"],
        closed_at=row["closed_at"],
    )


def _submission(row) -> Submission:  # noqa: ANN001
    card = json.loads(row["scorecard"] or "{}")
    return Submission(
        id=row["id"],
        number=row["number"],
        participant_id=row["participant_id"],
        participant_name=row["participant_name"],
        channel=row["channel"],
        subject=row["subject"],
        body=row["body"],
        overall=int(row["overall"]),
        scores={k: int(v) for k, v in (card.get("scores") or {}).items()},
        metrics=card.get("metrics") or {},
        top_findings=tuple(card.get("top_findings") or ()),
        submitted_at=row["submitted_at"],
    )


def open_store(
    url: str | None = None, *, secrets_url: str | None = None, data_dir: str | Path | None = None
) -> Store:
    """The configured store (see the module docstring for the order of precedence)."""
    return Store(resolve_url(url, secrets_url=secrets_url, data_dir=data_dir))
