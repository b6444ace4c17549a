"""Pay as people write it: "£85k", "85-95k", "85,000-95,000 GBP", "EUR 62k", "$40/hr", "€62.000".

:func:`pay_mentions` finds the figures in a text that state pay, with their range, currency and
period, so the engine can tell that a pitch states the pay, that a figure is a salary and not a
head count ("40,000 smart meters") or a deal size, and that the pay stated matches the role's.
A figure counts as pay when it carries a currency (a symbol or a code), or a "k", or stands
next to a pay word (salary, base, a year, per hour); not when it sits with funding or deal words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

# ISO 4217 codes as people write them. Codes that are also common words or names (TRY, PHP, RON, COP,
# PEN, MAD, ALL, CUP, TOP) are left out: "try 3 things" and "PHP 8" are not pay.
CURRENCY_CODES = ("usd|eur|gbp|chf|sek|nok|dkk|isk|aud|cad|nzd|inr|pkr|bdt|lkr|sgd|myr|thb|idr|vnd|krw|twd|zar|pln|czk|huf|"
                  "bgn|rsd|uah|kzt|brl|mxn|clp|jpy|cny|hkd|aed|sar|qar|kwd|bhd|omr|jod|egp|ils|ghs|ngn|kes|ugx|tzs|rwf|etb|"
                  "xof|xaf|mur")
SYMBOLS = "$€£¥₹₦₵₩₫₪₴₺"
_NUM = r"\d{1,3}(?:[,.\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_MULT = r"\s?(?:k|m|thousand|million|mn|bn)\b"
_CUR_BEFORE = rf"(?:(?:[a-z]{{0,3}}[{SYMBOLS}])|(?:\b(?:{CURRENCY_CODES}|r)\s?))"
_CUR_AFTER = rf"(?:\s?(?:\b(?:{CURRENCY_CODES})\b|[{SYMBOLS}]))"
_ONE = rf"{_CUR_BEFORE}?(?:{_NUM})(?:{_MULT})?{_CUR_AFTER}?"
PAY_RE = re.compile(
    rf"(?<![\w.,])(?P<a>{_ONE})(?:\s?(?:-|–|—|to)\s?(?P<b>{_ONE}))?"
    rf"(?P<period>\s?(?:/|per|an?|p\.?)\s?(?:hr|hour|h|day|week|wk|month|mo|year|yr|annum|a\.?)\b\.?)?",
    re.IGNORECASE)
PAY_WORDS_RE = re.compile(
    r"\b(salary|salaries|pay|pays|paid|base|package|compensation|comp|ote|earn|earning|earnings|wage|wages|rate|"
    r"day rate|hourly|bonus|stipend|range)\b", re.I)
NOT_PAY_RE = re.compile(
    r"\b(raised|raise|funding|funded|valuation|valued|revenue|arr|round|series|investors?|invested|deal|deals|"
    r"budget|budgets|saved|saving|savings|cost|costs|turnover|sales|users|customers|patients|downloads|"
    r"portfolio|aum|assets|loan|loans|grant|market cap)\b", re.I)


# "AED 10,000 a year towards type ratings": a sum put towards something is never the salary;
# nor is one named as an allowance ("a housing allowance of AED 4,500 a month").
TOWARDS_RE = re.compile(r"\s*(?:towards?|to spend (?:on|at)|to put towards)\b", re.I)
ALLOWANCE_BEFORE_RE = re.compile(r"\b(?:allowance|stipend|budget|bonus|grant|per diem|sign-on|signing)(?: of| worth| up to| at)?\s*$", re.I)
FOR_AFTER_RE = re.compile(r"\s*(?:for|towards?|to spend|on|of|per person|each)\b|\s*\w+\s+(?:budget|allowance|stipend|grant|fund)\b", re.I)
EXTRA_BEFORE_RE = re.compile(r"(?:\bplus|\+|\bon top(?: of (?:that|this|it))?|\bas well as|\band an? (?:extra|additional|further)|"
                             r"\band up to)\s*$", re.I)
SALARY_RE = re.compile(r"\b(salary|pays|pay is|pay of|paying|we pay|they pay|base|package|wage|hourly rate|rate is|range)\b|\bpay\s*:", re.I)
OTE_RE = re.compile(r"\b(ote|on[- ]target|uncapped|commission|bonus|total comp\w*|equity|day rate)\b", re.I)
PERK_RE = re.compile(r"^\W{0,3}(\w+\W+){0,2}(budget|allowance|stipend|bonus|relocation|sign-on|signing|grant|equity|shares|pension|contribution|fund|credit|voucher|card|training|course|learning|education|conference|wellness|wellbeing|gym|membership)", re.I)


class WordHits:
    """Where a word list matches in a text, found in one scan, so that "is there a pay word in
    this stretch?" is a look-up and not a fresh search of every stretch (a match counts when it
    lies wholly inside the stretch)."""

    __slots__ = ("starts", "ends")

    def __init__(self, pattern: re.Pattern, text: str, spans: list[tuple[int, int]] | None = None):
        """``spans``: where ``pattern`` matches in ``text``, when the caller found them faster."""
        if spans is None:
            spans = [m.span() for m in pattern.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def within(self, lo: int, hi: int) -> bool:
        i = bisect_left(self.starts, lo)
        return i < len(self.starts) and self.ends[i] <= hi


def _phrase(text: str, start: int, end: int) -> str:
    """The stretch of ``text`` around a sum up to a comma and space, a semicolon, a full stop
    and space or a line break on either side (commas inside a figure, "125,000", don't count)."""
    seps = (", ", "; ", ". ", "\n")
    lo = max(text.rfind(c, 0, start) for c in seps)
    his = [i for i in (text.find(c, end) for c in seps) if i >= 0]
    return text[lo + 1 if lo >= 0 else 0: min(his) if his else len(text)]


def _clause(text: str, start: int, end: int) -> str:
    # (a colon before the figure introduces it, "Pay: 85-95k": the clause goes on past it)
    lo = max([text.rfind(c, 0, start) for c in ".;!?\n"] + [-1]) + 1
    his = [i for i in (text.find(c, end) for c in ".;:!?\n") if i >= 0]
    # a full stop inside a figure ("62.000") is not a clause end
    return text[lo: min(his) if his else len(text)] if lo < start else text[start: min(his) if his else len(text)]


_DIGIT_RE = re.compile(r"\d")
# Currencies of many units to the US dollar (rounded, 2025), where a yearly salary runs to millions
# ("₩60m a year", "¥8m", "₹24 lakh" written out): a figure counts as a salary below a million
# dollars' worth, not a million units.
_UNITS_PER_DOLLAR = {
    "¥": 150, "JPY": 150, "₩": 1400, "KRW": 1400, "IDR": 16000, "₫": 25000, "VND": 25000, "₹": 85, "INR": 85,
    "PKR": 280, "BDT": 120, "LKR": 300, "₦": 1500, "NGN": 1500, "HUF": 360, "CLP": 950, "UGX": 3700, "TZS": 2600,
    "RWF": 1400, "ETB": 130, "XOF": 600, "XAF": 600, "KZT": 500, "ISK": 140, "KES": 130, "CZK": 23, "RSD": 105,
    "THB": 34, "TWD": 32, "MUR": 46, "EGP": 50, "UAH": 41, "₴": 41,
}


@dataclass(frozen=True)
class Pay:
    start: int
    end: int
    low: float
    high: float
    currency: str  # a symbol or an upper-case code, "" when none was written
    period: str  # "year", "hour", "day", "week", "month" or "" (unsaid)
    salary: bool = False  # said as the job's pay ("pays", "salary", "base" in the clause), not a budget or bonus
    extra: bool = False  # an allowance or extra ("£1,000 a year for CPD", "plus AED 10,000"), not what the job pays


_CURRENCY_RE = re.compile(rf"[{SYMBOLS}]|\b(?:{CURRENCY_CODES})\b")
_NUM_RE = re.compile(_NUM)
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:[,.\u00a0 ]\d{3})+")
_SEPARATORS_RE = re.compile(r"[,.\u00a0 ]")
_MULTIPLIERS = ((re.compile(r"\d\s?k\b|thousand"), 1000), (re.compile(r"\d\s?(m|mn|million)\b"), 1_000_000),
                (re.compile(r"\d\s?bn\b"), 1_000_000_000))


