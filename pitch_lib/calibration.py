"""Calibration: fit a team's weights from its own replies, and write them as a team rules file.

The overall score is substance x delivery x gates (README, "How a pitch is scored";
``scoring.overall_score``)::

    overall = S x prod_d (score_d / 100) ** (w_d x strength) x gates
    S = (w_p x personalisation + w_b x benefit_clarity) / (w_p + w_b)

and every dimension score is 100 minus the points its rules took off. Calibration fits that
formula, as it is, to the team's replies, in two steps, glass-box:

1. **Rule points, within their dimension.** scikit-learn's L2-regularised logistic regression
   of *replied* on the points each rule took off (weighted by its dimension's weight; a rule that
   fired, and did not fire, on enough messages gets its own coefficient, the others share one)
   gives each rule a factor: how many times its current points the replies say it is worth.
   Within a dimension the rules share out its points by those factors (a rule's new points are
   its points x its factor / the dimension's mean factor), so how much the dimension as a whole
   counts is left to step 2. Rules with too little support keep their points.
2. **The weights, where the formula uses them.** With the dimension scores those points give,

       logit P(reply) = a + c x log(overall / 100)
                      = a + c x [log(S / 100) + sum_d e_d x log(score_d / 100) + log(gates)]

   is fitted by penalised maximum likelihood (SciPy's L-BFGS-B, with the exact gradient). The
   exponents ``e_d`` are the delivery dimensions' weights x strength, so the fitted weight *is*
   the fitted exponent / strength; the substance's mix w_p / (w_p + w_b) is fitted too (their
   sum stays as it is: only the mix counts). A Gaussian prior pulls every parameter towards the
   current weights, so a weight moves only as far as the replies push it. A channel with enough
   messages of its own (and only when the log has more than one channel) gets its own weights,
   ``[channel_weights.<channel>]``, fitted on its messages from where it would be anyway (the
   team's weights with the shipped channel overrides); the others take the team's weights.

Rules that keep pressure, guilt, shouting and exclusionary wording out of a pitch are never
lowered (``PROTECTED``), and their dimensions (tone, inclusivity) never get a smaller weight:
a team whose replies happened to come despite them is not offered weights that would reward
them, and the report says which were held.

How well the current and the fitted weights rank the replies is measured on held-out folds
(stratified k-fold cross-validation): both steps are fitted without the rows they are tested
on, rounded as a file holds them, and the held-out messages' overall scores are recomputed from
their findings with the engine's own ``overall_score`` under the fitted weights.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass, field, replace

import numpy as np

from pitch_lib.engine.ruleset import RuleSet, default_ruleset
from pitch_lib.engine.scorecard import DIMENSIONS
from pitch_lib.engine.scoring import CORE
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
PROTECTED_DIMENSIONS = {r.split(".", 1)[0] for r in PROTECTED}  # never weigh less
DELIVERY = tuple(d for d in DIMENSIONS if d not in CORE)
# The prior's spread, in the formula's terms: the substance's mix (a share), then each delivery
# exponent (weight x strength; the shipped ones are 0.5 to 0.75). Smaller: weights move less.
PRIOR_SD = np.array([0.15, *[0.5] * len(DELIVERY)])
# A channel gets weights of its own only with this many messages, and replies and non-replies each.
MIN_CHANNEL_ROWS = 200
MIN_CHANNEL_PER_CLASS = 20
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
    weights: dict[str, float]  # current [weights], as the formula uses them
    new_weights: dict[str, float]  # fitted
    rules: list[RuleWeight]
    notes: list[str] = field(default_factory=list)
    channel_weights: dict[str, dict[str, float]] = field(default_factory=dict)  # current, per channel
    new_channel_weights: dict[str, dict[str, float]] = field(default_factory=dict)  # fitted: what the file adds
    mean_overall: float = 0.0  # the messages' mean overall score now
    mean_overall_fitted: float = 0.0  # ...and with the file (recomputed from their findings)

    @property
    def held(self) -> list[RuleWeight]:
        return [r for r in self.rules if r.held]

    @property
    def changed(self) -> list[RuleWeight]:
        return [r for r in self.rules if r.new_points != r.points]

    def overall_cost(self, r: RuleWeight, fitted: bool) -> float:
        """A finding of ``r``'s weighted points (its points times its dimension's weight in
        ``[weights]``), with the current or the fitted weights: how much the fit leans on it."""
        if fitted:
            return r.new_points * self.new_weights[r.dimension]
        return r.points * self.weights[r.dimension]

    def to_toml(self, ruleset: RuleSet | None = None, team: dict | None = None, team_name: str = "") -> str:
        return team_rules_toml(self, ruleset, team, team_name or "the team's rules file")

    def report(self) -> str:
        """The calibration as plain text (what the command line prints)."""
        lines = [
            f"{self.rows} messages, {self.replies} replies ({self.replies / self.rows:.0%})",
            f"AUC on held-out folds ({len(self.auc_fitted_folds)}-fold cross-validation; 0.5 = chance, 1 = perfect):",
            f"  current weights  {self.auc_current:.3f}  (folds: {', '.join(f'{a:.2f}' for a in self.auc_current_folds)})",
            f"  fitted weights   {self.auc_fitted:.3f}  (folds: {', '.join(f'{a:.2f}' for a in self.auc_fitted_folds)})",
            f"mean overall score of these messages: {self.mean_overall:.1f} now, {self.mean_overall_fitted:.1f} with the fitted file",
            "",
            "dimension weights, as the formula uses them (substance: the mix of the first two; "
            "delivery: exponent = weight x strength): current -> fitted",
        ]
        for d in DIMENSIONS:
            lines.append(f"  {d:<16} {self.weights[d]:.3f} -> {self.new_weights[d]:.3f}")
        for ch, change in sorted(self.new_channel_weights.items()):
            now = {**self.weights, **self.channel_weights.get(ch, {})}
            lines.append(f"  {ch} (its own, from its messages): " + ", ".join(
                f"{d} {now[d]:.3f} -> {v:.3f}" for d, v in change.items()))
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


def with_weights(ruleset: RuleSet, weights: dict[str, float],
                 channel_weights: dict[str, dict[str, float]] | None = None) -> RuleSet:
    """``ruleset`` with a team file's ``[weights]`` and ``[channel_weights.*]`` applied the way the
    loader applies them (a channel's table updates the shipped one, key by key)."""
    merged = {ch: dict(v) for ch, v in ruleset.channel_weights.items()}
    for ch, change in (channel_weights or {}).items():
        merged.setdefault(ch, {}).update(change)
    return replace(ruleset, weights={d: float(weights[d]) for d in DIMENSIONS}, channel_weights=merged)


def _dimension_scores(x: np.ndarray, rule_ids: list[str], ratios: np.ndarray) -> np.ndarray:
    """Each dimension's score (rows x DIMENSIONS) if every rule's points were multiplied by ``ratios``."""
    dims = _dimension_of(rule_ids)
    lost = x * ratios
    per_dim = np.stack([lost[:, dims == k].sum(axis=1) for k in range(len(DIMENSIONS))], axis=1)
    return np.maximum(0, np.round(100 - per_dim))


def _log_gates(x: np.ndarray, rule_ids: list[str], ratios: np.ndarray, ruleset: RuleSet) -> np.ndarray:
    """log of the product of the gates (``overall_factor``) of the rules that still cost points."""
    out = np.zeros(len(x))
    for j, r in enumerate(rule_ids):
        factor = ruleset.rules[r].params.get("overall_factor")
        if factor is not None and ratios[j] > 0:
            out += np.where(x[:, j] > 0, math.log(float(factor)), 0.0)
    return out


def replica_overall(x: np.ndarray, rule_ids: list[str], ratios: np.ndarray, weights: dict[str, float],
                    channels: list[str], ruleset: RuleSet | None = None,
                    channel_weights: dict[str, dict[str, float]] | None = None) -> np.ndarray:
    """The overall score each message would get if every rule's points were multiplied by
    ``ratios`` and the team file held ``weights`` and ``channel_weights``: each dimension is 100
    minus the scaled points (floored at 0), and the engine's own ``overall_score`` combines them,
    with the gates of the rules that still cost points. Computed from the points already lost,
    without scoring the text again (each distinct combination once)."""
    from pitch_lib.engine.scoring import overall_score

    ruleset = with_weights(ruleset or default_ruleset(), weights, channel_weights)
    scores = _dimension_scores(x, rule_ids, ratios).astype(int)
    gate_of = {j: float(ruleset.rules[r].params["overall_factor"]) for j, r in enumerate(rule_ids)
               if "overall_factor" in ruleset.rules[r].params and ratios[j] > 0}
    fired = x > 0
    done: dict[tuple, int] = {}
    out = np.zeros(len(x))
    for i in range(len(x)):
        gates = tuple(j for j in gate_of if fired[i, j])
        key = (channels[i], tuple(scores[i]), gates)
        if key not in done:
            dim_scores = {d: int(scores[i, k]) for k, d in enumerate(DIMENSIONS)}
            done[key] = overall_score(dim_scores, ruleset, channels[i], {rule_ids[j]: gate_of[j] for j in gates})[0]
        out[i] = done[key]
    return out


# ---------------------------------------------------------------- step 1: rule points


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


def _rule_points(factors: np.ndarray, fitted: np.ndarray, rule_ids: list[str], support: np.ndarray,
                 ruleset: RuleSet) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Share out the points of each dimension's fitted rules by their factors (the others keep
    theirs); protect; round to whole points.

    Returns (point ratios after rounding, new points, held reasons)."""
    dims = _dimension_of(rule_ids)
    points = np.array([ruleset.rules[r].points for r in rule_ids], dtype=float)
    ratios = np.ones(len(rule_ids))
    for k in range(len(DIMENSIONS)):
        sel = (dims == k) & fitted & (support > 0)
        if sel.any():
            mean = float(np.average(factors[sel], weights=support[sel]))
            ratios[sel] = factors[sel] / mean if mean > 0 else 0.0
    held = [""] * len(rule_ids)
    new_points = np.zeros(len(rule_ids), dtype=int)
    for j, r in enumerate(rule_ids):
        target = points[j] * ratios[j]
        if r in PROTECTED:
            if ratios[j] < 1.0:
                held[j] = PROTECTED[r]
            pts = max(int(points[j]), math.ceil(target - 1e-9))
        else:
            pts = round(target)
        new_points[j] = int(min(100, max(0, pts)))
    rounded = np.where(points > 0, new_points / np.where(points > 0, points, 1), 1.0)
    return rounded, new_points, held


# ---------------------------------------------------------------- step 2: the formula's weights


def _theta(w: dict[str, float], strength: float) -> np.ndarray:
    """Weights as the formula's parameters: the substance's mix, then each delivery exponent."""
    core = w["personalisation"] + w["benefit_clarity"]
    mix = w["personalisation"] / core if core > 0 else 0.5
    return np.array([mix, *(w[d] * strength for d in DELIVERY)])


def _weights_of(theta: np.ndarray, core: float, strength: float) -> dict[str, float]:
    out = {"personalisation": theta[0] * core, "benefit_clarity": (1 - theta[0]) * core}
    out.update({d: theta[1 + k] / strength for k, d in enumerate(DELIVERY)})
    return {d: round(float(out[d]), 3) for d in DIMENSIONS}


def _pinned(override: dict[str, float]) -> np.ndarray:
    """Which parameters a channel's shipped table sets (a connection note weighs no benefits)."""
    return np.array([bool({"personalisation", "benefit_clarity"} & set(override)), *(d in override for d in DELIVERY)])


