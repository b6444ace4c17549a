"""Command line: ``python -m pitch_lib score|batch|calibrate``.

Bad input (a missing file, malformed JSON, an unknown channel, a missing column) exits with
status 2 and one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import tomllib
from pathlib import Path

from pitch_lib.compare import csv_safe
from pitch_lib.engine.channels import CHANNEL_NAMES
from pitch_lib.engine.ruleset import RulesError, load_ruleset
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS, Scorecard
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError, load_json_file, quoted
from pitch_lib.parallel import FORK_FROM, map_chunks


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def _read_text(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if not p.is_file():
            raise CliError(f"{path}: file not found")
        data = p.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{path}: not UTF-8 text") from None


def _context(args) -> tuple[CandidateProfile | None, Role | None, object]:
    loaded = []
    for path, load in ((args.profile, lambda p: load_json_file(p, CandidateProfile)),
                       (args.role, lambda p: load_json_file(p, Role)), (args.rules, load_ruleset)):
        try:
            loaded.append(load(path) if path else None)
        except ValidationError as e:  # says the file when it is the file; else which one it was in
            raise CliError(str(e) if str(e).startswith(Path(path).name) else f"{path}: {e}") from None
        except RulesError as e:
            raise CliError(str(e)) from None
    return loaded[0], loaded[1], loaded[2]


def _check_channel(channel: str, where: str = "--channel") -> str:
    if channel not in CHANNEL_NAMES:
        raise CliError(f"{where}: {quoted(channel)} is not a channel (choose from: {', '.join(CHANNEL_NAMES)})")
    return channel


def format_text(card: Scorecard) -> str:
    """A scorecard as plain text for a terminal."""
    lines = [f"Overall {card.overall}/100  ({card.channel})"]
    lines += [f"  note: {n}" for n in card.notes]
    for dim in DIMENSIONS:
        d = card.dimensions[dim]
        lines.append(f"\n{DIMENSION_LABELS[dim]}: {d.score}/100")
        for f in d.findings:
            where = f"{f.field} {f.start}-{f.end}" if f.end > f.start else "missing"
            lines.append(f"  -{f.points:<3} {f.severity:<10} {f.rule} [{where}]")
            lines.append(f"       {f.message}")
            lines.append(f"       fix: {f.suggestion}")
        for c in d.credits:
            lines.append(f"  +    {c}")
    m = card.metrics
    lines.append(
        f"\n{m['words']} words, {m['characters']} characters, {m['sentences']} sentences, "
        f"{m['questions']} questions, grade {m['grade']}, about {m['reading_time_seconds']} s to read"
    )
    return "\n".join(lines)


def cmd_score(args) -> int:
    body = _read_text(args.body)
    profile, role, rules = _context(args)
    card = score_pitch(Pitch(_check_channel(args.channel), args.subject or "", body), profile, role, rules)
    if args.format == "json":
        print(json.dumps(card.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_text(card))
    return 0


BATCH_COLUMNS = ["overall", *DIMENSIONS, "findings"]


def cmd_batch(args) -> int:
    src = Path(args.input)
    if not src.is_file():
        raise CliError(f"{args.input}: file not found")
    profile, role, rules = _context(args)
    csv.field_size_limit(1 << 30)
    try:
        with open(src, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "body" not in reader.fieldnames:
                raise CliError(f"{args.input}: no “body” column (columns: {', '.join(reader.fieldnames or []) or 'none'})")
            rows = list(reader)
            fieldnames = list(reader.fieldnames)
    except UnicodeDecodeError:
        raise CliError(f"{args.input}: not UTF-8 text") from None
    except csv.Error as e:
        raise CliError(f"{args.input}: not a readable CSV ({e})") from None
    out_fields = fieldnames + [c for c in BATCH_COLUMNS if c not in fieldnames]
    items = []
    for i, row in enumerate(rows, start=1):
        channel = (row.get("channel") or args.channel or "email").strip()
        items.append((_check_channel(channel, f"{args.input} row {i + 1}"), row.get("subject") or "", row.get("body") or ""))
    show_progress = not args.quiet and len(rows) >= 200
    started = time.perf_counter()
    results = []
    # A long file is shared among worker processes (pitch_lib.parallel), one per core by default.
    for done, scored in map_chunks(_score_chunk, items, (profile, role, rules), jobs=args.jobs):
        results += scored
        if show_progress:
            print(f"\rscored {done:,}/{len(rows):,} ({done * 100 // len(rows)}%)", end="", file=sys.stderr, flush=True)
    results = [{**{k: (v if v is not None else "") for k, v in row.items() if k in fieldnames}, **scores}
               for row, scores in zip(rows, results, strict=True)]
    if show_progress:
        print(f"\rscored {len(rows):,} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    try:
        with open(args.out, "w", newline="", encoding="utf-8") as fh:
            # Every cell, the input's own columns and header too: a spreadsheet must not run them.
            w = csv.writer(fh)
            w.writerow([csv_safe(f) for f in out_fields])
            w.writerows([csv_safe(r.get(f, "")) for f in out_fields] for r in results)
    except OSError as e:
        raise CliError(f"{args.out}: cannot write ({e.strerror})") from None
    return 0


def _score_chunk(items: list[tuple[str, str, str]], context: tuple) -> list[dict]:
    """Scores for a batch's rows (channel, subject, body); runs in a worker for long files."""
    profile, role, rules = context
    out = []
    for channel, subject, body in items:
        card = score_pitch(Pitch(channel, subject, body), profile, role, rules)
        out.append({**card.scores(), "findings": len(card.findings())})
    return out