def _value(raw: str) -> tuple[float | None, str, bool]:
    """(number, currency, has multiplier) of one side of a range."""
    low = raw.lower()
    cur = ""
    m = _CURRENCY_RE.search(low)
    if m:
        cur = m.group().upper()
    num = _NUM_RE.search(raw)
    if not num:
        return None, cur, False
    text = num.group()
    # "62.000" and "85,000" are thousands; "3.5" and "2,5" are decimals.
    if _THOUSANDS_RE.fullmatch(text):
        value = float(_SEPARATORS_RE.sub("", text))
    else:
        value = float(text.replace(",", "."))
    if num.end() < len(raw):  # (a multiplier follows the figure, if there is one)
        for pattern, times in _MULTIPLIERS:
            if pattern.search(low):
                return value * times, cur, True
    return value, cur, False


_PERIODS = (("hr", "hour"), ("hour", "hour"), ("h", "hour"), ("day", "day"), ("wk", "week"), ("week", "week"),
            ("mo", "month"), ("month", "month"), ("yr", "year"), ("year", "year"), ("annum", "year"), ("a.", "year"))


_RUN_RE = re.compile(r"\d[\d.,]*")


def _candidates(text: str):
    """PAY_RE's matches, tried only just before each run of digits (a currency sign or code
    is at most a few characters ahead of its figure): the same matches as ``finditer`` over the
    whole text, without trying the pattern at every letter."""
    end = 0
    for run in _RUN_RE.finditer(text):
        if run.start() < end:
            continue
        for start in range(max(end, run.start() - 5), run.start() + 1):
            m = PAY_RE.match(text, start)
            if m and m.end() > run.start() and m.group("a"):
                yield m
                end = m.end()
                break


