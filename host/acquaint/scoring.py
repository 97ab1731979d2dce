"""How strong a relationship is: a pure function of one person's interactions and the time now.

Each part has a value, a maximum and a sentence with the numbers behind it. The parts follow the tie-strength
research in docs/SCORING.md: duration and recency were the strongest predictors (Gilbert & Karahalios 2009),
reciprocity and longevity predict a tie lasting (Raeder et al. 2011), and reciprocal services (Granovetter
1973) are what favours are. The weights live here and nowhere else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from .dates import ago, days_between, describe_age
from .summary import Summary

# The most each part can add. Together they make 100.
TENURE_MAX = 20          # how long you have known them
RECENCY_MAX = 20         # how recently it went both ways
FREQUENCY_MAX = 20       # how often you were in touch
RECIPROCITY_MAX = 15     # how evenly it goes both ways
FAVOURS_MAX = 25         # help exchanged, either way

# Curves: the number of days (or exchanges) at which a part reaches about 63% of its maximum.
TENURE_SCALE_DAYS = 365
RECENCY_SCALE_DAYS = 180
FREQUENCY_SCALE_EXCHANGES = 10
CALL_OR_MEETING_WEIGHT = 2   # a call or a meeting counts as this many messages
FAVOUR_RECEIVED_POINTS = 12  # they helped you
FAVOUR_GIVEN_POINTS = 6      # you helped them

# Earlier asks from them take points away, for asks within this window.
ASK_PENALTY_POINTS = 5
ASK_PENALTY_MAX = 20
ASK_WINDOW_DAYS = 365


@dataclass(frozen=True)
class Part:
    name: str
    value: float
    maximum: float
    sentence: str

    def as_json(self) -> dict:
        return {"name": self.name, "value": round(self.value, 1), "maximum": self.maximum, "sentence": self.sentence}


@dataclass(frozen=True)
class Score:
    total: int
    parts: tuple[Part, ...]

    def as_json(self) -> dict:
        return {"total": self.total, "parts": [part.as_json() for part in self.parts]}


def _saturating(maximum: float, amount: float, scale: float) -> float:
    return maximum * (1 - math.exp(-amount / scale)) if amount > 0 else 0.0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def tenure(summary: Summary, now: datetime, name: str) -> Part:
    if not summary.first_contact:
        return Part("tenure", 0, TENURE_MAX, f"You have no record of any contact with {name}")
    days = days_between(summary.first_contact, now)
    value = _saturating(TENURE_MAX, days, TENURE_SCALE_DAYS)
    when = "today" if days == 0 else f"{describe_age(days)} ago"
    return Part("tenure", value, TENURE_MAX, f"First contact {when} ({summary.first_contact:%Y-%m-%d})")


def recency(summary: Summary, now: datetime, name: str) -> Part:
    two_way = summary.last_two_way
    if not two_way:
        if summary.last_contact:
            side = "you" if summary.last_from_them is None else name
            return Part("recency", 0, RECENCY_MAX, f"It has never gone both ways: only {side} reached out")
        return Part("recency", 0, RECENCY_MAX, "No conversation on record")
    days = days_between(two_way, now)
    value = RECENCY_MAX * math.exp(-days / RECENCY_SCALE_DAYS)
    return Part("recency", value, RECENCY_MAX, f"Last two-way contact {ago(days)} ({two_way:%Y-%m-%d})")


def frequency(summary: Summary) -> Part:
    extra_for_calls = (CALL_OR_MEETING_WEIGHT - 1) * 2 * summary.calls_and_meetings  # both sides of each
    exchanges = summary.contacts_in + summary.contacts_out + extra_for_calls
    value = _saturating(FREQUENCY_MAX, exchanges, FREQUENCY_SCALE_EXCHANGES)
    detail = f"{_plural(summary.contacts_in, 'contact')} from them, {summary.contacts_out} from you"
    if summary.calls_and_meetings:
        detail += f", {_plural(summary.calls_and_meetings, 'call or meeting')}"
    return Part("frequency", value, FREQUENCY_MAX, detail[0].upper() + detail[1:])


def reciprocity(summary: Summary) -> Part:
    ins, outs = summary.contacts_in, summary.contacts_out
    if not ins and not outs:
        return Part("reciprocity", 0, RECIPROCITY_MAX, "No messages either way")
    balance = min(ins, outs) / max(ins, outs)
    value = RECIPROCITY_MAX * balance
    if balance == 0:
        sentence = "One-sided: every contact came from " + ("them" if ins else "you")
    else:
        sentence = f"Balance {min(ins, outs)}:{max(ins, outs)} between the two sides"
    return Part("reciprocity", value, RECIPROCITY_MAX, sentence)


def favours(summary: Summary, name: str) -> Part:
    received, given = len(summary.favors_received), len(summary.favors_given)
    value = min(FAVOURS_MAX, FAVOUR_RECEIVED_POINTS * received + FAVOUR_GIVEN_POINTS * given)
    if not received and not given:
        return Part("favours", 0, FAVOURS_MAX, "You have no record of helping each other")
    pieces = []
    if received:
        latest = summary.favors_received[-1]
        pieces.append(f"{name} helped you {_times(received)} (last: {latest['kind']}, {latest['at']:%Y})")
    if given:
        pieces.append(f"you helped {name} {_times(given)}")
    sentence = "; ".join(pieces)
    return Part("favours", value, FAVOURS_MAX, sentence[0].upper() + sentence[1:])


def earlier_asks(summary: Summary, now: datetime, name: str) -> Part:
    window_start = now - timedelta(days=ASK_WINDOW_DAYS)
    recent = [at for at in summary.asks_from_them if at >= window_start]
    penalty = min(ASK_PENALTY_MAX, ASK_PENALTY_POINTS * len(recent))
    if not summary.asks_from_them:
        return Part("asks", 0, 0, f"No earlier asks from {name}")
    if recent:
        span = days_between(recent[0], now)
        window = "today" if span == 0 else f"in the last {_plural(span, 'day')}"
        sentence = f"{name} asked {_times(len(recent))} {window}"
    else:
        sentence = f"{name} last asked {ago(days_between(summary.asks_from_them[-1], now))}"
    return Part("asks", -penalty, 0, sentence)


def score(summary: Summary, now: datetime, name: str = "they") -> Score:
    parts = (
        tenure(summary, now, name),
        recency(summary, now, name),
        frequency(summary),
        reciprocity(summary),
        favours(summary, name),
        earlier_asks(summary, now, name),
    )
    total = round(max(0.0, min(100.0, sum(part.value for part in parts))))
    return Score(total, parts)
