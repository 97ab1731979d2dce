"""The relationship score: a pure function of interactions and now, with a sentence per part."""

from datetime import timedelta

from acquaint.config import Thresholds
from acquaint.relationship import assess
from acquaint.scoring import FAVOURS_MAX, RECENCY_MAX, TENURE_MAX, score
from acquaint.summary import summarize
from conftest import NOW

THRESHOLDS = Thresholds(acquaintance=25, established=55)
PERSON = {"name": "Jane Doe", "closeness": None}


def _at(days_ago: int) -> str:
    return (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _i(kind: str, direction: str, days_ago: int) -> dict:
    return {"kind": kind, "direction": direction, "at": _at(days_ago)}


def _parts(interactions):
    result = score(summarize(interactions), NOW, "Jane")
    return result, {part.name: part for part in result.parts}


def test_no_history_scores_zero_and_is_a_stranger():
    result = assess(1, PERSON, [], NOW, THRESHOLDS)
    assert result.score.total == 0 and result.level == "stranger"
    assert result.level_reason == "no contact on record"


def test_only_their_asks_is_a_stranger_with_a_penalty_explained():
    asks = [_i("ask", "in", 60), _i("ask", "in", 30), _i("ask", "in", 1)]
    result = assess(1, PERSON, asks, NOW, THRESHOLDS)
    assert result.level == "stranger" and result.level_reason == "no contact on record beyond asks"
    part = {p.name: p for p in result.score.parts}["asks"]
    assert part.value == -15 and part.sentence == "Jane asked 3 times in the last 60 days"


def test_a_long_two_way_relationship_with_favours_is_established():
    history = [_i("meeting", "both", 3650), _i("recommendation", "in", 1900)]
    history += [_i("message", "in", d) for d in (400, 200, 20)] + [_i("message", "out", d) for d in (399, 190, 10)]
    result = assess(1, PERSON, history, NOW, THRESHOLDS)
    assert result.level == "established", result.score.as_json()
    parts = {p.name: p for p in result.score.parts}
    assert parts["tenure"].sentence == "First contact 10 years ago (2016-06-03)"
    assert parts["tenure"].value > 0.99 * TENURE_MAX
    assert parts["recency"].sentence == "Last two-way contact 2 weeks ago (2026-05-12)"
    assert parts["favours"].sentence == "Jane helped you once (last: recommendation, 2021)"


def test_recency_decays_and_needs_both_ways():
    _, fresh = _parts([_i("message", "in", 2), _i("message", "out", 1)])
    _, stale = _parts([_i("message", "in", 800), _i("message", "out", 799)])
    _, one_way = _parts([_i("message", "in", 2), _i("message", "in", 1)])
    assert fresh["recency"].value > 0.95 * RECENCY_MAX
    assert stale["recency"].value < 0.05 * RECENCY_MAX
    assert one_way["recency"].value == 0
    assert one_way["recency"].sentence == "It has never gone both ways: only Jane reached out"
    assert one_way["reciprocity"].sentence == "One-sided: every contact came from them"


def test_favours_are_capped_and_count_both_ways():
    _, parts = _parts([_i("favor-received", "in", d) for d in (10, 20, 30)] + [_i("favor-given", "out", 5)])
    assert parts["favours"].value == FAVOURS_MAX
    assert parts["favours"].sentence == "Jane helped you 3 times (last: favor-received, 2026); you helped Jane once"


def test_old_asks_are_mentioned_but_not_penalised():
    _, parts = _parts([_i("ask", "in", 900)])
    assert parts["asks"].value == 0 and parts["asks"].sentence == "Jane last asked 2 years ago"


def test_closeness_set_by_hand_wins():
    person = {"name": "Jane Doe", "closeness": "established"}
    result = assess(1, person, [_i("ask", "in", 1)], NOW, THRESHOLDS)
    assert result.level == "established" and result.level_reason == "you set the closeness to established"


def test_thresholds_decide_the_level():
    history = [_i("message", "in", 40), _i("message", "out", 39)]
    total = assess(1, PERSON, history, NOW, THRESHOLDS).score.total
    assert assess(1, PERSON, history, NOW, Thresholds(total, total + 1)).level == "acquaintance"
    assert assess(1, PERSON, history, NOW, Thresholds(total + 1, total + 2)).level == "stranger"
    assert assess(1, PERSON, history, NOW, Thresholds(0, total)).level == "established"


def test_score_is_pure_and_order_independent():
    history = [_i("message", "in", 5), _i("call", "both", 100), _i("favor-given", "out", 50)]
    first = score(summarize(history), NOW, "Jane")
    second = score(summarize(list(reversed(history))), NOW, "Jane")
    assert first == second
