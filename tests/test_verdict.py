"""The verdict's flags, reasons and suggestions for situations the host sees."""

from datetime import timedelta

from acquaint.asks import Ask
from acquaint.config import Thresholds
from acquaint.relationship import assess
from acquaint.verdict import make_verdict
from conftest import NOW

THRESHOLDS = Thresholds(25, 55)
SHARE_ASK = Ask("share", "RT this?")


def _i(kind, direction, days_ago):
    return {"kind": kind, "direction": direction, "at": (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")}


def _verdict(interactions, ask=SHARE_ASK, person=None, **kwargs):
    person = person or {"name": "Sam Lee", "closeness": None}
    return make_verdict(assess(7, person, interactions, NOW, THRESHOLDS), ask, NOW, known=True, person_id=7, **kwargs)


def test_one_sided_and_repeat_asker():
    verdict = _verdict([_i("message", "in", 40), _i("ask", "in", 30), _i("favor-given", "out", 20)])
    assert {"one_sided", "repeat_asker"} <= set(verdict["flags"])
    assert "Sam has asked once before and never helped you: saying no is fine." in verdict["suggestion"]


def test_dormant_relationship():
    verdict = _verdict([_i("meeting", "both", 2000), _i("message", "in", 900), _i("message", "out", 899)])
    assert "dormant" in verdict["flags"] and "new_contact" not in verdict["flags"]


def test_no_ask_is_a_quiet_badge():
    verdict = _verdict([], ask=None)
    assert verdict["ask"] is None and verdict["badge"]["color"] == "#5f6368"
    assert verdict["suggestion"].startswith("No favour asked here.")


def test_group_threads_are_flagged_and_said():
    verdict = _verdict([], group=True)
    assert "group" in verdict["flags"] and verdict["suggestion"].startswith("In a group thread: ")


def test_acquaintance_advice_names_the_ask():
    history = [_i("message", "in", 200), _i("message", "out", 199), _i("message", "in", 60), _i("message", "out", 59)]
    verdict = _verdict(history, ask=Ask("intro", "Could you introduce me?"))
    assert verdict["level"] == "acquaintance", verdict["score"]
    assert "before an introduction, a call makes it an honest yes" in verdict["suggestion"]


def test_reasons_carry_numbers_and_are_bounded():
    history = [_i("meeting", "both", 3650), _i("recommendation", "in", 1900), _i("ask", "in", 10),
               _i("message", "in", 20), _i("message", "out", 19)]
    verdict = _verdict(history)
    assert verdict["reasons"][0] == "First contact 10 years ago (2016-06-03)"
    assert any(r.startswith("Sam asked once in the last 10 days") for r in verdict["reasons"])
    assert len(verdict["reasons"]) <= 5
