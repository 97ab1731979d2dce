"""Transactions, undo, and schema migrations — on the memory backend and the real file alike."""

import json

import pytest

from acquaint.errors import HistoryTooNew, NothingToUndo
from acquaint.history import UNDO_DEPTH
from acquaint.interactions import log_interaction
from acquaint.people import add_person, edit_person, merge_people, remove_person
from acquaint.schema import SCHEMA_VERSION
from conftest import NOW, fingerprint, history_at


def _add(history, name, email):
    with history.change(f"add {name}") as tx:
        return add_person(tx, name, [("email", email)], now=NOW)


def test_a_change_is_visible_to_the_next_read(history):
    person_id = _add(history, "Jane Doe", "jane@example.com")
    snapshot = history.read()
    assert snapshot.people[person_id]["name"] == "Jane Doe"
    assert snapshot.index.find("email", "jane@example.com") == person_id
    assert snapshot.meta["schema_version"] == SCHEMA_VERSION


def test_a_change_that_raises_writes_nothing(history):
    _add(history, "Jane Doe", "jane@example.com")
    with pytest.raises(RuntimeError):
        with history.change("broken") as tx:
            add_person(tx, "Half Done", [], now=NOW)
            raise RuntimeError("midway")
    assert [p["name"] for p in history.read().people.values()] == ["Jane Doe"]


def test_a_change_that_changes_nothing_does_not_write(home):
    history = history_at(home)
    _add(history, "Jane Doe", "jane@example.com")
    before = fingerprint(home)
    with history.change("look only") as tx:
        assert tx.people
    assert fingerprint(home) == before
    assert [v["seq"] for v in history.versions()] == [1]


def test_undo_reverts_changes_one_at_a_time(history):
    jane = _add(history, "Jane Doe", "jane@example.com")
    sam = _add(history, "Sam Lee", "sam@example.com")
    with history.change("log") as tx:
        log_interaction(tx, sam, "call", at=NOW, now=NOW)
    with history.change("merge") as tx:
        merge_people(tx, jane, sam, now=NOW)
    merged = history.read()
    assert set(merged.people) == {jane} and merged.interactions_of(jane)[0]["kind"] == "call"

    assert history.undo()["description"] == "merge"
    restored = history.read()
    assert restored.people[sam]["name"] == "Sam Lee"
    assert restored.people[jane]["emails"] == ["jane@example.com"]
    assert [i["person"] for i in restored.interactions_of(sam)] == [sam]

    assert history.undo()["description"] == "log"
    assert history.read().interactions_of(sam) == []
    history.undo()
    history.undo()
    assert history.read().people == {}
    with pytest.raises(NothingToUndo):
        history.undo()


def test_undo_brings_back_a_removed_person_with_their_interactions(history):
    jane = _add(history, "Jane Doe", "jane@example.com")
    with history.change("log") as tx:
        log_interaction(tx, jane, "meeting", at=NOW, note="lunch", now=NOW)
    with history.change("rm") as tx:
        remove_person(tx, jane)
    assert history.read().people == {}
    history.undo()
    back = history.read()
    assert back.people[jane]["name"] == "Jane Doe"
    assert back.interactions_of(jane)[0]["note"] == "lunch"


def test_undo_keeps_only_the_latest_changes(history):
    jane = _add(history, "Jane Doe", "jane@example.com")
    for n in range(UNDO_DEPTH + 5):
        with history.change(f"edit {n}") as tx:
            edit_person(tx, jane, note=f"note {n}", now=NOW)
    entries = history.read().undo_entries()
    assert len(entries) == UNDO_DEPTH
    assert entries[0]["description"] == f"edit {UNDO_DEPTH + 4}"


def test_any_walk_of_changes_undos_and_redos_matches_a_model(history):
    """Seeded random walks: after every step the history equals what a stack of states says it should be."""
    import random

    def state():
        return {table: docs for table, docs in history.read().as_dict().items() if table != "meta"}

    rng = random.Random(7)
    states, redo_states = [state()], []
    for step in range(80):
        action = rng.choice(["change", "change", "undo", "redo"])
        if action == "undo" and len(states) > 1:
            history.undo()
            redo_states.append(states.pop())
        elif action == "redo" and redo_states:
            history.redo()
            states.append(redo_states.pop())
        elif action == "change":
            people = list(history.read().people)
            with history.change(f"step {step}") as tx:
                if not people or rng.random() < 0.3:
                    person = add_person(tx, f"Person {step}", [("email", f"p{step}@example.com")], now=NOW)
                else:
                    person = rng.choice(people)
                log_interaction(tx, person, "call", at=NOW, note=f"call {step}", now=NOW)
                edit_person(tx, person, note=f"edited at {step}", now=NOW)  # the same person twice in one change
                if len(people) > 3 and rng.random() < 0.2:
                    remove_person(tx, rng.choice([p for p in people if p != person]))
            states.append(state())
            redo_states.clear()
        else:
            with pytest.raises(NothingToUndo):
                history.undo() if action == "undo" else history.redo()
        assert state() == states[-1], f"step {step}: {action}"


