"""Rules as data: load the rule files in ``rules/``, merge a team's overrides, compile patterns.

A rule (like a Vale rule) has an id ``family.name``, a type, a level, the points a finding
costs, an optional cap (``max_points``), a message and a suggestion template, and either word
lists (``existence``: each match is a finding; ``substitution``: each match has a replacement)
or parameters for a ``check`` written in Python (``pitch_lib/engine/checks``).

A team file (TOML) may change weights, limits, channels and any rule's level, points,
max_points, message, suggestion or params, switch rules off, and add existence or
substitution rules::

    [weights]
    personalisation = 0.4

    [rules."tone.no_opt_out"]
    enabled = false

    [rules."readability.grade".params]
    target_grade = 6

    [[rule]]
    id = "tone.house_banned"
    type = "existence"
    level = "warning"
    points = 5
    message = "“{match}” is on our banned list."
    suggestion = "Cut it."
    tokens = ["synergy"]

    [channels.email]
    target_words = [40, 100]
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pitch_lib.engine.channels import CHANNELS, ChannelSpec
from pitch_lib.engine.scorecard import DIMENSIONS, SEVERITIES
from pitch_lib.engine.text import compile_folded, compile_word_list, fold_pattern, literal_start_forms

RULES_DIR = Path(__file__).parent / "rules"
RULE_TYPES = ("existence", "substitution", "check")
# Check parameters that are lists of patterns: compiled once, when the rules load.
PATTERN_PARAMS = ("patterns", "phrases", "words", "weak_openers", "exceptions", "negations")
EDITABLE = {"level", "points", "max_points", "message", "suggestion", "params", "enabled", "channels", "skip_channels", "tokens", "swap"}


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    level: str
    points: int
    message: str
    suggestion: str
    max_points: int = 0  # 0: no cap beyond 100
    params: dict = field(default_factory=dict, hash=False, compare=False)
    tokens: tuple[str, ...] = ()
    swap: tuple[tuple[str, str], ...] = ()
    exceptions: tuple[str, ...] = ()
    case_sensitive: bool = False
    channels: tuple[str, ...] = ()
    skip_channels: tuple[str, ...] = ()
    source: str = ""
    enabled: bool = True
    language_neutral: bool = False  # still applies to text that is not English
    pattern: re.Pattern | None = field(default=None, hash=False, compare=False)
    exception_pattern: re.Pattern | None = field(default=None, hash=False, compare=False)
    swap_patterns: tuple = field(default=(), hash=False, compare=False)
    # swap_for's look-up: every entry in one regex, each in its own group, and which entry
    # each group is (None: the entries are tried one by one).
    swap_regex: re.Pattern | None = field(default=None, hash=False, compare=False)
    swap_groups: dict = field(default_factory=dict, hash=False, compare=False)
    compiled: dict = field(default_factory=dict, hash=False, compare=False)  # PATTERN_PARAMS, compiled

    def swap_for(self, matched: str) -> tuple[str, str]:
        """(replacement, why) of the first substitution entry that ``matched`` (folded) fully
        matches. One regex of all the entries, each in its own group, finds it in one go (a
        fullmatch of alternatives takes the first that fits, as a loop over them would)."""
        if self.swap_regex is not None:
            m = self.swap_regex.fullmatch(matched)
            i = self.swap_groups.get(m.lastindex) if m is not None else None
        else:
            i = next((n for n, pat in enumerate(self.swap_patterns) if pat.fullmatch(matched)), None)
        if i is None:
            return "", ""
        repl, _, why = self.swap[i][1].partition("|")
        return repl, why

    @property
    def dimension(self) -> str:
        return self.id.split(".", 1)[0]

    def applies_to(self, channel: str) -> bool:
        if self.channels and channel not in self.channels:
            return False
        return channel not in self.skip_channels


@dataclass
class RuleSet:
    rules: dict[str, Rule]
    weights: dict[str, float]
    limits: dict[str, Any]
    channels: dict[str, ChannelSpec]
    concrete: tuple[re.Pattern, ...]  # word-list form where it can be, plain form for the rest
    concrete_window: int
    ask_cta: re.Pattern
    sources: list[str] = field(default_factory=list)
    channel_weights: dict[str, dict[str, float]] = field(default_factory=dict)
    allow: re.Pattern | None = None  # context.toml [allow]: domain terms, place and time phrases
    negators: re.Pattern | None = None  # context.toml [negation] words
    negation_window: int = 5

    def for_dimension(self, dim: str) -> list[Rule]:
        """The enabled rules of one dimension, in file order (computed once)."""
        if not hasattr(self, "_by_dim"):
            self._by_dim = {d: [r for r in self.rules.values() if r.dimension == d and r.enabled] for d in DIMENSIONS}
        return self._by_dim[dim]

    def to_run(self, dim: str, channel: str, english: bool = True) -> list[Rule]:
        """The rules of one dimension that run for ``channel`` (only the language-neutral ones
        when the text is not English), worked out once per channel."""
        if not hasattr(self, "_to_run"):
            self._to_run = {}
        key = (dim, channel, english)
        found = self._to_run.get(key)
        if found is None:
            found = self._to_run[key] = [r for r in self.for_dimension(dim)
                                         if r.applies_to(channel) and (english or r.language_neutral)]
        return found


def word_alternation(patterns: list[str] | tuple[str, ...], case_sensitive: bool = False) -> re.Pattern:
    """One compiled regex matching any of ``patterns`` as whole words (not inside a word)."""
    # Case-insensitive patterns run on case-folded text (see pitch_lib.engine.text.compile_word_list).
    return compile_word_list(tuple(patterns), case_sensitive)


def _swap_lookup(swap: tuple, swap_patterns: tuple, case_sensitive: bool) -> tuple[re.Pattern | None, dict]:
    """For Rule.swap_for: every entry in one regex, each in its own group, and which entry each
    group is. None (swap_for then tries the entries one by one) when an entry refers to a group
    by number or name, or has an upper-case escape that folding can't keep."""
    parts, groups, n = [], {}, 1
    for i, ((key, _), pat) in enumerate(zip(swap, swap_patterns, strict=True)):
        body = key if case_sensitive else fold_pattern(key)
        if body is None or re.search(r"\\[1-9]|\(\?P[=<]", body):
            return None, {}
        parts.append(f"({body})")
        groups[n] = i
        n += 1 + pat.groups
    try:
        combined = re.compile("|".join(parts))
    except re.error:
        return None, {}
    return combined, groups


