"""The history folder on disk (store.py, files.py): a change writes what it touches, versions stay restorable,
and a history that is gone, damaged, misshapen, on a full or read-only disk, or behind a link loses nothing
and says so in one line."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

from acquaint.errors import HistoryCorrupted, HistoryMissing, HistoryUnwritable, InvalidValue
from acquaint.interactions import log_interaction
from acquaint.people import add_person, edit_person
from acquaint.store import RESTORABLE_VERSIONS, digests_of
from conftest import NOW, fingerprint, history_at, read_history


def _add(history, n: int) -> int:
    with history.change(f"add {n}") as tx:
        return add_person(tx, f"Person {n}", [("email", f"p{n}@example.com")], now=NOW)


def _head(home: Path) -> dict:
    seq = json.loads((home / "history" / "HEAD").read_text())["manifest"]
    return json.loads((home / "history" / "manifests" / f"{seq:09d}.json").read_text())


def _segment(home: Path, name: str) -> Path:
    return home / "history" / "segments" / f"{_head(home)['segments'][name]}.json"


def test_a_change_writes_only_the_parts_it_touches(home):
    history = history_at(home)
    with history.change("many") as tx:
        for n in range(300):
            person = add_person(tx, f"Person {n}", [("email", f"p{n}@example.com")], now=NOW)
            log_interaction(tx, person, "call", at=NOW, now=NOW)
    before = set((home / "history" / "segments").iterdir())
    with history.change("one") as tx:
        log_interaction(tx, 7, "meeting", at=NOW, now=NOW)
    written = set((home / "history" / "segments").iterdir()) - before
    assert len(written) == 1, "one bucket: no index changes for a new interaction"
    assert len(before) > 200


def test_five_versions_stay_restorable_and_share_what_did_not_change(home):
    history = history_at(home)
    for n in range(12):
        _add(history, n)
    versions = history.versions()
    assert [v["seq"] for v in versions] == list(range(12, 12 - RESTORABLE_VERSIONS, -1))
    assert all(history.store.readable(v) for v in versions)
    used = {d for v in versions for d in digests_of(v)}
    assert {p.stem for p in (home / "history" / "segments").iterdir()} == used
    assert len(used) < sum(len(v["segments"]) for v in versions), "unchanged parts are shared, not copied"


def test_a_missing_current_version_is_refused_never_started_afresh(home, cli):
    history = history_at(home)
    for n in range(3):
        _add(history, n)
    (home / "history" / "HEAD").unlink()
    before = fingerprint(home)
    with pytest.raises(HistoryMissing) as caught:
        history_at(home).read()
    assert "current version is missing while earlier ones exist" in str(caught.value)
    assert "your newest good copy is version 3" in str(caught.value)
    result = cli("add", "New Person")
    assert result.code == 1 and "acquaint restore" in result.err
    assert fingerprint(home) == before, "no new empty history over the old one"
    assert cli("restore").code == 0
    assert len(read_history(home)["people"]) == 3


def test_a_reader_waits_out_a_first_commit_between_its_manifest_and_head(home):
    """A first commit writes its manifest, then HEAD. A reader arriving in between must wait for the writer,
    not take the half-made folder for a history whose current version was lost."""
    import threading

    history = history_at(home)
    _add(history, 1)
    head = (home / "history" / "HEAD").read_bytes()
    writer = history_at(home)
    locked, release = threading.Event(), threading.Event()

    def commit_in_progress():
        with writer.store.locked():
            (home / "history" / "HEAD").unlink()
            locked.set()
            release.wait(5)
            (home / "history" / "HEAD").write_bytes(head)

    thread = threading.Thread(target=commit_in_progress)
    thread.start()
    locked.wait(5)
    threading.Timer(0.3, release.set).start()
    try:
        snapshot = history_at(home).read()
    finally:
        release.set()
        thread.join()
    assert [snapshot.people[i]["name"] for i in snapshot.people] == ["Person 1"]


def test_a_gone_one_file_history_with_its_backups_left_is_refused_too(home, cli):
    (home / "history.json.bak-1").write_text(json.dumps({"people": {"1": {"name": "Kept"}}}))
    result = cli("add", "New Person")
    assert result.code == 1 and "history.json.bak-1" in result.err and "acquaint restore" in result.err
    assert not (home / "history").exists()
    assert cli("restore", "history.json.bak-1").code == 0
    assert [p["name"] for p in read_history(home)["people"].values()] == ["Kept"]


@pytest.mark.parametrize("shape, record", [
    ({"people": {"1": "not a person"}}, "person #1 is not an object"),
    ({"people": {"1": {"name": "A", "handles": ["x"]}}}, "person #1: 'handles' must be an object of lists"),
    ({"people": {"x1": {"name": "A", "handles": {}}}}, "person id 'x1' is not a number"),
    ({"interactions": {"5": {"person": 1, "kind": "call", "direction": "both"}}}, "interaction #5: 'at'"),
    ({"interactions": {"5": {"person": 1, "kind": "call", "direction": "both", "at": "0999-01-01T00:00:00Z"}}},
     "interaction #5: 'at' is outside 1900"),
])
def test_a_misshapen_part_is_refused_naming_its_first_bad_record_and_never_written(home, cli, shape, record):
    history = history_at(home)
    _add(history, 1)
    _add(history, 2)
    with history.change("edit") as tx:  # person 1's part changes: version 2 holds the copy before
        edit_person(tx, 1, note="met twice", now=NOW)
    damaged = _segment(home, "people/1")
    damaged.write_text(json.dumps(shape))
    before = fingerprint(home)
    with pytest.raises(HistoryCorrupted) as caught:
        history_at(home).read().people[1]
    assert record in str(caught.value) and str(damaged) in str(caught.value)
    assert "your newest good copy is version 2" in str(caught.value)
    assert cli("show", "1").code == 1 and cli("log", "1", "call").code == 1
    assert fingerprint(home) == before


def test_a_misshapen_one_file_history_is_refused_before_it_is_moved(home, cli):
    content = json.dumps({"meta": {"1": {"schema_version": "two"}}, "people": {}})
    (home / "history.json").write_text(content)
    result = cli("list")
    assert result.code == 1 and "schema version 'two' is not a number" in result.err
    assert (home / "history.json").read_text() == content and not (home / "history").exists()


def test_a_history_folder_that_is_a_file_says_so(home, cli):
    (home / "history").write_text("oops")
    result = cli("list")
    assert result.code == 1 and "history" in result.err and "Traceback" not in result.err


# -- links ------------------------------------------------------------------------------------------------------

def test_a_linked_history_folder_is_written_where_it_points(home, tmp_path):
    synced = tmp_path / "Dropbox" / "acquaint-history"
    synced.mkdir(parents=True)
    (home / "history").symlink_to(synced, target_is_directory=True)
    history = history_at(home)
    _add(history, 1)
    _add(history, 2)
    assert (home / "history").is_symlink(), "the link stays a link"
    assert (synced / "HEAD").exists() and len(list((synced / "manifests").iterdir())) == 2
    assert len(read_history(home)["people"]) == 2


def test_a_linked_one_file_history_moves_into_a_folder_beside_its_target(home, tmp_path):
    synced = tmp_path / "Sync"
    synced.mkdir()
    (synced / "history.json").write_text(json.dumps({"people": {"1": {"name": "Jane"}}}))
    (home / "history.json").symlink_to(synced / "history.json")
    _add(history_at(home), 2)
    assert (home / "history").is_symlink() and (home / "history").resolve() == synced / "history"
    assert (synced / "history" / "HEAD").exists()
    assert sorted(p["name"] for p in read_history(home)["people"].values()) == ["Jane", "Person 2"]


# -- disks that refuse ------------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A real 6 MB filesystem (tmpfs), to fill up; needs root (as CI has) or is skipped."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root and must mount a tmpfs for the full-disk test")
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_loses_no_version_leaves_no_temporary_and_says_what_to_free(small_disk):
    history = history_at(small_disk)
    with history.change("seed") as tx:
        for n in range(150):
            person = add_person(tx, f"Person {n}", [("email", f"p{n}@example.com")], now=NOW)
            log_interaction(tx, person, "call", at=NOW, note="n" * 100, now=NOW)
    failures, writes = 0, 0
    while failures < 5 and writes < 500:
        try:
            with history.change(f"fill {writes}") as tx:
                for n in range(20):  # a big change, not compressible: a note on many people in many buckets
                    edit_person(tx, n * 7 % 150 + 1, note=f"{writes} " + os.urandom(6000).hex(), now=NOW)
            writes += 1
        except HistoryUnwritable as error:
            failures += 1
            message = str(error)
            assert message.startswith(f"no space left on {small_disk}: free ") and "MB and try again" in message
            assert message.endswith(f"(the history in {small_disk / 'history'} is unchanged)")
            assert "\n" not in message
            state = fingerprint(small_disk)
            assert not [p for p in (small_disk / "history").rglob(".tmp-*")], "no temporary is left"
            versions = history_at(small_disk).versions()
            assert len(versions) == RESTORABLE_VERSIONS
            assert all(history_at(small_disk).store.readable(v) for v in versions), "every kept version reads"
            assert fingerprint(small_disk) == state
    assert failures == 5 and writes > 0, (failures, writes)
    assert read_history(small_disk)["people"]["1"]["notes"].startswith(f"{writes - 1} "), "the last good change"


def test_a_read_only_disk_is_one_clear_line_and_reading_still_works(small_disk, cli, monkeypatch):
    monkeypatch.setenv("ACQUAINT_HOME", str(small_disk))
    history = history_at(small_disk)
    _add(history, 1)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(HistoryUnwritable, match="is on a read-only disk"):
            _add(history_at(small_disk), 2)
        assert len(read_history(small_disk)["people"]) == 1
        from acquaint.service import HostService

        service = HostService(history_at(small_disk))
        assert service.respond({"id": 1, "type": "hello"})["history"]["people"] == 1
        reply = service.respond({"id": 2, "type": "log", "platform": "x", "person": {"handle": "samlee"},
                                 "kind": "call"})
        assert reply["error"]["code"] == "history_unwritable" and "read-only" in reply["error"]["message"]
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)


def test_no_permission_to_write_is_one_clear_line_everywhere_and_reading_still_works(home, cli, monkeypatch):
    """The OS's refusal is faked (the tests run as root in CI, where permissions do not refuse)."""
    import errno
    import tempfile

    import acquaint.files as files_module
    from acquaint.service import HostService

    _add(history_at(home), 1)
    before = fingerprint(home)
    mkstemp = tempfile.mkstemp

    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files_module.tempfile, "mkstemp", refused)
    result = cli("add", "Someone New")
    assert result.code != 0 and result.err.count("\n") == 1, result.err
    assert result.err.startswith(f"Error: no permission to write in {home / 'history'}") and "chmod u+w" in result.err
    service = HostService(history_at(home))
    assert service.respond({"id": 1, "type": "hello"})["history"]["people"] == 1
    reply = service.respond({"id": 2, "type": "log", "platform": "x", "person": {"handle": "samlee"}, "kind": "call"})
    assert reply["error"]["code"] == "history_unwritable" and "no permission" in reply["error"]["message"]
    assert fingerprint(home) == before
    monkeypatch.setattr(files_module.tempfile, "mkstemp", mkstemp)
    assert cli("add", "Someone New").code == 0, "nothing was left in the way"


