"""Calibration: fit a team's weights from its own replies, and write them as a team rules file.

Every dimension is 100 minus the points its rules took off, and the overall score grows with
each dimension (README, "How a pitch is scored": substance x delivery x gates). So a team's
replies can say how much each rule's points should count. The model, glass-box:

    logit P(reply) = a + sum_r b_r * z_r

where ``z_r`` is the points rule ``r`` took off, weighted by its dimension's weight (a rule that fired, and did not fire, on enough messages gets its own ``b_r``; the
others share one, which only stands in for them).
scikit-learn's L2-regularised logistic regression fits it. The fitted weight of a rule is
``k_r``, proportional to ``-b_r`` and scaled so that the fitted rules together take off as
many points from the team's messages as they do now: how many times its current points the
team's replies say it is worth (1 = keep, 2 = double, 0 = the finding does not go with fewer
replies here). Rules with too little support keep their points. The common
factor of a dimension's rules becomes its weight; what is left, the rules' points.

Rules that keep pressure, guilt, shouting and exclusionary wording out of a pitch are never
lowered (``PROTECTED``): a team whose replies happened to come despite them is not offered
weights that would reward them, and the report says which were held.

How well the current and the fitted weights rank the replies is measured on held-out folds
(stratified k-fold cross-validation): the fitted weights of each fold are learnt without the
rows they are tested on, rounded to whole points as a file would hold them, and the held-out
messages' overall scores are recomputed with the engine's own formula from their findings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from pitch_lib.engine.ruleset import RuleSet, default_ruleset
from pitch_lib.engine.scorecard import DIMENSIONS
from pitch_lib.outcomes import Outcome

# Rules whose points calibration never lowers, and why.
PROTECTED = {
    "tone.urgency": "pressure",
    "tone.pressure": "pressure",
    "tone.guilt": "guilt",
    "tone.shouting": "pressure",
    "inclusivity.gender_coded": "exclusionary wording",
    "inclusivity.gendered_pronoun": "exclusionary wording",
    "inclusivity.exclusionary": "exclusionary wording",
}
# Not fitted: an empty message is not a pitch.
SKIP = {"channel_fit.empty"}
MIN_ROWS = 40
MIN_PER_CLASS = 10
FOLDS = 5
C = 1.0  # inverse regularisation strength on standardised features (scikit-learn's default)


class CalibrationError(ValueError):
    """Too few rows, one class only: calibration cannot say anything. The message says why."""


@dataclass
class RuleWeight:
    rule: str
    support: int  # messages where it took points off
    replies_with: int
    factor: float  # fitted points / current points (before rounding and protection)
    points: int  # current
    new_points: int  # offered
    fitted: bool  # had enough support for its own coefficient
    held: str = ""  # why it was not lowered, if protected

    @property
    def dimension(self) -> str:
        return self.rule.split(".", 1)[0]


@dataclass
class Calibration:
    rows: int
    replies: int
    auc_current: float  # mean over held-out folds
    auc_fitted: float
    auc_current_folds: list[float]
    auc_fitted_folds: list[float]
    weights: dict[str, float]  # current, shares of 1
    new_weights: dict[str, float]
    rules: list[RuleWeight]
    notes: list[str] = field(default_factory=list)

    @property
    def held(self) -> list[RuleWeight]:
        return [r for r in self.rules if r.held]

    @property
    def changed(self) -> list[RuleWeight]:
        return [r for r in self.rules if r.new_points != r.points]

    def overall_cost(self, r: RuleWeight, fitted: bool) -> float:
        """A finding of ``r``'s weighted points (its points times its dimension's share of the
        weights), with the current or the fitted weights: how much the fit leans on it."""
        if fitted:
            return r.new_points * self.new_weights[r.dimension] / (sum(self.new_weights.values()) or 1.0)
        return r.points * self.weights[r.dimension]

    def to_toml(self, ruleset: RuleSet | None = None) -> str:
        return team_rules_toml(self, ruleset)

    def report(self) -> str:
        """The calibration as plain text (what the command line prints)."""
        lines = [
            f"{self.rows} messages, {self.replies} replies ({self.replies / self.rows:.0%})",
            f"AUC on held-out folds ({len(self.auc_fitted_folds)}-fold cross-validation; 0.5 = chance, 1 = perfect):",
            f"  current weights  {self.auc_current:.3f}  (folds: {', '.join(f'{a:.2f}' for a in self.auc_current_folds)})",
            f"  fitted weights   {self.auc_fitted:.3f}  (folds: {', '.join(f'{a:.2f}' for a in self.auc_fitted_folds)})",
            "",
            "dimension weights (shares of their sum): current -> fitted",
        ]
        for d in DIMENSIONS:
            lines.append(f"  {d:<16} {self.weights[d]:.3f} -> {self.new_weights[d]:.3f}")
        changed = sorted(self.changed, key=lambda r: -abs(self.overall_cost(r, True) - self.overall_cost(r, False)))
        if changed:
            lines.append("")
            lines.append("rule points: current -> fitted; weighted points (points x dimension weight); messages it fired on")
            for r in changed:
                lines.append(
                    f"  {r.rule:<36} {r.points:>3} -> {r.new_points:<3} "
                    f"weighted {self.overall_cost(r, False):.1f} -> {self.overall_cost(r, True):.1f}  ({r.support})"
                )
        for r in self.held:
            lines.append(f"  held: {r.rule} stays at {r.new_points} or more: lowering it would reward {r.held}")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


# ---------------------------------------------------------------- features


def _shares(ruleset: RuleSet) -> dict[str, float]:
    total = sum(ruleset.weights.values())
    return {d: ruleset.weights[d] / total for d in DIMENSIONS}


def _matrix(outcomes: list[Outcome], rule_ids: list[str]) -> np.ndarray:
    """Points lost per rule, one row per outcome."""
    index = {r: i for i, r in enumerate(rule_ids)}
    x = np.zeros((len(outcomes), len(rule_ids)))
    for i, o in enumerate(outcomes):
        for r, pts in o.rules.items():
            j = index.get(r)
            if j is not None:
                x[i, j] = pts
    return x


def _dimension_of(rule_ids: list[str]) -> np.ndarray:
    return np.array([DIMENSIONS.index(r.split(".", 1)[0]) for r in rule_ids])


def replica_overall(x: np.ndarray, rule_ids: list[str], ratios: np.ndarray, weights: dict[str, float],
                    channels: list[str], ruleset: RuleSet | None = None) -> np.ndarray:
    """The overall score each message would get if every rule's points were multiplied by
    ``ratios`` and the dimensions weighed ``weights``: each dimension is 100 minus the scaled
    points (floored at 0), and the engine's own ``overall_score`` combines them, with the gates
    of the rules that still cost points. Computed from the points already lost, without scoring
    the text again."""
    from pitch_lib.engine.scoring import overall_score

    ruleset = replace(ruleset or default_ruleset(), weights=dict(weights))
    dims = _dimension_of(rule_ids)
    lost = x * ratios
    gate_of = {j: float(ruleset.rules[r].params["overall_factor"]) for j, r in enumerate(rule_ids)
               if "overall_factor" in ruleset.rules[r].params}
    per_dim = np.stack([lost[:, dims == k].sum(axis=1) for k in range(len(DIMENSIONS))], axis=1)
    out = np.zeros(len(x))
    for i in range(len(x)):
        scores = {d: max(0, round(100 - per_dim[i, k])) for k, d in enumerate(DIMENSIONS)}
        gates = {rule_ids[j]: f for j, f in gate_of.items() if lost[i, j] > 0}
        out[i] = overall_score(scores, ruleset, channels[i], gates)[0]
    return out


# ---------------------------------------------------------------- fitting


@dataclass
class _Fit:
    factors: np.ndarray  # per rule, before protection
    fitted: np.ndarray  # bool per rule: had its own coefficient
    note: str = ""


def _fit(x: np.ndarray, y: np.ndarray, shares_by_rule: np.ndarray, min_support: int) -> _Fit:
    from sklearn.linear_model import LogisticRegression

    fired = x > 0
    support = fired.sum(axis=0)
    own = (support >= min_support) & (len(x) - support >= min_support)
    z = x * shares_by_rule  # weighted points lost
    cols = [z[:, own], z[:, ~own].sum(axis=1, keepdims=True)]
    feats = np.hstack(cols)
    std = feats.std(axis=0)
    std[std == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=1000)
    model.fit(feats / std, y)
    b = model.coef_[0] / std  # per weighted point lost
    harm = np.maximum(0.0, -b[:-1])  # per weighted point; a finding that goes with more replies: 0
    # One scale for all: the fitted rules together take off as many points from these messages
    # as they do now, shared out by the evidence. Rules without their own fit keep their points.
    lost_now = z[:, own].sum()
    lost_fit = (z[:, own] * harm).sum()
    factors = np.ones(x.shape[1])
    note = ""
    if lost_fit > 0:
        factors[own] = harm * lost_now / lost_fit
    elif own.any():
        factors[own] = 0.0
        note = "no rule's points went with fewer replies in this data"
    return _Fit(factors, own, note)


def _offer(factors: np.ndarray, rule_ids: list[str], support: np.ndarray, current: dict[str, float],
           ruleset: RuleSet) -> tuple[dict[str, float], np.ndarray, np.ndarray, list[str]]:
    """Split the factors into dimension weights and whole rule points; protect; round.

    Returns (new weights as shares, point ratios after rounding, new points, held reasons)."""
    factors = factors.copy()
    held = [""] * len(rule_ids)
    for j, r in enumerate(rule_ids):
        if r in PROTECTED and factors[j] < 1.0:
            held[j] = PROTECTED[r]
            factors[j] = 1.0
    dims = _dimension_of(rule_ids)
    m = np.ones(len(DIMENSIONS))
    for k in range(len(DIMENSIONS)):
        sel = (dims == k) & (support > 0)
        if sel.any():
            m[k] = float(np.average(factors[sel], weights=support[sel]))
        if any(r.startswith(DIMENSIONS[k] + ".") for r in PROTECTED):
            m[k] = max(m[k], 1.0)  # a dimension that guards against pressure or exclusion keeps its weight
    raw = {d: current[d] * m[k] for k, d in enumerate(DIMENSIONS)}
    total = sum(raw.values())
    if total <= 0:
        return dict(current), np.ones(len(rule_ids)), np.array([ruleset.rules[r].points for r in rule_ids]), held
    new_w = {d: round(v / total, 3) for d, v in raw.items()}
    new_total = sum(new_w.values())
    points = np.array([ruleset.rules[r].points for r in rule_ids], dtype=float)
    new_points = np.zeros(len(rule_ids), dtype=int)
    ratios = np.ones(len(rule_ids))
    for j in range(len(rule_ids)):
        d = DIMENSIONS[dims[j]]
        if new_w[d] <= 0:
            new_points[j] = int(points[j])  # the dimension no longer counts; its points do not matter
            ratios[j] = 0.0
            continue
        # cost per current point must be factor x the current cost: (w'/W') r = factor (w/W)
        want = factors[j] * current[d] / (new_w[d] / new_total)
        target = points[j] * want
        # A protected rule never loses points, even where a heavier dimension would allow it.
        pts = max(int(points[j]), math.ceil(target - 1e-9)) if rule_ids[j] in PROTECTED else round(target)
        new_points[j] = int(min(100, max(0, pts)))
        ratios[j] = new_points[j] / points[j] if points[j] else want
    return new_w, ratios, new_points, held


def calibrate(
    outcomes: list[Outcome],
    ruleset: RuleSet | None = None,
    *,
    folds: int = FOLDS,
    seed: int = 0,
) -> Calibration:
    """Fit this team's weights from its outcomes; CalibrationError when the data can't say."""
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    ruleset = ruleset or default_ruleset()
    outcomes = [o for o in outcomes if o.channel and o.scores]
    n = len(outcomes)
    y = np.array([o.replied for o in outcomes], dtype=int)
    replies = int(y.sum())
    if n < MIN_ROWS:
        raise CalibrationError(f"too few messages to calibrate: {n} (at least {MIN_ROWS} are needed)")
    if replies < MIN_PER_CLASS or n - replies < MIN_PER_CLASS:
        if replies == 0 or replies == n:
            raise CalibrationError(f"all {n} messages {'got a reply' if replies else 'went unanswered'}: nothing to learn from")
        raise CalibrationError(
            f"too few {'replies' if replies < MIN_PER_CLASS else 'messages without a reply'} to calibrate: "
            f"{min(replies, n - replies)} (at least {MIN_PER_CLASS} are needed)"
        )
    rule_ids = sorted({r for o in outcomes for r in o.rules if r in ruleset.rules and r not in SKIP})
    if not rule_ids:
        raise CalibrationError("no message lost any points: there is nothing to weigh")
    x = _matrix(outcomes, rule_ids)
    current = _shares(ruleset)
    shares_by_rule = np.array([current[DIMENSIONS[k]] for k in _dimension_of(rule_ids)])
    now = np.array([o.overall for o in outcomes], dtype=float)
    channels = [o.channel for o in outcomes]
    min_support = max(10, n // 50)
    folds = max(2, min(folds, replies, n - replies))
    auc_now, auc_fit = [], []
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
        fit = _fit(x[train], y[train], shares_by_rule, min_support)
        support = (x[train] > 0).sum(axis=0)
        new_w, ratios, _, _ = _offer(fit.factors, rule_ids, support, current, ruleset)
        auc_now.append(float(roc_auc_score(y[test], now[test])))
        fitted_overall = replica_overall(x[test], rule_ids, ratios, new_w, [channels[i] for i in test], ruleset)
        auc_fit.append(float(roc_auc_score(y[test], fitted_overall)))
    fit = _fit(x, y, shares_by_rule, min_support)
    support = (x > 0).sum(axis=0)
    new_w, _, new_points, held = _offer(fit.factors, rule_ids, support, current, ruleset)
    rules = [
        RuleWeight(
            rule=r, support=int(support[j]), replies_with=int(y[x[:, j] > 0].sum()),
            factor=float(fit.factors[j]), points=ruleset.rules[r].points, new_points=int(new_points[j]),
            fitted=bool(fit.fitted[j]), held=held[j],
        )
        for j, r in enumerate(rule_ids)
    ]
    notes = [fit.note] if fit.note else []
    return Calibration(
        rows=n, replies=replies,
        auc_current=float(np.mean(auc_now)), auc_fitted=float(np.mean(auc_fit)),
        auc_current_folds=auc_now, auc_fitted_folds=auc_fit,
        weights={d: round(v, 3) for d, v in current.items()}, new_weights=new_w, rules=rules, notes=notes,
    )


def team_rules_toml(cal: Calibration, ruleset: RuleSet | None = None) -> str:
    """The fitted weights as a team rules file (README "Team rules"): readable and diffable.

    A rule's ``max_points`` and its ``points_*`` parameters scale with its points, so a rule
    that costs points in steps keeps its shape."""
    ruleset = ruleset or default_ruleset()
    out = [
        "# Team weights fitted from this team's outcomes by Pitch Workshop's calibration.",
        f"# {cal.rows} messages, {cal.replies} replies. AUC on held-out folds: "
        f"current {cal.auc_current:.3f}, fitted {cal.auc_fitted:.3f}.",
        "# Use it with --rules on the command line; in the app, Outcomes > Calibrate > Use these weights.",
        "# Delete this file (or a line of it) to go back to the shipped weights.",
        "",
        "[weights]",
    ]
    out += [f"{d} = {cal.new_weights[d]:.3f}  # was {cal.weights[d]:.3f}" for d in DIMENSIONS]
    for r in sorted(cal.changed, key=lambda r: r.rule):
        rule = ruleset.rules[r.rule]
        ratio = r.new_points / r.points if r.points else 1.0
        out += ["", f'[rules."{r.rule}"]  # fired on {r.support} messages, {r.replies_with} of them got a reply']
        out.append(f"points = {r.new_points}  # was {r.points}")
        if rule.max_points and r.new_points:
            out.append(f"max_points = {min(100, max(1, round(rule.max_points * ratio)))}  # was {rule.max_points}")
        scaled = {k: v for k, v in rule.params.items() if k.startswith("points_") and isinstance(v, int)}
        if scaled:
            out.append(f'[rules."{r.rule}".params]')
            out += [f"{k} = {min(100, max(0, round(v * ratio)))}  # was {v}" for k, v in sorted(scaled.items())]
    if cal.held:
        out += ["", "# Held (never lowered, whatever the replies say):"]
        out += [f"#   {r.rule}: lowering it would reward {r.held}" for r in cal.held]
    return "\n".join(out) + "\n"
