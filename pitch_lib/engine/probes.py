"""Probes: how a trustworthy score must behave, beyond good-against-bad.

A probe file (TOML; tests/data/probes.toml) holds candidates, roles, and:
- ``excellent``: pitches that must score high (>= EXCELLENT);
- ``bad``: plainly bad pitches that must score low (<= BAD);
- ``gaming``: text written to game a scorer, which must score low (<= GAMING);
- ``harmless``: one harmless edit of an excellent pitch, which must not cost any dimension
  HARMLESS_DROP points or more, nor add an error;
- ``edit`` (with ``average`` bases): one real improvement or damage, which must move the overall
  the right way.
Gaming texts are also made from each candidate's profile (:func:`generated_gaming`), so a new
profile is probed without anyone writing its word salad by hand.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pitch_lib.engine.scorecard import DIMENSIONS, Scorecard
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.engine.vocab import MOTIVATORS
from pitch_lib.models import CandidateProfile, Pitch, Role

EXCELLENT, BAD, GAMING, HARMLESS_DROP = 80, 55, 50, 5


@dataclass
class Probes:
    people: dict[str, CandidateProfile]
    roles: dict[str, Role]
    parts: dict[str, list[dict]]

    def pitch(self, entry: dict, base: dict | None = None) -> Pitch:
        base = base or {}
        return Pitch(channel=entry.get("channel", base.get("channel", "email")),
                     subject=entry.get("subject", base.get("subject", "")),
                     body=entry.get("body", base.get("body", "")))

    def score(self, entry: dict, base: dict | None = None) -> Scorecard:
        src = base or entry
        return score_pitch(self.pitch(entry, base), self.people.get(src.get("candidate", "")),
                           self.roles.get(src.get("role", "")))


def load_probes(path: Path) -> Probes:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    people = {k: CandidateProfile.from_dict(v) for k, v in data.get("candidates", {}).items()}
    roles = {k: Role.from_dict(v) for k, v in data.get("roles", {}).items()}
    parts = {k: v for k, v in data.items() if isinstance(v, list)}
    return Probes(people, roles, parts)


def generated_gaming(profile: CandidateProfile, seed: int = 7) -> dict[str, str]:
    """Gaming texts made from a profile: the ways people try to score well without writing."""
    rng = random.Random(seed)
    first = profile.first_name or "there"
    facts = [*profile.achievements, *profile.interests, *profile.skills]
    words = [w for f in facts for w in f.split()] + [w for m in profile.motivators if m in MOTIVATORS
                                                     for w in MOTIVATORS[m].label.split()]
    words += ["salary", "remote", "growth", "budget", "team", "lead", "flexible", "pension", "call"]
    rng.shuffle(words)
    salad = f"Hi {first}, " + " ".join(words[:60]) + "?"
    fields = "\n".join([profile.name, profile.current_title, profile.current_company, profile.location,
                        *profile.skills, *profile.achievements, *profile.interests,
                        ", ".join(profile.motivators)])
    advice = (f"Hi {first}. Name a piece of their work: {facts[0] if facts else 'their work'}. "
              "State the pay range. Say what the job is. Add a concrete benefit. "
              "Ask one small question. Add an easy way to say no. Use short sentences.")
    return {
        "word_salad": salad,
        "fields_list": fields,
        "advice_pasted": advice,
        "lorem": ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
                  "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
                  "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat?"),
        "greeting_only": f"Hi {first}",
        "emoji": "🚀🔥💯👏🙌✨🎯💪",
        "repeated": " ".join([f"{first}, your work on {facts[0] if facts else 'this'} is why I'm writing."] * 10),
        "one_word_per_line": "\n".join(salad.split()[:40]),
    }


def shuffled(body: str, seed: int = 3) -> str:
    """The body's sentences in another order, the first one moved (a shuffled pitch)."""
    from pitch_lib.engine.text import sentences

    parts = [s.text for s in sentences(body)]
    if len(parts) < 2:
        return body
    rng = random.Random(seed)
    for _ in range(20):
        order = parts[:]
        rng.shuffle(order)
        if order[0] != parts[0]:
            return " ".join(order)
    return " ".join(parts[1:] + parts[:1])