# -- lineage ----------------------------------------------------------------------------------------------------

def test_a_history_copied_in_over_another_never_pushes_the_others_versions_out(home, tmp_path):
    history = history_at(home)
    for n in range(3):
        _add(history, n)
    mine = {v["seq"]: v["lineage"] for v in history.versions()}
    other_home = tmp_path / "other"
    other = history_at(other_home)
    for n in range(3):
        _add(other, 10 + n)
    # The other history's versions are copied in, newer than ours, and made current.
    lineage = other.versions()[0]["lineage"]
    for folder in ("segments", "changes"):
        for path in (other_home / "history" / folder).iterdir():
            (home / "history" / folder / path.name).write_bytes(path.read_bytes())
    for path in (other_home / "history" / "manifests").iterdir():
        seq = int(path.stem) + 100
        data = {**json.loads(path.read_text()), "seq": seq}
        (home / "history" / "manifests" / f"{seq:09d}.json").write_text(json.dumps(data))
    (home / "history" / "HEAD").write_text(json.dumps({"manifest": 103}))
    for n in range(8):  # enough changes to push five versions out, twice over
        _add(history_at(home), 20 + n)
    kept = {v["seq"]: v["lineage"] for v in history_at(home).versions()}
    assert {seq for seq, line in kept.items() if line != lineage} == set(mine), "the old history's versions stay"
    assert sum(line == lineage for line in kept.values()) == RESTORABLE_VERSIONS


