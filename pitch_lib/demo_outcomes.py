"""A synthetic outcome log with a known effect, for the Outcomes page's demo and for tests.

Messages are put together from parts that switch rules on and off (a specific or a template
opener, jargon or plain words, a figure or a vague benefit, a deadline, an opt-out, padding).
Each is scored, and whether it "got a reply" is drawn from a probability that depends on the
findings of the ``planted`` rules only: by default, a message without an opt-out
(``tone.no_opt_out``) and one with jargon (``readability.jargon``) each get fewer replies. Every
other rule has no effect, so calibration should raise those two and nothing else much.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import replace
from datetime import date, timedelta

from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import Pitch
from pitch_lib.outcomes import Outcome, outcome_from_card
from pitch_lib.workspace import new_id

PLANTED = {"tone.no_opt_out": -1.6, "readability.jargon": -1.6}
BASE_LOGIT = 0.4

_NAMES = ["Sam", "Priya", "Tomás", "Aoife", "Kwame", "Lena", "Joon", "Marta", "Ade", "Chloé"]
_OPENERS = [
    "Your talk on cutting fraud-model latency at PyData was the clearest account of the trade-offs I have read.",
    "I read your write-up on moving the ledger service to event sourcing, and the part on replaying history stayed with me.",
    "I came across your profile and was impressed by your experience.",
    "I hope this email finds you well.",
]
_ROLE = ["We are hiring a staff engineer to lead the payments platform team at Northwind in Dublin."]
_DUTIES = [
    "You would own the settlement pipeline and mentor four engineers.",
    "You would leverage best-of-breed tooling to drive synergy across squads.",
    "You would set the roadmap for card payments and run the on-call rota with the team.",
]
_JARGON = ["It is a paradigm shift for the team, and we leverage synergies daily.", ""]
_BENEFITS = [
    "The salary is EUR 95,000-110,000, with a four-day week and a learning budget of EUR 2,000.",
    "We offer a competitive salary and great benefits.",
]
_URGENCY = ["Please reply ASAP, as interviews are happening this week.", ""]
_ASKS = ["Would you be open to a 15-minute call next week?"]
_OPT_OUT = ["If you are happy where you are, no worries; just say so and I will not follow up.", ""]
_PADDING = [
    "",
    "The team ships small changes every day, reviews code in pairs, and writes down its decisions so that "
    "new people can read why things are the way they are. Most of the work is in Go and PostgreSQL.",
]
_SUBJECTS = ["Your PyData latency talk", "Staff engineer, payments, Dublin", "Exciting opportunity", ""]


def _message(rng: random.Random) -> Pitch:
    parts = [
        "Hi there,",
        rng.choice(_OPENERS),
        " ".join(p for p in (_ROLE[0], rng.choice(_DUTIES), rng.choice(_JARGON)) if p),
        " ".join(p for p in (rng.choice(_BENEFITS), rng.choice(_URGENCY), rng.choice(_PADDING)) if p),
        " ".join(p for p in (rng.choice(_ASKS), rng.choice(_OPT_OUT)) if p),
        "Best,\nDana",
    ]
    channel = "email" if rng.random() < 0.8 else "linkedin_inmail"
    return Pitch(channel, rng.choice(_SUBJECTS), "\n\n".join(parts))


def demo_outcomes(n: int = 600, seed: int = 7, planted: dict[str, float] | None = None,
                  start: date = date(2025, 1, 6)) -> list[Outcome]:
    """``n`` messages sent over a year, with replies driven only by the ``planted`` rules
    ({rule id: change in log-odds when it fires}). The same seed gives the same log."""
    planted = PLANTED if planted is None else planted
    rng = random.Random(seed)
    scored: dict[tuple, tuple[Outcome, float]] = {}  # each distinct message scored once
    out = []
    for _ in range(n):
        pitch = _message(rng)
        key = (pitch.channel, pitch.subject, pitch.body)
        if key not in scored:
            template = outcome_from_card(pitch, score_pitch(pitch), "none", None, None, True, "import", "")
            logit = BASE_LOGIT + sum(effect for rule, effect in planted.items() if rule in template.rules)
            scored[key] = (template, 1 / (1 + math.exp(-logit)))
        template, p_reply = scored[key]
        replied = rng.random() < p_reply
        sent = start + timedelta(days=rng.randrange(365))
        reply = rng.choice(("positive", "neutral", "negative")) if replied else "none"
        replied_on = sent + timedelta(days=rng.randrange(0, 8)) if replied else None
        out.append(replace(template, reply=reply, sent_on=sent, replied_on=replied_on, id=new_id(12)))
    return out


def demo_csv(n: int = 600, seed: int = 7, planted: dict[str, float] | None = None) -> str:
    """The demo log as an ATS-style export: the columns the import maps and the CLI reads,
    plus a candidate name (which the import never keeps)."""
    rng = random.Random(seed + 1)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["candidate", "channel", "subject", "body", "sent_on", "replied", "replied_on"])
    for o in demo_outcomes(n, seed, planted):
        w.writerow([
            f"{rng.choice(_NAMES)} {rng.choice('ABCDEFGHJK')}.", o.channel, o.subject, o.body,
            o.sent_on.isoformat() if o.sent_on else "", "yes" if o.replied else "no",
            o.replied_on.isoformat() if o.replied_on else "",
        ])
    return buf.getvalue()