def _penalised_fit(scores: np.ndarray, log_gates: np.ndarray, y: np.ndarray, start: np.ndarray,
                   free: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, float, float]:
    """The parameters (mix, exponents) that best explain ``y`` through log(overall), each
    pulled towards ``start`` by the prior; those not ``free`` stay at ``start``. Returns them,
    ``c`` (how strongly the overall score goes with replies here; 0: not at all) and the
    negative log-likelihood of ``y`` under them."""
    from scipy.optimize import minimize
    from scipy.special import expit

    # Messages with the same scores and gates are one group of m messages with k replies (a
    # binomial likelihood): the same fit, over a few thousand rows instead of every message.
    delivery = [DIMENSIONS.index(d) for d in DELIVERY]
    features = np.column_stack([scores[:, DIMENSIONS.index("personalisation")],
                                scores[:, DIMENSIONS.index("benefit_clarity")], scores[:, delivery], log_gates])
    groups, which = np.unique(features, axis=0, return_inverse=True)
    m = np.bincount(which.ravel(), minlength=len(groups)).astype(float)
    k = np.bincount(which.ravel(), weights=y, minlength=len(groups))
    p_core, b_core, log_gates = groups[:, 0], groups[:, 1], groups[:, -1]
    logs = np.log(np.maximum(groups[:, 2:-1], 0.5) / 100)
    sd = PRIOR_SD[free]
    rate = min(max(float(y.mean()), 1e-3), 1 - 1e-3)

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        a, c = params[0], params[1]
        theta = start.copy()
        theta[free] = params[2:]
        raw = theta[0] * p_core + (1 - theta[0]) * b_core
        sub = np.maximum(raw, 0.5)
        value = np.log(sub / 100) + (logs * theta[1:]).sum(axis=1) + log_gates  # no BLAS call: tiny, and threads cost more
        eta = a + c * value
        nll = float(np.sum(m * np.logaddexp(0, eta) - k * eta))
        r = m * expit(eta) - k
        grad_theta = np.concatenate([[c * float(np.sum(r * (p_core - b_core) / sub * (raw > 0.5)))], c * (r[:, None] * logs).sum(axis=0)])
        off = (theta[free] - start[free]) / sd
        grad = np.concatenate([[r.sum(), float(np.sum(r * value))], grad_theta[free] + off / sd])
        return nll + 0.5 * float(off @ off), grad

    x0 = np.concatenate([[math.log(rate / (1 - rate)), 1.0], start[free]])
    bounds = [(-30.0, 30.0), (0.0, 100.0), *zip(lower[free], upper[free], strict=True)]
    found = minimize(objective, x0, jac=True, method="L-BFGS-B", bounds=bounds)
    theta = start.copy()
    theta[free] = found.x[2:]
    off = (theta[free] - start[free]) / sd
    return theta, float(found.x[1]), float(found.fun) - 0.5 * float(off @ off)


