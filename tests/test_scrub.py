"""A request the user calls "Not an ask" leaves no copy of its sentence under the data folder: not in the kept
versions, not in the undo records, not in the one-file history's leftovers. Everything else stays as it was."""

from __future__ import annotations

import json

import pytest

from acquaint import scrub
from acquaint.actions import ask_key
from acquaint.asks import detect
from acquaint.service import HostService
from conftest import NOW, history_at, read_history, stored_text

SENTENCE = "Could you write me a recommendation for the Acme platform role?"
PAGE = "Hi Alex! Great to reconnect. " + SENTENCE
SAM = {"handle": "sam-lee-77", "name": "Sam Lee"}
KIM = {"handle": "kim-park-3", "name": "Kim Park"}


@pytest.fixture
def service(home):
    return HostService(history_at(home), clock=lambda: NOW)


def respond(service, message: dict) -> dict:
    reply = service.respond({"id": "t", "platform": "linkedin", **message})
    assert reply["ok"], reply
    return reply


def check(service, person, text=PAGE):
    return respond(service, {"type": "check", "person": person, "request": {"text": text}})["verdict"]


def dismiss(service, person, text=PAGE):
    return respond(service, {"type": "forget", "scope": "request", "person": person, "request": {"text": text}})


def asks(home) -> list[dict]:
    return [i for i in read_history(home)["interactions"].values() if i["kind"] == "ask"]


def _legacy_history() -> dict:
    """A one-file history (Acquaint 0.2) where Sam's ask was recorded, with the undo record of recording it."""
    ask = {"person": 1, "kind": "ask", "direction": "in", "at": "2026-05-01T10:00:00Z", "note": SENTENCE,
           "source": "extension:linkedin", "key": ask_key(1, detect(PAGE, [])), "recorded":
           "2026-05-01T10:00:00Z"}
    person = {"name": "Sam Lee", "handles": {"linkedin": ["sam-lee-77"]}, "emails": [], "aliases": [], "notes": "",
              "tags": [], "closeness": None, "ignored": False, "not_identities": [],
              "created": "2026-04-01T10:00:00Z", "updated": "2026-04-01T10:00:00Z"}
    return {"meta": {"1": {"schema_version": 3, "created": "2026-04-01T10:00:00Z"}},
            "people": {"1": person}, "interactions": {"1": ask}, "dismissed": {},
            "undo": {"1": {"at": "2026-05-01T10:00:00Z", "description": "ask from Sam Lee",
                           "inserted": {"interactions": [1]}, "before": {"interactions": {"1": ask}}}}}


def test_a_dismissed_sentence_leaves_every_file_under_the_data_folder(service, home):
    legacy = json.dumps(_legacy_history())
    (home / "history.json").write_text(legacy)
    (home / "history.json.bak-1").write_text(legacy)
    check(service, KIM, text="Could you endorse me for Kubernetes?")
    for n in range(3):  # versions and undo records that hold Sam's sentence
        respond(service, {"type": "log", "person": SAM, "kind": "message", "direction": "in", "note": f"hello {n}"})
    assert stored_text(home).count(SENTENCE) >= 5, "the sentence is in many files before"

    assert dismiss(service, SAM)["removed"] == 1

    assert SENTENCE not in stored_text(home)
    assert "Could you endorse me for Kubernetes?" in stored_text(home / "history"), "other asks stay"
    history = history_at(home)
    assert len(history.versions()) == 5 and all(history.store.readable(v) for v in history.versions())
    assert not (home / "history" / scrub.PENDING).exists()
    assert [n["note"] for n in read_history(home)["interactions"].values() if n["kind"] == "message"] == \
        ["hello 0", "hello 1", "hello 2"]
    history.undo()
    assert [a["note"] for a in asks(home) if a["person"] == 1] == [""], "undo brings the ask back, not its sentence"
    assert json.loads((home / "history.json.migrated").read_text())["people"] == _legacy_history()["people"]


def test_the_same_sentence_from_someone_else_is_kept_everywhere(service, home):
    check(service, KIM)
    check(service, SAM)
    kims_files = stored_text(home).count(SENTENCE)
    dismiss(service, SAM)
    assert [(a["person"], a["note"]) for a in asks(home)] == [(1, SENTENCE)], "Kim (person 1) keeps hers"
    assert 0 < stored_text(home).count(SENTENCE) < kims_files
    history_at(home).restore(history_at(home).versions()[-1]["seq"])  # version 1: Kim's ask alone
    assert [(a["person"], a["note"]) for a in asks(home)] == [(1, SENTENCE)], "and so do the versions kept before"


def test_a_dismissal_killed_before_its_scrub_is_finished_by_the_next_writer(home):
    history = history_at(home)
    service = HostService(history, clock=lambda: NOW)
    check(service, SAM)
    real_finish = scrub.finish
    scrub.finish = lambda *args: 0  # the process dies after the commit, before the scrub
    try:
        dismiss(service, SAM)
    finally:
        scrub.finish = real_finish
    assert (home / "history" / scrub.PENDING).exists() and SENTENCE in stored_text(home / "history" / "segments")
    respond(HostService(history_at(home), clock=lambda: NOW),
            {"type": "log", "person": KIM, "kind": "message", "direction": "in"})
    assert SENTENCE not in stored_text(home)
    assert not (home / "history" / scrub.PENDING).exists()


def test_a_sentence_kept_in_a_patch_segment_leaves_it_too(service, home):
    """Sam has many messages: the check that records his ask writes it as a patch of his interactions (store.py),
    shared by the kept versions that follow; the scrub writes the patch again without it."""
    for n in range(40):
        respond(service, {"type": "log", "person": SAM, "kind": "message", "direction": "in", "note": f"hello {n}"})
    check(service, SAM)
    history = history_at(home)
    head = history.store.head()
    patches = {d for ds in head.get("patches", {}).values() for d in ds}
    assert any(SENTENCE in (home / "history" / "segments" / f"{d}.json").read_text() for d in patches), \
        "the ask is in a patch"
    respond(service, {"type": "log", "person": KIM, "kind": "message", "direction": "in"})

    dismiss(service, SAM)

    assert SENTENCE not in stored_text(home)
    assert all(history.store.readable(v) for v in history.versions())
    assert len(history.read().interactions_of(1)) == 40, "Sam's messages stay"