def test_migrates_a_bare_tinydb_file_into_the_folder_and_keeps_the_original(home):
    path = home / "history.json"
    original = {"_default": {"1": {"anything": "kept"}}, "people": {"1": {"name": "Hand Written"}}}
    path.write_text(json.dumps(original))
    history = history_at(home)
    snapshot = history.read()
    assert snapshot.schema_found == 0
    assert snapshot.people[1]["tags"] == [] and snapshot.people[1]["handles"] == {}
    assert not path.exists() and json.loads((home / "history.json.migrated").read_text()) == original
    assert snapshot.segment("extra/_default") == original["_default"], "tables Acquaint does not know are kept"
    _add(history, "New Person", "new@example.com")
    assert history.read().meta["schema_version"] == SCHEMA_VERSION
    assert history.read().segment("extra/_default") == original["_default"]


def test_an_empty_object_file_migrates_too(home):
    path = home / "history.json"
    path.write_text("{}")
    _add(history_at(home), "Jane", "jane@example.com")
    assert [p["name"] for p in history_at(home).read().people.values()] == ["Jane"]


def test_a_history_from_a_newer_acquaint_is_refused_untouched(home):
    path = home / "history.json"
    content = json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "people": {}})
    path.write_text(content)
    with pytest.raises(HistoryTooNew, match="upgrade Acquaint"):
        _add(history_at(home), "Jane", "jane@example.com")
    assert path.read_text() == content and not (home / "history" / "HEAD").exists()


VERSION_1_FILE = {
    "meta": {"1": {"schema_version": 1, "created": "2025-01-01T00:00:00Z"}},
    "people": {"1": {"name": "Jane Doe", "handles": {"x": ["janedoe"]}, "emails": [], "aliases": [], "notes": "",
                     "tags": [], "closeness": None, "created": "2025-01-01T00:00:00Z",
                     "updated": "2025-01-01T00:00:00Z"}},
    "interactions": {"1": {"person": 1, "kind": "call", "direction": "both", "at": "2025-01-02T00:00:00Z",
                           "note": "", "source": "cli", "key": None, "recorded": "2025-01-02T00:00:00Z"}},
    "undo": {},
}


def test_migrates_version_1_adding_ignored_and_dismissed(home):
    path = home / "history.json"
    path.write_text(json.dumps(VERSION_1_FILE))
    history = history_at(home)
    snapshot = history.read()
    assert snapshot.schema_found == 1
    assert snapshot.people[1]["ignored"] is False
    assert snapshot.all_dismissed() == []
    assert snapshot.interactions_of(1)[0]["kind"] == "call"
    _add(history, "Sam Lee", "sam@example.com")
    assert json.loads((home / "history.json.migrated").read_text()) == VERSION_1_FILE
    assert history.read().meta["created"] == "2025-01-01T00:00:00Z"


def test_migrates_version_2_adding_identities_that_are_not_theirs(home):
    from acquaint.schema import migrate

    version_2 = json.loads(json.dumps(VERSION_1_FILE))
    version_2["meta"]["1"]["schema_version"] = 2
    version_2["people"]["1"]["ignored"] = True
    version_2["dismissed"] = {}
    data, found = migrate(version_2, home / "h.json", "2026-01-01T00:00:00Z")
    assert found == 2 and data["meta"]["1"]["schema_version"] == 3
    assert data["people"]["1"]["not_identities"] == [] and data["people"]["1"]["ignored"] is True


def test_every_earlier_version_migrates_to_the_current_one(home):
    from acquaint.schema import MIGRATIONS, migrate, version_of

    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION)), "one migration per earlier version"
    for start in (json.loads("{}"), {"people": {"1": {"name": "Hand"}}}, VERSION_1_FILE):
        data, found = migrate(json.loads(json.dumps(start)), home / "h.json", "2026-01-01T00:00:00Z")
        assert version_of(data) == SCHEMA_VERSION and found == version_of(start)
        assert all(person["ignored"] is False for person in data["people"].values())
        assert all(person["not_identities"] == [] for person in data["people"].values())