def pay_mentions(text: str, pay_words: WordHits | None = None, not_pay: WordHits | None = None) -> list[Pay]:
    """Every figure in ``text`` that states pay (see the module's docstring). ``pay_words`` and
    ``not_pay``: where PAY_WORDS_RE and NOT_PAY_RE match in ``text``, when the caller has them."""
    out: list[Pay] = []
    if not _DIGIT_RE.search(text):
        return out
    pay_words = pay_words or WordHits(PAY_WORDS_RE, text)
    not_pay = not_pay or WordHits(NOT_PAY_RE, text)
    first_implied = None
    for m in _candidates(text):
        a, b = m.group("a"), m.group("b")
        va, ca, ka = _value(a)
        if va is None:
            continue
        vb, cb, kb = _value(b) if b else (None, "", False)
        # "85-95k": the k of the top end belongs to the bottom one too.
        if vb is not None and kb and not ka and va < 1000:
            va *= vb / (float(_NUM_RE.search(b).group().replace(",", "")) or 1)
        cur = ca or cb
        period = ""
        if m.group("period"):
            p = m.group("period").lower()
            period = next((name for key, name in _PERIODS if re.search(rf"\b{re.escape(key)}", p)), "")
        sentence_lo = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start()), 0)
        sentence_hi = min([i for i in (text.find(".", m.end()), text.find("\n", m.end())) if i >= 0] or [len(text)])
        lo, hi = max(sentence_lo, m.start() - 50), min(sentence_hi, m.end() + 50)
        has_pay_word = pay_words.within(lo, hi)
        phrase = _phrase(text, m.start(), m.end())
        # A word of money that is not pay ("budget", "raised") near the sum, unless a comma or a
        # "plus" puts it in another clause ("NZ$125,000 to 140,000, plus a NZ$3,000 budget").
        if not has_pay_word and not_pay.within(lo, hi) and NOT_PAY_RE.search(phrase):
            continue
        if not (cur or ka or kb or period or has_pay_word):
            continue
        if not cur and not has_pay_word and not period:
            continue  # "40k users": a k alone is not pay
        low_v, high_v = (va, vb) if vb is not None else (va, va)
        if low_v > high_v:
            low_v, high_v = high_v, low_v
        if high_v < 5 and not period:
            continue
        clause = _clause(text, m.start(), m.end())
        # on-target earnings and bonuses sit above a base range by design: not a base salary
        # "pays 28-32k a month, plus 10,000 a year towards study": what comes "plus" is an extra.
        allowance = bool(ALLOWANCE_BEFORE_RE.search(text, max(0, m.start() - 30), m.start()))
        extra = bool(FOR_AFTER_RE.match(text, m.end()) or EXTRA_BEFORE_RE.search(text, max(0, m.start() - 25), m.start())
                     or allowance)
        said_as_pay = bool(SALARY_RE.search(clause))
        # A sum in a currency, by the month, year or hour, with nothing after it to say what it
        # is for ("day shifts only, AED 12,000 a month.") is the pay, when nothing else is.
        # So is a range in a currency at a yearly salary's size ("What we offer: - NZ$125,000 to
        # NZ$140,000").
        yearly_range = (vb is not None and not period and low_v >= 10_000 * _UNITS_PER_DOLLAR.get(cur, 1)
                        and low_v != high_v)
        implied = (not said_as_pay and bool(cur) and (period in ("month", "year") or yearly_range)
                   and not FOR_AFTER_RE.match(text, m.end()))
        salary = ((said_as_pay or implied) and not OTE_RE.search(clause) and not PERK_RE.search(text[m.end():m.end() + 25])
                  and not TOWARDS_RE.match(text, m.end()) and not allowance
                  and not EXTRA_BEFORE_RE.search(text, max(0, m.start() - 25), m.start())
                  and high_v < 1_000_000 * _UNITS_PER_DOLLAR.get(cur, 1) and not NOT_PAY_RE.search(phrase)
                  and not (period in ("year", "") and high_v < 5000))
        out.append(Pay(m.start(), m.end(), low_v, high_v, cur, period, salary and not implied, extra and not salary))
        if salary and implied and first_implied is None:
            first_implied = len(out) - 1
    if first_implied is not None and not any(p.salary for p in out):
        out[first_implied] = replace(out[first_implied], salary=True)
    return out


def annual(p: Pay) -> tuple[float, float]:
    """The range as a yearly figure (hours x 1,800, days x 225, weeks x 46, months x 12)."""
    f = {"hour": 1800, "day": 225, "week": 46, "month": 12}.get(p.period, 1)
    return p.low * f, p.high * f