# -- change records ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"not gzip", gzip.compress(b"{not json"),
                                     gzip.compress(b'{"at": "x", "description": "d", "ops": [{"table": "people"}]}')])
def test_a_damaged_change_record_is_refused_by_undo_and_nothing_changes(home, cli, content):
    history = history_at(home)
    _add(history, 1)
    _add(history, 2)
    seq = history.versions()[0]["seq"]
    (home / "history" / "changes" / f"{seq:09d}.json.gz").write_bytes(content)
    before = fingerprint(home)
    result = cli("undo")
    assert result.code == 1 and result.err.startswith("Error: ") and f"{seq:09d}.json.gz" in result.err
    assert fingerprint(home) == before
    assert len(read_history(home)["people"]) == 2


def test_an_import_sized_change_record_undoes_and_redoes_whole(home):
    history = history_at(home)
    with history.change("big") as tx:
        for n in range(12_000):  # more operations than one chunk of the record holds
            log_interaction(tx, add_person(tx, f"P{n}", [], now=NOW) if n < 10 else 1 + n % 10, "call", at=NOW,
                            now=NOW)
    counts = len(read_history(home)["interactions"])
    history.undo()
    assert read_history(home)["interactions"] == {} and read_history(home)["people"] == {}
    history.redo()
    assert len(read_history(home)["interactions"]) == counts == 12_000