@dataclass
class _Formula:
    weights: dict[str, float]  # the team's [weights]
    channel_weights: dict[str, dict[str, float]]  # [channel_weights.<channel>]: only what differs
    note: str = ""


def _fit_formula(scores: np.ndarray, log_gates: np.ndarray, y: np.ndarray, channels: list[str],
                 ruleset: RuleSet) -> _Formula:
    from scipy.stats import chi2

    strength = float(ruleset.limits.get("delivery_strength", 5))
    current = {d: float(ruleset.weights[d]) for d in DIMENSIONS}
    core = current["personalisation"] + current["benefit_clarity"]
    protected = np.array([False, *(d in PROTECTED_DIMENSIONS for d in DELIVERY)])

    def limits(start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lower = np.where(protected, start, 0.0)  # tone and inclusivity never weigh less
        return lower, np.array([1.0, *[strength] * len(DELIVERY)])

    # The team's weights, from every message; on a channel's rows, what its shipped table sets
    # stays set (a connection note weighs no benefits whatever [weights] says).
    start = _theta(current, strength)
    free = np.array([core > 0, *[True] * len(DELIVERY)])
    chans = np.array(channels)
    pinned_rows = np.zeros((len(y), len(start)), dtype=bool)
    pinned_values = np.zeros((len(y), len(start)))
    for ch in set(channels):
        override = ruleset.channel_weights.get(ch, {})
        if override:
            rows = chans == ch
            pinned_rows[rows] = _pinned(override)
            pinned_values[rows] = _theta({**current, **override}, strength)
    theta, c, _ = _fit_pinned(scores, log_gates, y, start, free, *limits(start), pinned_rows, pinned_values)
    weights = _weights_of(theta, core, strength)
    note = "" if c > 0.05 else "the overall score does not go with replies in this data: the weights stay near the current ones"
    # A channel with enough messages of its own: its own weights, from where it would be anyway.
    channel_weights: dict[str, dict[str, float]] = {}
    if len(set(channels)) > 1:
        for ch in sorted(set(channels)):
            rows = chans == ch
            n, replies = int(rows.sum()), int(y[rows].sum())
            if n < MIN_CHANNEL_ROWS or min(replies, n - replies) < MIN_CHANNEL_PER_CLASS:
                continue
            override = ruleset.channel_weights.get(ch, {})
            would_be = {**weights, **override}
            ch_start = _theta(would_be, strength)
            ch_free = free & ~_pinned({k: v for k, v in override.items() if v == 0})
            args = (scores[rows], log_gates[rows], y[rows], ch_start)
            ch_theta, _, nll = _penalised_fit(*args, ch_free, *limits(ch_start))
            _, _, nll_would_be = _penalised_fit(*args, np.zeros_like(ch_free), *limits(ch_start))
            # Its own weights only where its messages say so: a likelihood-ratio test against the
            # weights it would have anyway (5% level, one degree of freedom per weight fitted).
            if 2 * (nll_would_be - nll) < chi2.ppf(0.95, int(ch_free.sum())):
                continue
            fitted = _weights_of(ch_theta, would_be["personalisation"] + would_be["benefit_clarity"], strength)
            differs = {d: fitted[d] for d in DIMENSIONS if abs(fitted[d] - would_be[d]) >= 0.005}
            if differs.keys() & set(CORE):
                differs.update({d: fitted[d] for d in CORE})
            if differs:
                channel_weights[ch] = {d: differs[d] for d in DIMENSIONS if d in differs}
    return _Formula(weights, channel_weights, note)


def _fit_pinned(scores, log_gates, y, start, free, lower, upper, pinned_rows, pinned_values):
    """:func:`_penalised_fit` where some rows have some parameters set by their channel: those
    rows' pinned parameters stay at their channel's values. Rows are grouped by what is pinned."""
    if not pinned_rows.any():
        return _penalised_fit(scores, log_gates, y, start, free, lower, upper)
    # Fold each pinned parameter into the rows' gates (a constant term) and zero its feature:
    # the shared fit then sees only what the team's [weights] decide on those rows.
    scores = scores.astype(float).copy()
    log_gates = log_gates.copy()
    for k, d in enumerate(DELIVERY, start=1):
        rows = pinned_rows[:, k]
        if rows.any():
            j = DIMENSIONS.index(d)
            log_gates[rows] += pinned_values[rows, k] * np.log(np.maximum(scores[rows, j], 0.5) / 100)
            scores[rows, j] = 100.0  # log(1) = 0: the shared exponent does not act here
    rows = pinned_rows[:, 0]
    if rows.any():  # a pinned mix: the substance is fixed for these rows
        p_core, b_core = DIMENSIONS.index("personalisation"), DIMENSIONS.index("benefit_clarity")
        mix = pinned_values[rows, 0]
        fixed = mix * scores[rows, p_core] + (1 - mix) * scores[rows, b_core]
        scores[rows, p_core] = scores[rows, b_core] = fixed
    return _penalised_fit(scores, log_gates, y, start, free, lower, upper)


# ---------------------------------------------------------------- calibrate


@dataclass
class _Proposal:
    ratios: np.ndarray
    new_points: np.ndarray
    held: list[str]
    formula: _Formula
    fit: _Fit


def _propose(x: np.ndarray, y: np.ndarray, rule_ids: list[str], channels: list[str], ruleset: RuleSet,
             shares_by_rule: np.ndarray, min_support: int) -> _Proposal:
    fit = _fit(x, y, shares_by_rule, min_support)
    support = (x > 0).sum(axis=0)
    ratios, new_points, held = _rule_points(fit.factors, fit.fitted, rule_ids, support, ruleset)
    scores = _dimension_scores(x, rule_ids, ratios)
    formula = _fit_formula(scores, _log_gates(x, rule_ids, ratios, ruleset), y, channels, ruleset)
    return _Proposal(ratios, new_points, held, formula, fit)


def calibrate(
    outcomes: list[Outcome],
    ruleset: RuleSet | None = None,
    *,
    folds: int = FOLDS,
    seed: int = 0,
) -> Calibration:
    """Fit this team's weights from its outcomes; CalibrationError when the data can't say.

    ``ruleset`` is where the fit starts from (the team's current rules; the shipped ones by
    default): the outcomes' findings should have been scored with it."""
    from threadpoolctl import threadpool_limits

    # The matrices here are small: BLAS threads only wait for each other (on a busy 2-core
    # machine, L-BFGS-B spent 8 ms a step waiting, 20 s of wall clock for 3 s of work).
    with threadpool_limits(limits=1, user_api="blas"):
        return _calibrate(outcomes, ruleset or default_ruleset(), folds, seed)


def _calibrate(outcomes: list[Outcome], ruleset: RuleSet, folds: int, seed: int) -> Calibration:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

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
    total = sum(ruleset.weights.values())
    shares_by_rule = np.array([ruleset.weights[DIMENSIONS[k]] / total for k in _dimension_of(rule_ids)])
    now = np.array([o.overall for o in outcomes], dtype=float)
    channels = [o.channel for o in outcomes]
    min_support = max(10, n // 50)
    folds = max(2, min(folds, replies, n - replies))
    auc_now, auc_fit = [], []
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
        prop = _propose(x[train], y[train], rule_ids, [channels[i] for i in train], ruleset, shares_by_rule, min_support)
        auc_now.append(float(roc_auc_score(y[test], now[test])))
        fitted_overall = replica_overall(x[test], rule_ids, prop.ratios, prop.formula.weights,
                                         [channels[i] for i in test], ruleset, prop.formula.channel_weights)
        auc_fit.append(float(roc_auc_score(y[test], fitted_overall)))
    prop = _propose(x, y, rule_ids, channels, ruleset, shares_by_rule, min_support)
    support = (x > 0).sum(axis=0)
    rules = [
        RuleWeight(
            rule=r, support=int(support[j]), replies_with=int(y[x[:, j] > 0].sum()),
            factor=float(prop.fit.factors[j]), points=ruleset.rules[r].points, new_points=int(prop.new_points[j]),
            fitted=bool(prop.fit.fitted[j]), held=prop.held[j],
        )
        for j, r in enumerate(rule_ids)
    ]
    fitted_all = replica_overall(x, rule_ids, prop.ratios, prop.formula.weights, channels, ruleset,
                                 prop.formula.channel_weights)
    notes = [note for note in (prop.fit.note, prop.formula.note) if note]
    return Calibration(
        rows=n, replies=replies,
        auc_current=float(np.mean(auc_now)), auc_fitted=float(np.mean(auc_fit)),
        auc_current_folds=auc_now, auc_fitted_folds=auc_fit,
        weights={d: round(float(ruleset.weights[d]), 3) for d in DIMENSIONS}, new_weights=prop.formula.weights,
        rules=rules, notes=notes, new_channel_weights=prop.formula.channel_weights,
        channel_weights={ch: dict(v) for ch, v in ruleset.channel_weights.items()},
        mean_overall=float(now.mean()), mean_overall_fitted=float(fitted_all.mean()),
    )


def team_rules_toml(cal: Calibration, ruleset: RuleSet | None = None, team: dict | None = None,
                    team_name: str = "the team's rules file") -> str:
    """The fitted weights as a team rules file (README "Team rules"): readable and diffable.

    A rule's ``max_points`` and its ``points_*`` parameters scale with its points, so a rule
    that costs points in steps keeps its shape. ``team`` is the team file the calibration
    started from (as ``tomllib`` reads it; ``ruleset`` is that file loaded): everything it sets
    is kept, with the fitted values in their place, so the new file replaces it."""
    ruleset = ruleset or default_ruleset()
    team = copy.deepcopy(team or {})
    out = [
        "# Team weights fitted from this team's outcomes by Pitch Workshop's calibration.",
        f"# {cal.rows} messages, {cal.replies} replies. AUC on held-out folds: "
        f"current {cal.auc_current:.3f}, fitted {cal.auc_fitted:.3f}.",
        "# Use it with --rules on the command line; in the app, Outcomes > Calibrate > Use these weights.",
        "# Delete this file (or a line of it) to go back to the shipped weights.",
    ]
    if team:
        out.append(f"# Started from {team_name}: all it sets is kept, with the fitted values in their place.")
    top = {k: v for k, v in team.items() if not isinstance(v, dict) and not _table_array(v)}
    out += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in top.items()]
    for k in top:
        team.pop(k)
    team.pop("weights", None)
    out += ["", "[weights]"]
    out += [f"{d} = {cal.new_weights[d]:.3f}  # was {cal.weights[d]:.3f}" for d in DIMENSIONS]
    team_channels = team.pop("channel_weights", {})
    for ch in sorted(set(team_channels) | set(cal.new_channel_weights)):
        fitted = cal.new_channel_weights.get(ch, {})
        was = {**cal.new_weights, **cal.channel_weights.get(ch, {})}
        out += ["", f"[channel_weights.{_toml_key(ch)}]" + ("  # fitted on this channel's own messages" if fitted else "")]
        out += [f"{_toml_key(d)} = {_toml_value(v)}" for d, v in team_channels.get(ch, {}).items() if d not in fitted]
        out += [f"{d} = {v:.3f}  # would be {was[d]:.3f}" for d, v in fitted.items()]
    team_rules = team.pop("rules", {})
    added = {r.get("id"): r for r in team.get("rule", []) if isinstance(r, dict)}  # the team's own [[rule]]s
    changed = {r.rule: r for r in cal.changed}
    for rid in sorted(set(team_rules) | (set(changed) - set(added))):
        own = dict(team_rules.get(rid, {}))
        own_params = dict(own.pop("params", {}))
        fitted_lines, fitted_params = [], []
        r = changed.get(rid)
        if r is not None:
            fitted_lines, fitted_params, fitted_keys = _fitted_points(r, ruleset.rules[rid])
            for k in fitted_keys:
                own.pop(k, None)
                own_params.pop(k, None)
        comment = f"  # fired on {r.support} messages, {r.replies_with} of them got a reply" if r else ""
        out += ["", f"[rules.{_toml_key(rid)}]{comment}"]
        out += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in own.items()] + fitted_lines
        if own_params or fitted_params:
            out.append(f"[rules.{_toml_key(rid)}.params]")
            out += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in own_params.items()] + fitted_params
    for rid in sorted(set(changed) & set(added)):  # a rule the file adds: its points change in place
        r, entry = changed[rid], added[rid]
        ratio = r.new_points / r.points if r.points else 1.0
        entry["points"] = r.new_points
        if entry.get("max_points") and r.new_points:
            entry["max_points"] = min(100, max(1, round(entry["max_points"] * ratio)))
    rest = _toml_tables(team)
    if rest:
        out += ["", f"# The rest of {team_name}, as it was" + (" (its own rules with their fitted points)" if
                                                                set(changed) & set(added) else "") + ":", *rest]
    if cal.held:
        out += ["", "# Held (never lowered, whatever the replies say):"]
        out += [f"#   {r.rule}: lowering it would reward {r.held}" for r in cal.held]
    return "\n".join(out) + "\n"


