"""Reply rates, each with a 95% confidence interval, by what a team can change.

A rate is never shown bare: each comes with a Wilson score interval (scipy's
``binomtest(...).proportion_ci(method="wilson")``), and a rule's effect is the difference
between the reply rate with and without its finding, with Newcombe's interval for a difference
of two proportions (built from the two Wilson intervals). A group with fewer than
``MIN_GROUP`` messages is marked as too small to say anything.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy.stats import binomtest

from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS

MIN_MESSAGES = 30  # below this, the page says there is nothing to conclude yet
MIN_PER_CLASS = 5  # replies, and messages without one
MIN_GROUP = 20  # a group smaller than this is "too few to say"
SCORE_BANDS = [(0, 49, "0-49"), (50, 59, "50-59"), (60, 69, "60-69"), (70, 79, "70-79"), (80, 89, "80-89"), (90, 100, "90-100")]
DIMENSION_BANDS = [(0, 59, "under 60"), (60, 79, "60-79"), (80, 100, "80-100")]
WORD_BANDS = [(0, 49, "under 50 words"), (50, 125, "50-125 words"), (126, 200, "126-200 words"), (201, 10**9, "over 200 words")]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
COLUMNS = ["group", "messages", "replies", "rate", "low", "high", "enough"]


def wilson(k: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval for ``k`` successes out of ``n`` ((0, 1) when n = 0)."""
    if n == 0:
        return 0.0, 1.0
    ci = binomtest(int(k), int(n)).proportion_ci(confidence_level=0.95, method="wilson")
    return float(ci.low), float(ci.high)


def newcombe(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """Difference p1 - p2 with Newcombe's hybrid score 95% interval (method 10, 1998)."""
    p1, p2 = (k1 / n1 if n1 else 0.0), (k2 / n2 if n2 else 0.0)
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def enough_data(frame: pd.DataFrame) -> str:
    """Empty when there is enough to look at; otherwise what is missing, in plain words."""
    n = len(frame)
    replies = int(frame["replied"].sum()) if n else 0
    if n < MIN_MESSAGES:
        return f"{n} message{'s' if n != 1 else ''} logged: at least {MIN_MESSAGES} are needed before any rate here means anything."
    if replies < MIN_PER_CLASS:
        return f"only {replies} repl{'y' if replies == 1 else 'ies'} in {n} messages: at least {MIN_PER_CLASS} are needed to compare anything."
    if n - replies < MIN_PER_CLASS:
        return f"only {n - replies} of {n} messages went unanswered: at least {MIN_PER_CLASS} are needed to compare anything."
    return ""


def _row(group: str, replied: pd.Series) -> dict:
    n, k = int(len(replied)), int(replied.sum())
    low, high = wilson(k, n)
    return {"group": group, "messages": n, "replies": k, "rate": k / n if n else 0.0,
            "low": low, "high": high, "enough": n >= MIN_GROUP}


def _by_bands(frame: pd.DataFrame, column: str, bands) -> pd.DataFrame:
    rows = []
    for lo, hi, label in bands:
        sel = frame[(frame[column] >= lo) & (frame[column] <= hi)]
        if len(sel):
            rows.append(_row(label, sel["replied"]))
    return pd.DataFrame(rows, columns=COLUMNS)


def by_score_band(frame: pd.DataFrame) -> pd.DataFrame:
    return _by_bands(frame, "overall", SCORE_BANDS)


def by_dimension(frame: pd.DataFrame) -> pd.DataFrame:
    """Reply rate by band of each dimension's score (a ``dimension`` column added)."""
    parts = []
    for d in DIMENSIONS:
        t = _by_bands(frame, d, DIMENSION_BANDS)
        t.insert(0, "dimension", DIMENSION_LABELS[d])
        parts.append(t)
    return pd.concat(parts, ignore_index=True)


def by_channel(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame([_row(ch, g["replied"]) for ch, g in frame.groupby("channel", sort=True)], columns=COLUMNS)


def by_length(frame: pd.DataFrame) -> pd.DataFrame:
    return _by_bands(frame, "words", WORD_BANDS)


def by_weekday(frame: pd.DataFrame) -> pd.DataFrame:
    """By the weekday it was sent (messages without a sent date are left out)."""
    dated = frame.dropna(subset=["sent_on"])
    day = dated["sent_on"].dt.day_of_week
    return pd.DataFrame([_row(WEEKDAYS[i], dated.loc[day == i, "replied"]) for i in range(7) if (day == i).any()],
                        columns=COLUMNS)


def by_rule(frame: pd.DataFrame) -> pd.DataFrame:
    """For each rule that fired: reply rate with and without its finding, and the difference
    with its interval. ``verdict`` says whether the interval excludes zero."""
    fired = pd.DataFrame([{r: True for r in rules} for rules in frame["rules"]], index=frame.index).fillna(False)
    rows = []
    y = frame["replied"].astype(bool)
    n_all, k_all = len(y), int(y.sum())
    for rule in sorted(fired.columns):
        mask = fired[rule].astype(bool)
        n1, k1 = int(mask.sum()), int(y[mask].sum())
        n2, k2 = n_all - n1, k_all - k1
        d, lo, hi = newcombe(k1, n1, k2, n2)
        if min(n1, n2) < MIN_GROUP:
            verdict = "too few to say"
        elif hi < 0:
            verdict = "fewer replies"
        elif lo > 0:
            verdict = "more replies"
        else:
            verdict = "no clear difference"
        rows.append({
            "rule": rule, "with": n1, "rate_with": k1 / n1 if n1 else 0.0, "without": n2,
            "rate_without": k2 / n2 if n2 else 0.0, "difference": d, "low": lo, "high": hi, "verdict": verdict,
        })
    cols = ["rule", "with", "rate_with", "without", "rate_without", "difference", "low", "high", "verdict"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("difference", kind="stable").reset_index(drop=True)
