"""Ask detection: the look-alikes the issue names, hints, and quality floors on the labelled corpora."""

import sys
from pathlib import Path

import pytest

from acquaint.asks import ASK_KINDS, detect

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from asks_report import DEFAULT, evaluate, load  # noqa: E402


@pytest.mark.parametrize("text", [
    "Thanks for the recommendation!",
    "I retweeted your post",
    "Our recommendation engine now serves 10k requests per second.",
    "Would you like me to write you a recommendation?",
    "Happy to endorse you if you ever need it.",
    "",
])
def test_look_alikes_ask_nothing(text):
    assert detect(text) is None


@pytest.mark.parametrize("text, kind", [
    ("Would you write me a recommendation?", "recommendation"),
    ("Endorse me for Python? Happy to return it", "endorsement"),
    ("RT my launch please 🚀", "share"),
    ("Could you blog about my product?", "review"),
    ("Can you introduce me to your CTO?", "intro"),
    ("Follow me back?", "follow"),
    ("We help startups cut cloud costs. Open to a 15 minute call?", "pitch"),
    ("Could you fill out my survey?", "other"),
])
def test_each_kind(text, kind):
    assert detect(text).kind == kind


def test_evidence_is_the_asking_sentence_as_written():
    found = detect("Hi Jane! Loved your talk.\nCOULD you write me a Recommendation? Thanks!")
    assert found.kind == "recommendation" and found.evidence == "COULD you write me a Recommendation?"


def test_a_thanking_clause_does_not_hide_an_ask_after_it():
    assert detect("Thanks for connecting, could you endorse me for SQL?").kind == "endorsement"


def test_page_hints_decide_when_the_text_is_vague():
    assert detect("Hi, could you help me with this?", ["recommendation_form"]).kind == "recommendation"
    assert detect("", ["recommendation_form"]).evidence == "the page shows a recommendation form"
    assert detect("Nice to meet you", ["unknown_future_hint"]) is None


def test_long_text_is_handled_and_evidence_bounded():
    text = ("Some context about my week. " * 500) + "Could you RT my launch " + "please " * 100
    found = detect(text)
    assert found.kind == "share" and len(found.evidence) <= 200


@pytest.mark.parametrize("path, floor", list(zip(DEFAULT, (0.97, 0.90), strict=True)), ids=("corpus", "heldout"))
def test_quality_floors_on_the_labelled_corpora(path, floor):
    rows = load(path)
    figures, errors = evaluate(rows)
    assert figures["accuracy"]["precision"] >= floor, errors
    assert figures["any ask"]["precision"] >= 0.97, "look-alikes flagged as asks"
    assert {kind for kind, _, _ in rows} == {*ASK_KINDS, "none"}


def test_the_corpus_is_big_enough_and_has_every_kind():
    rows = load(DEFAULT[0])
    assert len(rows) >= 300
    assert sum(1 for kind, _, _ in rows if kind == "none") >= 80