def _fitted_points(r: RuleWeight, rule) -> tuple[list[str], list[str], set[str]]:
    """The lines a changed rule's points write (its table, its params table), and their keys."""
    ratio = r.new_points / r.points if r.points else 1.0
    lines = [f"points = {r.new_points}  # was {r.points}"]
    keys = {"points"}
    if rule.max_points and r.new_points:
        lines.append(f"max_points = {min(100, max(1, round(rule.max_points * ratio)))}  # was {rule.max_points}")
        keys.add("max_points")
    scaled = {k: v for k, v in rule.params.items() if k.startswith("points_") and isinstance(v, int)}
    params = [f"{k} = {min(100, max(0, round(v * ratio)))}  # was {v}" for k, v in sorted(scaled.items())]
    return lines, params, keys | set(scaled)


# ---------------------------------------------------------------- TOML out
# tomllib reads TOML but writes none. A team file holds tables of numbers, strings, booleans and
# lists; this writes those back, and the tests read every file it writes with tomllib.


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_str(key)


def _toml_str(text: str) -> str:
    # JSON's escapes are TOML's (\" \\ \n \t \uXXXX ...); TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v) if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))
    if isinstance(v, str):
        return _toml_str(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    return v.isoformat()  # a date or time: TOML writes them as ISO 8601


def _table_array(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _toml_tables(d: dict, path: tuple[str, ...] = ()) -> list[str]:
    """``d``'s tables (and arrays of tables) as TOML lines, under ``path``."""
    lines: list[str] = []
    scalars = {k: v for k, v in d.items() if not isinstance(v, dict) and not _table_array(v)}
    if path and (scalars or not d):  # a table of tables needs no header of its own
        lines.append(f"[{'.'.join(_toml_key(p) for p in path)}]")
    lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in scalars.items()]
    for k, v in d.items():
        if isinstance(v, dict):
            lines += [*([""] if lines else []), *_toml_tables(v, (*path, k))]
        elif _table_array(v):
            for item in v:
                lines += ["", f"[[{'.'.join(_toml_key(p) for p in (*path, k))}]]"]
                lines += [f"{_toml_key(x)} = {_toml_value(y)}" for x, y in item.items()]
    return lines
