"""Parts written as patches (docs/HISTORY.md): a commit that changes a few documents of a large part writes only
those, in one patch segment per commit; a reader applies a part's patches in order; the ninth commit writes the
part whole again. And a history of layout format 4 (one segment per bucket) is read as it is and split by its
next change."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from acquaint.encoding import dumps
from acquaint.errors import HistoryCorrupted
from acquaint.history import History
from acquaint.interactions import log_interaction
from acquaint.layout import BUCKETS, bucket_of_part
from acquaint.people import add_person, edit_person
from acquaint.store import PATCH_DOCS, PATCHES_PER_PART, SMALL_PART, Store
from acquaint.sync import engine
from conftest import NOW, history_at, read_history
from helpers.sync_sim import Device


def _head(home: Path) -> dict:
    seq = json.loads((home / "history" / "HEAD").read_text())["manifest"]
    return json.loads((home / "history" / "manifests" / f"{seq:09d}.json").read_text())


def _busy_person(home: Path, interactions: int = 40) -> int:
    """Person 1, with more interactions than a part small enough to be written whole holds."""
    history = history_at(home)
    with history.change("seed") as tx:
        person = add_person(tx, "Sam Lee", [("x", "samlee")], now=NOW)
        for n in range(interactions):
            log_interaction(tx, person, "message", at=NOW, note=f"message {n}", now=NOW)
    return person


def _kinds(home: Path, person: int) -> list[str]:
    return [i["kind"] for i in history_at(home).read().interactions_of(person)]


def test_a_few_documents_of_a_large_part_are_a_patch_read_back_and_folded_into_the_part_after_eight(home):
    person = _busy_person(home)
    assert 40 > SMALL_PART
    part = f"interactions/{person}"
    base = _head(home)["segments"][part]
    history = history_at(home)
    for n in range(PATCHES_PER_PART):
        with history.change(f"call {n}") as tx:
            log_interaction(tx, person, "call", at=NOW, note=f"call {n}", now=NOW)
        head = _head(home)
        assert head["segments"][part] == base, "the part itself is not written again"
        assert len(head["patches"][part]) == n + 1
        assert _kinds(home, person).count("call") == n + 1, "a fresh reader sees every patch"
    patch = json.loads((home / "history" / "segments" / f"{head['patches'][part][-1]}.json").read_text())
    assert list(patch) == [part] and [d["note"] for d in patch[part]["interactions"].values()] == ["call 7"]

    with history.change("one more") as tx:
        log_interaction(tx, person, "meeting", at=NOW, now=NOW)
    head = _head(home)
    assert part not in head.get("patches", {}) and head["segments"][part] != base, "folded: written whole"
    assert _kinds(home, person).count("call") == PATCHES_PER_PART and "meeting" in _kinds(home, person)
    assert len(read_history(home)["interactions"]) == 40 + PATCHES_PER_PART + 1


def test_a_document_removed_in_a_patch_is_gone_and_undo_brings_it_back(home):
    person = _busy_person(home)
    history = history_at(home)
    with history.change("call") as tx:
        log_interaction(tx, person, "call", at=NOW, now=NOW)
    history.undo()
    head = _head(home)
    assert len(head["patches"][f"interactions/{person}"]) == 2
    patch = json.loads((home / "history" / "segments" / f"{head['patches'][f'interactions/{person}'][-1]}.json")
                       .read_text())
    assert list(patch[f"interactions/{person}"]["interactions"].values()) == [None], "the removal is a null"
    assert "call" not in _kinds(home, person)
    history.redo()
    assert "call" in _kinds(home, person)


def test_a_small_part_a_change_read_is_written_whole(home):
    history = history_at(home)
    with history.change("seed") as tx:
        person = add_person(tx, "Ann Other", [], now=NOW)
        log_interaction(tx, person, "call", at=NOW, now=NOW)
    with history.change("edit") as tx:
        edit_person(tx, person, note="met twice", now=NOW)
    assert f"people/{person}" not in _head(home).get("patches", {})


def test_a_damaged_patch_is_refused_naming_its_file_and_the_good_version_before_it(home, cli):
    person = _busy_person(home)
    history = history_at(home)
    with history.change("call") as tx:
        log_interaction(tx, person, "call", at=NOW, now=NOW)
    head = _head(home)
    damaged = home / "history" / "segments" / f"{head['patches'][f'interactions/{person}'][0]}.json"
    damaged.write_text(json.dumps({f"interactions/{person}": {"interactions": {"99": {"person": person}}}}))
    with pytest.raises(HistoryCorrupted) as caught:
        history_at(home).read().interactions_of(person)
    message = str(caught.value)
    assert str(damaged) in message and "interaction #99: 'kind'" in message
    assert f"your newest good copy is version {head['seq'] - 1}" in message
    assert cli("restore").code == 0
    assert _kinds(home, person) == ["message"] * 40


def test_a_sync_merge_of_new_interactions_reads_no_interactions_part(tmp_path, monkeypatch):
    """What makes a merge of a thousand changes quick at 30,000 people: a new interaction needs its person's
    part, never the interactions or their metas (engine.FirstSight knows it is new), and what the merge adds is
    written as one patch segment."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    laptop, desktop = Device("laptop", folder), Device("desktop", folder)
    with laptop.history.change("seed") as tx:
        people = [add_person(tx, f"Person {n}", [("email", f"p{n}@example.com")], now=NOW) for n in range(100)]
        for person in people:  # more than a patch takes: the desktop's join writes each part whole
            for n in range(PATCH_DOCS + 6):
                log_interaction(tx, person, "message", at=NOW, note=f"message {n}", now=NOW)
    engine.init(laptop.history, folder, "laptop")
    with monkeypatch.context() as small_patches:  # the desktop's join writes every part whole
        small_patches.setattr("acquaint.history.PATCH_DOCS", 8)
        engine.init(desktop.history, folder, "desktop", join_other=True)
    for person in people:  # a hundred changes, in a hundred buckets
        with laptop.history.change("ask") as tx:
            log_interaction(tx, person, "ask", at=NOW, note="RT my launch?", now=NOW)

    parsed: list[str] = []
    real_checked = Store._checked
    monkeypatch.setattr(Store, "_checked", lambda self, name, digest, raw: (parsed.append(name),
                                                                             real_checked(self, name, digest, raw))[1])
    desktop.history = History(desktop.history.files)  # a fresh process: nothing parsed yet
    desktop.history.sync_durable = False
    before = _head_of(desktop)
    assert all(f"interactions/{person}" in before["segments"] for person in people)
    assert all(f"sync/{bucket}" in before["segments"] for bucket in range(BUCKETS)), "interactions' metas too"
    assert engine.pull(desktop.history)["merged"] == 100
    assert parsed and not [name for name in parsed if name.startswith(("interactions/", "sync/"))], \
        "neither the interactions nor their metas"
    after = _head_of(desktop)
    assert {name for name in after["segments"] if after["segments"][name] != before["segments"].get(name)} <= \
        {name for name in after["segments"] if not name.startswith("interactions/")}, "no interactions part rewritten"
    assert len({d for ds in after["patches"].values() for d in ds} - {d for ds in before.get("patches", {}).values()
                                                                       for d in ds}) == 1, "one patch segment"
    monkeypatch.undo()
    assert laptop.history.read().as_dict()["interactions"] == desktop.history.read().as_dict()["interactions"]