def _compile_rule(raw: dict, where: str) -> Rule:
    rid = raw.get("id")
    if not isinstance(rid, str) or "." not in rid:
        raise RulesError(f"{where}: every rule needs an id like 'tone.urgency' (got {rid!r})")
    dim = rid.split(".", 1)[0]
    if dim not in DIMENSIONS:
        raise RulesError(f"{where}: rule {rid}: '{dim}' is not a dimension ({', '.join(DIMENSIONS)})")
    rtype = raw.get("type", "existence")
    if rtype not in RULE_TYPES:
        raise RulesError(f"{where}: rule {rid}: type must be one of {', '.join(RULE_TYPES)}")
    level = raw.get("level", "warning")
    if level not in SEVERITIES:
        raise RulesError(f"{where}: rule {rid}: level must be one of {', '.join(SEVERITIES)}")
    try:
        points = int(raw.get("points", 5))
        max_points = int(raw.get("max_points", 0))
    except (TypeError, ValueError):
        raise RulesError(f"{where}: rule {rid}: points and max_points must be whole numbers") from None
    if not 0 <= points <= 100 or not 0 <= max_points <= 100:
        raise RulesError(f"{where}: rule {rid}: points and max_points must be between 0 and 100")
    tokens = tuple(raw.get("tokens", ()))
    swap = tuple((k, v) for k, v in raw.get("swap", {}).items())
    exceptions = tuple(raw.get("exceptions", {}).get("patterns", ())) if isinstance(raw.get("exceptions"), dict) else tuple(raw.get("exceptions", ()))
    case_sensitive = bool(raw.get("case_sensitive", False))
    pattern = None
    swap_patterns: tuple = ()
    swap_regex, swap_groups = None, {}
    try:
        if rtype == "existence":
            if not tokens:
                raise RulesError(f"{where}: rule {rid}: an existence rule needs tokens")
            pattern = word_alternation(tokens, case_sensitive)
        elif rtype == "substitution":
            if not swap:
                raise RulesError(f"{where}: rule {rid}: a substitution rule needs a [swap] table")
            # Scan with one plain alternation (named groups would make CPython's engine
            # several times slower); the entry that matched is found afterwards.
            pattern = word_alternation([k for k, _ in swap], case_sensitive)
            swap_patterns = tuple(re.compile(k) if case_sensitive else compile_folded(k) for k, _ in swap)
            swap_regex, swap_groups = _swap_lookup(swap, swap_patterns, case_sensitive)
        exc = word_alternation(exceptions) if exceptions else None
        params = dict(raw.get("params", {}))
        compiled = {k: word_alternation(tuple(v)) for k, v in params.items() if k in PATTERN_PARAMS and v}
        if isinstance(params.get("requires"), str):
            compiled["requires"] = re.compile(params["requires"])
    except re.error as e:
        raise RulesError(f"{where}: rule {rid}: a pattern is not a valid regular expression ({e})") from None
    return Rule(
        id=rid,
        type=rtype,
        level=level,
        points=points,
        max_points=max_points,
        message=str(raw.get("message", "")),
        suggestion=str(raw.get("suggestion", "")),
        params=params,
        compiled=compiled,
        tokens=tokens,
        swap=swap,
        exceptions=exceptions,
        case_sensitive=case_sensitive,
        channels=tuple(raw.get("channels", ())),
        skip_channels=tuple(raw.get("skip_channels", ())),
        source=str(raw.get("source", "")),
        enabled=bool(raw.get("enabled", True)),
        language_neutral=bool(raw.get("language_neutral", dim == "channel_fit")),
        pattern=pattern,
        swap_patterns=swap_patterns,
        swap_regex=swap_regex,
        swap_groups=swap_groups,
        exception_pattern=exc,
    )


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise RulesError(f"rules file not found: {path}") from None
    except tomllib.TOMLDecodeError as e:
        raise RulesError(f"{path.name}: not valid TOML ({e})") from None