@dataclass
class ProbeReport:
    excellent: list[tuple[str, int]] = field(default_factory=list)
    bad: list[tuple[str, int]] = field(default_factory=list)
    gaming: list[tuple[str, int]] = field(default_factory=list)
    harmless_failures: list[str] = field(default_factory=list)
    n_harmless: int = 0
    edit_failures: list[str] = field(default_factory=list)
    n_edits: int = 0

    def lines(self) -> list[str]:
        out = []
        ex_low = [(i, s) for i, s in self.excellent if s < EXCELLENT]
        out.append(f"excellent >= {EXCELLENT}: {len(self.excellent) - len(ex_low)}/{len(self.excellent)}"
                   + (f"  below: {ex_low}" if ex_low else ""))
        bad_hi = [(i, s) for i, s in self.bad if s > BAD]
        out.append(f"plainly bad <= {BAD}: {len(self.bad) - len(bad_hi)}/{len(self.bad)}" + (f"  above: {bad_hi}" if bad_hi else ""))
        g_hi = [(i, s) for i, s in self.gaming if s > GAMING]
        out.append(f"gaming <= {GAMING}: {len(self.gaming) - len(g_hi)}/{len(self.gaming)}  max {max((s for _, s in self.gaming), default=0)}"
                   + (f"  above: {g_hi}" if g_hi else ""))
        out.append(f"harmless edits with a false finding: {len(self.harmless_failures)}/{self.n_harmless}")
        out += ["  " + f for f in self.harmless_failures]
        out.append(f"single edits moving the overall the wrong way or not at all: {len(self.edit_failures)}/{self.n_edits}")
        out += ["  " + f for f in self.edit_failures]
        return out


def harmless_failure(base: Scorecard, edited: Scorecard) -> str:
    """Why a harmless edit counts as a false finding ("" if it doesn't)."""
    drops = [f"{d} -{base.dimensions[d].score - edited.dimensions[d].score}" for d in DIMENSIONS
             if base.dimensions[d].score - edited.dimensions[d].score >= HARMLESS_DROP]
    before = {(f.rule, f.matched) for f in base.findings() if f.severity == "error"}
    new_errors = [f.rule for f in edited.findings() if f.severity == "error" and (f.rule, f.matched) not in before
                  and f.rule not in {r for r, _ in before}]
    return ", ".join(drops + [f"new error {r}" for r in new_errors])


def run_probes(p: Probes) -> ProbeReport:
    rep = ProbeReport()
    bases = {e["id"]: e for part in ("excellent", "average") for e in p.parts.get(part, [])}
    for e in p.parts.get("excellent", []):
        rep.excellent.append((e["id"], p.score(e).overall))
        rep.gaming.append((e["id"] + ":shuffled", p.score({**e, "body": shuffled(e["body"])}).overall))
    for e in p.parts.get("bad", []):
        rep.bad.append((e["id"], p.score(e).overall))
    for e in p.parts.get("gaming", []):
        rep.gaming.append((e["id"] + ":" + e.get("class", ""), p.score(e).overall))
    for key, person in p.people.items():
        role = next(iter(p.roles.values()), None)
        for cls, text in generated_gaming(person).items():
            card = score_pitch(Pitch("email", "A role for you", text), person, role)
            rep.gaming.append((f"{key}:{cls}", card.overall))
    for h in p.parts.get("harmless", []):
        base = bases.get(h.get("base", ""))
        if base is None:
            continue
        rep.n_harmless += 1
        why = harmless_failure(p.score(base), p.score({**h, "channel": base.get("channel", "email")}, base))
        if why:
            rep.harmless_failures.append(f"{h['id']} ({h.get('class', '')}): {why}")
    for e in p.parts.get("edit", []):
        base = bases.get(e.get("base", ""))
        if base is None:
            continue
        rep.n_edits += 1
        before, after = p.score(base).overall, p.score({**e, "channel": base.get("channel", "email")}, base).overall
        ok = after > before if e.get("direction") == "better" else after < before
        if not ok:
            rep.edit_failures.append(f"{e['id']} ({e.get('direction')}, {e.get('dimension')}): {before} -> {after}: {e.get('note', '')}")
    return rep