def _head_of(device: Device) -> dict:
    return device.history.store.head()


def test_an_edit_of_an_interaction_seen_before_is_looked_up_even_where_the_highest_ids_were_never_kept(tmp_path):
    """A history synced before the sync state kept "highest" finds them from its metas once: an edit from
    elsewhere of an interaction it holds is merged into that interaction, not taken for a new one."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    laptop, desktop = Device("laptop", folder), Device("desktop", folder)
    engine.init(laptop.history, folder, "laptop")
    engine.init(desktop.history, folder, "desktop", join_other=True)
    with laptop.history.change("seed") as tx:
        person = add_person(tx, "Sam Lee", [], now=NOW)
        call = log_interaction(tx, person, "call", at=NOW, note="first", now=NOW)
    engine.pull(desktop.history)
    base = desktop.history.store.head()
    assert base["sync"]["highest"] == {"p0": person, "i0": call}
    with desktop.history.store.locked():  # as a history synced by the version before this one was left
        desktop.history.store.commit(base, {}, {"sync": {k: v for k, v in base["sync"].items() if k != "highest"}},
                                     None)
    with laptop.history.change("edit") as tx:
        tx.update("interactions", call, {"note": "edited"})
    engine.pull(desktop.history)
    assert [(i["id"], i["note"]) for i in desktop.history.read().interactions_of(person)] == [(call, "edited")]
    assert desktop.history.store.head()["sync"]["highest"] == {"p0": person, "i0": call}


# -- format 4 ---------------------------------------------------------------------------------------------------

def _as_format_4(home: Path) -> int:
    """Write the current version again as layout format 4 wrote it (Acquaint 0.3): each bucket's tables in one
    segment `people/<b>`, no patches. Returns its version number."""
    history = history_at(home)
    manifest = history.store.head()
    snapshot = history.read()
    segments = {name: digest for name, digest in manifest["segments"].items() if bucket_of_part(name) is None}
    folder = home / "history"
    for bucket in range(BUCKETS):
        tables = {table: dict(snapshot.bucket(bucket).get(table, {})) for table in snapshot.bucket(bucket)}
        whole = {table: documents for table, documents in tables.items() if documents}
        if whole:
            payload = dumps(whole)
            digest = hashlib.sha256(payload).hexdigest()
            (folder / "segments" / f"{digest}.json").write_bytes(payload)
            segments[f"people/{bucket}"] = digest
    seq = manifest["seq"] + 1
    old = {**manifest, "format": 4, "seq": seq, "parent": manifest["seq"], "segments": segments}
    old.pop("patches", None)
    (folder / "manifests" / f"{seq:09d}.json").write_bytes(dumps(old))
    (folder / "HEAD").write_bytes(dumps({"manifest": seq}))
    return seq


def test_a_format_4_history_reads_as_it_is_and_its_next_change_splits_every_bucket(home):
    person = _busy_person(home)
    with history_at(home).change("more") as tx:
        for n in range(20):
            log_interaction(tx, add_person(tx, f"P{n}", [], now=NOW), "call", at=NOW, now=NOW)
    expected = read_history(home)
    old_seq = _as_format_4(home)
    assert _head(home)["format"] == 4 and "interactions/1" not in _head(home)["segments"]
    assert read_history(home) == {**expected, "meta": {**expected["meta"], "version": old_seq}}
    assert len(_kinds(home, person)) == 40

    with history_at(home).change("edit") as tx:
        edit_person(tx, person, note="met twice", now=NOW)
    head = _head(home)
    assert head["format"] == 5
    assert {"people/1", "interactions/1", "people/21", "interactions/21"} <= set(head["segments"])
    for name, digest in head["segments"].items():
        if name.startswith("people/"):
            part = json.loads((home / "history" / "segments" / f"{digest}.json").read_text())
            assert "interactions" not in part, f"{name} is split"
    now = read_history(home)
    assert now["interactions"] == expected["interactions"] and now["people"]["1"]["notes"] == "met twice"

    history_at(home).restore(old_seq)  # the version of format 4, brought back into format 5
    restored = read_history(home)
    assert restored["interactions"] == expected["interactions"] and restored["people"] == expected["people"]
    assert _head(home)["format"] == 5


# -- restore over parts that exist only as patches, or inside a format-4 bucket ----------------------------------

def _ann_and_bobs_call(home: Path) -> None:
    """Ann (1) and Bob (2), and a call with Bob: a first interaction in an empty bucket, a part that exists only
    as a patch (no segment of its own)."""
    history = history_at(home)
    with history.change("ann") as tx:
        add_person(tx, "Ann", [], now=NOW)
    with history.change("bob") as tx:
        add_person(tx, "Bob", [], now=NOW)
    with history.change("call") as tx:
        log_interaction(tx, 2, "call", at=NOW, now=NOW)


ANN_ALONE = {"meta": {"1": {"schema_version": 3}}, "people": {"1": {"name": "Ann", "handles": {}}}}


@pytest.mark.parametrize("head_format", [5, 4])
def test_restoring_an_old_history_file_leaves_nothing_of_the_history_it_replaces(home, head_format):
    _ann_and_bobs_call(home)
    assert "interactions/2" not in _head(home)["segments"] and _head(home)["patches"]["interactions/2"]
    if head_format == 4:
        _as_format_4(home)
    history_at(home).restore(legacy_data=ANN_ALONE, source="history.json.bak-1")
    restored = read_history(home)
    assert [p["name"] for p in restored["people"].values()] == ["Ann"] and restored["interactions"] == {}
    head = _head(home)
    assert "interactions/2" not in head["segments"] and "patches" not in head and head["counts"]["interactions"] == 0


def test_a_damaged_format_4_history_restores_from_its_good_version(home):
    _busy_person(home)
    with history_at(home).change("edit") as tx:
        edit_person(tx, 1, note="met twice", now=NOW)
    good = _as_format_4(home)
    with history_at(home).change("edit again") as tx:  # format 5 now; make the newest version format 4 again
        edit_person(tx, 1, note="met three times", now=NOW)
    _as_format_4(home)
    head = _head(home)
    (home / "history" / "segments" / f"{head['segments']['people/1']}.json").write_text('{"people": ')
    with pytest.raises(HistoryCorrupted):
        history_at(home).read().people[1]
    history_at(home).restore(good)
    assert read_history(home)["people"]["1"]["notes"] == "met twice"
    assert len(read_history(home)["interactions"]) == 40