def _base_raw() -> dict:
    """The shipped rule files, as raw dicts."""
    raw: dict[str, Any] = {"rule": [], "weights": {}, "limits": {}, "concrete": {}, "ask": {}}
    raw["context"] = _read_toml(RULES_DIR / "context.toml")
    scoring = _read_toml(RULES_DIR / "scoring.toml")
    raw["weights"] = scoring.get("weights", {})
    raw["channel_weights"] = scoring.get("channel_weights", {})
    raw["limits"] = scoring.get("limits", {})
    for dim in DIMENSIONS:
        data = _read_toml(RULES_DIR / f"{dim}.toml")
        for r in data.get("rule", []):
            r = dict(r)
            r["_file"] = f"{dim}.toml"
            raw["rule"].append(r)
        raw["concrete"].update(data.get("concrete", {}))
        raw["ask"].update(data.get("ask", {}))
    return raw


def _merge_override(raw: dict, team: dict, where: str) -> dict:
    raw = copy.deepcopy(raw)
    by_id = {r["id"]: r for r in raw["rule"]}
    for key, value in team.get("weights", {}).items():
        if key not in DIMENSIONS:
            raise RulesError(f"{where}: [weights] {key}: not a dimension ({', '.join(DIMENSIONS)})")
        if not isinstance(value, (int, float)) or value < 0:
            raise RulesError(f"{where}: [weights] {key}: must be a number of 0 or more")
        raw["weights"][key] = value
    raw["limits"].update(team.get("limits", {}))
    for field_, phrases in team.get("context", {}).get("allow", {}).items():
        raw["context"].setdefault("allow", {}).setdefault(field_, []).extend(phrases)
    for ch, change in team.get("channel_weights", {}).items():
        raw.setdefault("channel_weights", {}).setdefault(ch, {}).update(change)
    for rid, change in team.get("rules", {}).items():
        if rid not in by_id:
            raise RulesError(f"{where}: [rules.\"{rid}\"]: no such rule")
        bad = set(change) - EDITABLE
        if bad:
            raise RulesError(f"{where}: [rules.\"{rid}\"]: cannot change {', '.join(sorted(bad))}")
        target = by_id[rid]
        for k, v in change.items():
            if k == "params":
                target.setdefault("params", {}).update(v)
            else:
                target[k] = v
    for n, r in enumerate(team.get("rule", []), start=1):
        if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not r["id"].strip():
            raise RulesError(f"{where}: the {_ordinal(n)} [[rule]] has no id: give it one, such as id = \"tone.my_rule\"")
        if r.get("id") in by_id:
            raise RulesError(f"{where}: rule {r.get('id')} exists already; change it under [rules.\"{r.get('id')}\"]")
        if r.get("type", "existence") == "check":
            raise RulesError(f"{where}: rule {r.get('id')}: a team file can add existence or substitution rules, not checks")
        r = dict(r)
        r["_file"] = where
        raw["rule"].append(r)
        by_id[r["id"]] = r
    raw["channels"] = team.get("channels", {})
    return raw


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _split_word_list(patterns: list[str]) -> tuple[re.Pattern, ...]:
    """Patterns that can take the fast word-list form in one regex, the rest in another."""
    fast = tuple(p for p in patterns if (f := fold_pattern(p)) is not None and literal_start_forms(f) is not None)
    rest = [p for p in patterns if p not in fast]
    out = [compile_word_list(fast)] if fast else []
    if rest:
        out.append(compile_folded(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in rest) + ")"))
    return tuple(out)