def test_a_bulk_insert_among_single_changes_is_recorded_one_document_at_a_time(home):
    history = history_at(home)
    with history.change("seed") as tx:
        first = add_person(tx, "First", [], now=NOW)
    with history.change("import-like") as tx:
        edit_person(tx, first, note="edited", now=NOW)
        ids = tx.insert_many("interactions", [{"person": first, "kind": "call", "direction": "both",
                                               "at": "2026-01-01T10:00:00Z", "key": f"k{n}"} for n in range(12_000)],
                             owned=True)
        log_interaction(tx, first, "message", at=NOW, now=NOW)
    assert ids == list(range(1, 12_001))
    record = history.store.change(history.store.versions()[0]["seq"])
    assert [op[1] for op in record["ops"]] == [first, *ids, 12_001], "one entry per document, in order"
    history.undo()
    after_undo = read_history(home)
    assert after_undo["interactions"] == {} and after_undo["people"][str(first)]["notes"] == ""
    history.redo()
    assert len(read_history(home)["interactions"]) == 12_001


def test_a_bulk_insert_refuses_a_bad_document_and_changes_nothing(home):
    history = history_at(home)
    with history.change("seed") as tx:
        first = add_person(tx, "First", [], now=NOW)
    before = fingerprint(home)
    documents = [{"person": first, "kind": "call", "direction": "both", "at": "2026-01-01T10:00:00Z"}] * 3
    with pytest.raises(InvalidValue, match="interaction #3: 'kind'"), history.change("bad") as tx:
        tx.insert_many("interactions", [*documents[:2], {**documents[0], "kind": "telepathy"}], owned=True)
    assert fingerprint(home) == before


def test_a_long_lived_reader_keeps_within_its_cache_and_what_it_built_leaves_with_it(home, monkeypatch):
    import acquaint.store as store_module

    history = history_at(home)
    with history.change("many") as tx:
        for n in range(600):  # every bucket holds someone
            log_interaction(tx, add_person(tx, f"P{n}", [], now=NOW), "call", at=NOW, note="x" * 200, now=NOW)
    monkeypatch.setattr(store_module, "SEGMENT_CACHE_BYTES", 20_000)
    reader = history_at(home)
    snapshot = reader.read()
    for person in range(1, 601):
        assert snapshot.interactions_of(person)[0]["kind"] == "call"
    store = reader.store
    assert store._cached_bytes <= 20_000 + max(size for _, size in store._segments.values())
    assert {d for parts, _ in store._derived for part in parts for d in part if d} <= set(store._segments), \
        "nothing built from an evicted part"


def test_a_change_leaves_nothing_behind_for_the_cyclic_collector(home):
    """The store freezes what it parses out of the collector's sight, so a snapshot or a transaction caught in a
    reference cycle would never be freed: a host leaked every write's working copies (266 MiB at 30,000)."""
    import gc
    import weakref

    history = history_at(home)
    _add(history, 1)
    gc.disable()
    try:
        with history.change("log") as tx:
            assert 1 in tx.people and tx.index.find("email", "p1@example.com") == 1  # the views commands use
            log_interaction(tx, 1, "call", at=NOW, now=NOW)
            watched = weakref.ref(tx)
        snapshot = weakref.ref(history.read())
        del tx
        history._cached = None
        assert watched() is None and snapshot() is None, "freed by reference counting alone"
    finally:
        gc.enable()


def test_a_manifest_a_killed_commit_left_beyond_head_is_no_version_and_the_next_commit_replaces_it(home, cli):
    """A commit writes its manifest beside its segments and only then HEAD: killed in between, it can leave a
    manifest naming a segment that never arrived. That is no version: not listed, not offered, written over."""
    history = history_at(home)
    _add(history, 1)
    _add(history, 2)
    head = _head(home)
    orphan = {**head, "seq": head["seq"] + 1, "parent": head["seq"],
              "segments": {**head["segments"], "people/1": "0" * 64}}
    (home / "history" / "manifests" / f"{orphan['seq']:09d}.json").write_text(json.dumps(orphan))
    assert [v["seq"] for v in history_at(home).versions()] == [head["seq"], head["seq"] - 1]
    assert "damaged" not in cli("restore", "--list").out
    _add(history_at(home), 3)
    versions = history_at(home).versions()
    assert versions[0]["seq"] == orphan["seq"] and all(history_at(home).store.readable(v) for v in versions)