def cmd_calibrate(args) -> int:
    from pitch_lib.calibration import CalibrationError, calibrate
    from pitch_lib.outcomes import OutcomeError, import_outcomes, read_table

    src = Path(args.input)
    if not src.is_file():
        raise CliError(f"{args.input}: file not found")
    profile, role, rules = _context(args)
    team = _read_team_file(args.rules) if args.rules else None
    try:
        df = read_table(src.read_bytes(), args.input)
        missing = [c for c in ("body", "replied") if c not in df.columns]
        if missing:
            raise CliError(f"{args.input}: no {' or '.join(quoted(c) for c in missing)} column (columns: {', '.join(df.columns)})")
        mapping = {f: f for f in ("body", "subject", "channel", "replied", "sent_on", "replied_on") if f in df.columns}
        result = import_outcomes(df, mapping, keep_text=False, default_channel=_check_channel(args.channel),
                                 profile=profile, role=role, rules=rules, jobs=args.jobs)
        cal = calibrate(result.outcomes, rules)
    except (OutcomeError, CalibrationError) as e:
        raise CliError(str(e) if str(e).startswith(args.input) else f"{args.input}: {e}") from None
    print(f"{result.rows} rows read: {len(result.outcomes)} used, {len(result.bad_rows)} skipped")
    for row, reason in result.bad_rows[:10]:
        print(f"  skipped row {row}: {reason}")
    if len(result.bad_rows) > 10:
        print(f"  ... and {len(result.bad_rows) - 10} more")
    print(cal.report())
    try:
        Path(args.out).write_text(cal.to_toml(rules, team, Path(args.rules).name if args.rules else ""), encoding="utf-8")
    except OSError as e:
        raise CliError(f"{args.out}: cannot write ({e.strerror})") from None
    print(f"wrote {args.out}: use it with --rules {args.out}")
    return 0


def _read_team_file(path: str) -> dict:
    """The team file as TOML tables (load_ruleset has already checked it), to carry into the output."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise CliError(f"{path}: cannot read ({e})") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, status 2 (argparse's own convention)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m pitch_lib", description="Score recruiter pitches against a candidate profile.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(sp):
        sp.add_argument("--profile", help="candidate profile JSON")
        sp.add_argument("--role", help="role brief JSON")
        sp.add_argument("--rules", help="a team rules TOML file (overrides weights, rules, channels)")

    s = sub.add_parser("score", help="score one pitch", description="Score one pitch; BODY is a text file or - for standard input.")
    s.add_argument("body", metavar="BODY")
    s.add_argument("--subject", default="")
    s.add_argument("--channel", default="email", help=f"one of: {', '.join(CHANNEL_NAMES)}")
    s.add_argument("--format", choices=("json", "text"), default="text")
    common(s)
    s.set_defaults(func=cmd_score)

    b = sub.add_parser("batch", help="score a CSV of pitches", description="Score every row of a CSV with a 'body' column (optional 'subject', 'channel').")
    b.add_argument("input", metavar="IN.csv")
    b.add_argument("--out", required=True, metavar="OUT.csv")
    b.add_argument("--channel", default="email", help="channel for rows without a 'channel' value")
    b.add_argument("--quiet", action="store_true", help="no progress on stderr")
    _jobs_option(b)
    common(b)
    b.set_defaults(func=cmd_batch)

    c = sub.add_parser(
        "calibrate", help="fit a team's weights from its outcomes",
        description="Fit weights from a CSV of sent messages ('body', optional 'subject' and 'channel', "
        "'replied' as 1/0, yes/no or true/false) and write a team rules file for --rules.",
    )
    c.add_argument("input", metavar="OUTCOMES.csv")
    c.add_argument("--out", required=True, metavar="TEAM.toml")
    c.add_argument("--channel", default="email", help="channel for rows without a 'channel' value")
    c.add_argument("--profile", help="candidate profile JSON (when every message went to one candidate)")
    c.add_argument("--role", help="role brief JSON")
    c.add_argument("--rules", metavar="TEAM.toml",
                   help="start from this team rules file: the messages are scored with it, the fit starts from its "
                   "weights and points, and OUT keeps everything it sets, with the fitted values in their place")
    _jobs_option(c)
    c.set_defaults(func=cmd_calibrate)
    return p


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help=f"processes to score with (default: one per CPU, for {FORK_FROM:,} different messages or more)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