def _build(raw: dict, sources: list[str]) -> RuleSet:
    rules = {}
    for r in raw["rule"]:
        rule = _compile_rule({k: v for k, v in r.items() if k != "_file"}, r.get("_file", "rules"))
        rules[rule.id] = rule
    weights = {d: float(raw["weights"].get(d, 0)) for d in DIMENSIONS}
    if sum(weights.values()) <= 0:
        raise RulesError("weights: at least one dimension needs a weight above 0")
    channels = dict(CHANNELS)
    for name, change in raw.get("channels", {}).items():
        if name not in channels:
            raise RulesError(f"[channels.{name}]: no such channel ({', '.join(CHANNELS)})")
        fields_ = {k: (tuple(v) if isinstance(v, list) else v) for k, v in change.items()}
        try:
            channels[name] = replace(channels[name], **fields_)
        except TypeError as e:
            raise RulesError(f"[channels.{name}]: {e}") from None
    concrete = raw["concrete"]
    ctx = raw.get("context", {})
    return RuleSet(
        rules=rules,
        weights=weights,
        limits=dict(raw["limits"]),
        channels=channels,
        concrete=_split_word_list(concrete["patterns"]),
        concrete_window=int(concrete.get("window", 60)),
        ask_cta=word_alternation(raw["ask"]["cta_patterns"]),
        sources=sources,
        channel_weights={k: dict(v) for k, v in raw.get("channel_weights", {}).items()},
        allow=word_alternation([p for ps in ctx.get("allow", {}).values() for p in ps]) if ctx.get("allow") else None,
        negators=word_alternation(ctx.get("negation", {}).get("words", ["no", "not"])),
        negation_window=int(ctx.get("negation", {}).get("window", 5)),
    )


@lru_cache(maxsize=1)
def default_ruleset() -> RuleSet:
    """The shipped rules, loaded once (read-only: never mutate the result)."""
    return _build(_base_raw(), ["built-in"])


def load_ruleset(team_file: str | Path | None = None) -> RuleSet:
    """The shipped rules with a team's overrides from ``team_file`` (TOML) applied."""
    if team_file is None:
        return default_ruleset()
    path = Path(team_file)
    team = _read_toml(path)
    return _build(_merge_override(_base_raw(), team, path.name), ["built-in", str(path)])


def rules_from_toml_text(text: str, name: str = "team rules") -> RuleSet:
    """Like :func:`load_ruleset`, from TOML text (for an uploaded team file)."""
    try:
        team = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RulesError(f"{name}: not valid TOML ({e})") from None
    return _build(_merge_override(_base_raw(), team, name), ["built-in", name])
