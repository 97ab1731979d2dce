"""Sync through a shared folder (docs/SYNC.md): computers simulated in one process (tests/helpers/sync_sim.py),
each with its own history; most tests give them one folder, as if the sync tool were instant, and the copier
plays the sync tool where its habits matter. The randomised runs are the proof that every computer ends with the
same history; the cases below each pin one promise."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest

from acquaint.errors import InvalidValue
from acquaint.importing import run_import
from acquaint.interactions import log_interaction
from acquaint.people import add_identities, add_person, edit_person, merge_people, remove_person
from acquaint.sync import crdt, engine, stamps
from acquaint.sync.folder import SyncFolder
from conftest import NOW
from helpers.sync_sim import Copier, Device, problems, simulate

EXPORTS = Path(__file__).parent / "data" / "exports"


@pytest.fixture
def folder(tmp_path):
    shared = tmp_path / "Sync"
    shared.mkdir()
    return shared


def device(name: str, view: Path) -> Device:
    return Device(name, view)


def joined(folder: Path, *names: str) -> list[Device]:
    """Computers syncing through one folder: the first starts it, the others join."""
    devices = [device(name, folder) for name in names]
    engine.init(devices[0].history, folder, names[0])
    for other in devices[1:]:
        engine.init(other.history, folder, other.name, join_other=True)
    return devices


def apart(tmp_path: Path) -> tuple[Device, Device, Copier]:
    """Two computers, each with its own copy of the folder, and the copier that plays the sync tool between them:
    the laptop starts, and the desktop joins once the laptop's files arrived."""
    laptop, desktop = Device("laptop", tmp_path / "a"), Device("desktop", tmp_path / "b")
    for d in (laptop, desktop):
        d.view.mkdir()
    engine.init(laptop.history, laptop.view, "laptop")
    copier = Copier([laptop, desktop], random.Random(1))
    copier.deliver_all()
    engine.init(desktop.history, desktop.view, "desktop", join_other=True)
    return laptop, desktop, copier


def settle(*devices: Device) -> None:
    """Everyone merges until nothing new arrives (a merge may make a change of its own: a fix-up)."""
    for _ in range(6):
        if not sum(engine.pull(d.history)["merged"] for d in devices):
            return


def add(d: Device, name: str, *identities, when=NOW) -> int:
    with d.history.change(f"add {name}") as tx:
        return add_person(tx, name, list(identities), now=when)


def log(d: Device, person: int, kind: str = "call", when=NOW, **options) -> int:
    with d.history.change(f"log {kind}") as tx:
        return log_interaction(tx, person, kind, at=when, now=when, **options)


def person(d: Device, person_id: int) -> dict | None:
    return d.state()["people"].get(str(person_id))


def kinds_of(d: Device, person_id: int) -> list[str]:
    return sorted(i["kind"] for i in d.state()["interactions"].values() if i["person"] == person_id)


# -- the proof: randomised runs -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_thousand_randomised_runs_end_with_one_history_holding_every_acknowledged_change(tmp_path):
    """Two and three computers, random changes (people, handles, interactions, notes, tags, merges, removals,
    undo, redo), clocks hours apart, a copier that delays, reorders, cuts short, duplicates and leaves temporary
    files; then everything arrives. Every computer must hold the same history, whole (every interaction's
    person there, every identity one person's and found by the index, counts right), with every acknowledged
    interaction in it (checked in the runs without removals or undo, a third of them)."""
    failures = []
    for seed in range(1000):
        root = tmp_path / f"run{seed}"
        run = simulate(seed, root, devices=2 + seed % 2)
        found = problems(run)
        if found:
            failures.append(f"seed {seed}: {found[:3]}")
        shutil.rmtree(root)
    assert not failures, f"{len(failures)} of 1000 runs went wrong; replay one with simulate(seed): {failures[:5]}"


def test_the_same_seed_replays_the_same_run(tmp_path):
    first = simulate(7, tmp_path / "a", devices=3)
    again = simulate(7, tmp_path / "b", devices=3)
    assert first.log == again.log and first.devices[0].state() == again.devices[0].state()
    assert not problems(first)


def test_merging_is_the_same_in_any_order_and_however_often():
    """crdt.merge on random writes, removals and creations from three devices: every order of arrival, each
    delta possibly twice, gives the same document and meta."""
    rng = random.Random(5)
    for _ in range(300):
        deltas = []
        for n in range(rng.randrange(1, 7)):
            device = rng.choice(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"])
            stamp = stamps.make(1_700_000_000_000 + rng.randrange(50), n, device)
            roll = rng.random()
            if roll < 0.2:
                deltas.append({"t": "p", "i": 1, "x": stamp})
            elif roll < 0.4:
                deltas.append({"t": "p", "i": 1, "n": stamp, "w": [[stamp, {"name": f"N{n}", "notes": ""}, ["tags"]]]})
            else:
                field = rng.choice(["name", "notes", "tags"])
                deltas.append({"t": "p", "i": 1, "w": [[stamp, {field: f"{field}{n}"}, []]]})
        outcomes = set()
        for _ in range(6):
            order = deltas + rng.sample(deltas, rng.randrange(0, len(deltas) + 1))
            rng.shuffle(order)
            flat, meta = {}, {}
            for delta in order:
                flat, meta = crdt.merge(flat, meta, delta)
                flat, meta = crdt.settle("people", flat, meta)
            visible = json.dumps(flat, sort_keys=True) if crdt.exists(meta) else None
            outcomes.add((visible, crdt.exists(meta)))
        assert len(outcomes) == 1, (deltas, outcomes)


# -- what each computer does ---------------------------------------------------------------------------------------

def test_an_ask_on_the_laptop_and_a_call_on_the_desktop_both_survive(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    jane = add(laptop, "Jane Doe", ("x", "janedoe"))
    settle(laptop, desktop)
    log(laptop, jane, "ask", key="ask:1:recommendation:abc", note="Would you write me a recommendation?")
    log(desktop, jane, "call")
    settle(laptop, desktop)
    assert kinds_of(laptop, jane) == kinds_of(desktop, jane) == ["ask", "call"]
    assert laptop.state() == desktop.state()


def test_two_edits_of_one_field_the_later_wins_and_other_fields_both_stay(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    jane = add(laptop, "Jane Doe")
    settle(laptop, desktop)
    with laptop.history.change("note") as tx:
        edit_person(tx, jane, note="met at PyCon", add_tags=["conference"], now=NOW)
    with desktop.history.change("note") as tx:  # later, without having seen the laptop's
        edit_person(tx, jane, note="introduced by Sam", now=NOW)
    with desktop.history.change("handle") as tx:
        add_identities(tx, jane, [("linkedin", "jane-doe")], now=NOW)
    with laptop.history.change("handle") as tx:
        add_identities(tx, jane, [("x", "janedoe")], now=NOW)
    settle(laptop, desktop)
    merged = person(laptop, jane)
    assert merged == person(desktop, jane)
    assert merged["notes"] == "introduced by Sam", "the later write of the same field"
    assert merged["tags"] == ["conference"], "a field only one computer wrote"
    assert merged["handles"] == {"linkedin": ["jane-doe"], "x": ["janedoe"]}, "a handle per platform from each"


def test_a_change_made_after_seeing_another_wins_even_from_a_clock_hours_behind(folder, monkeypatch):
    laptop, desktop = joined(folder, "laptop", "desktop")
    laptop_id, desktop_id = laptop.device_id, desktop.device_id
    base = int(time.time() * 1000)
    skew = {laptop_id: 3 * 3600_000, desktop_id: 0}  # the laptop's clock is three hours ahead
    monkeypatch.setattr(stamps, "wall_ms", lambda device: base + skew.get(device, 0))
    jane = add(laptop, "Jane Doe")
    with laptop.history.change("note") as tx:
        edit_person(tx, jane, note="from the laptop", now=NOW)
    settle(laptop, desktop)
    with desktop.history.change("note") as tx:  # made after seeing the laptop's note, by a clock behind it
        edit_person(tx, jane, note="from the desktop, later", now=NOW)
    settle(laptop, desktop)
    assert person(laptop, jane)["notes"] == person(desktop, jane)["notes"] == "from the desktop, later"
    status = engine.status(desktop.history)
    assert any("'laptop'" in p and "clock is ahead" in p for p in status["problems"]), status["problems"]


def test_a_removal_wins_over_an_edit_that_did_not_see_it_and_its_undo_brings_the_person_back(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    jane = add(laptop, "Jane Doe", ("x", "janedoe"))
    log(laptop, jane, "call")
    settle(laptop, desktop)
    with laptop.history.change("rm") as tx:
        remove_person(tx, jane)
    with desktop.history.change("note") as tx:
        edit_person(tx, jane, note="edited meanwhile", now=NOW)
    settle(laptop, desktop)
    assert person(laptop, jane) is None and person(desktop, jane) is None
    assert desktop.state() == laptop.state()
    laptop.history.undo()  # the removal: undone on the laptop, and so everywhere
    settle(laptop, desktop)
    assert person(desktop, jane)["name"] == "Jane Doe" and kinds_of(desktop, jane) == ["call"]
    assert desktop.state() == laptop.state()


def test_an_interaction_added_to_a_person_merged_elsewhere_meanwhile_moves_to_the_person_they_became(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    jane = add(laptop, "Jane Doe", ("x", "janedoe"))
    jd = add(laptop, "J. Doe", ("linkedin", "jdoe"))
    settle(laptop, desktop)
    with laptop.history.change("merge") as tx:
        merge_people(tx, jane, jd, now=NOW)
    log(desktop, jd, "meeting")  # the desktop has not heard of the merge
    settle(laptop, desktop)
    assert person(laptop, jd) is None and person(desktop, jd) is None
    assert kinds_of(laptop, jane) == kinds_of(desktop, jane) == ["meeting"]
    assert person(desktop, jane)["handles"] == {"x": ["janedoe"], "linkedin": ["jdoe"]}


def test_two_computers_merging_two_people_into_each_other_end_with_one(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    a = add(laptop, "Jane Doe")
    b = add(laptop, "Jane D.")
    log(laptop, a, "call")
    log(laptop, b, "message")
    settle(laptop, desktop)
    with laptop.history.change("merge") as tx:
        merge_people(tx, a, b, now=NOW)
    with desktop.history.change("merge") as tx:
        merge_people(tx, b, a, now=NOW)
    settle(laptop, desktop)
    people = laptop.state()["people"]
    assert list(people) == [str(min(a, b))] and laptop.state() == desktop.state()
    assert kinds_of(laptop, min(a, b)) == ["call", "message"]


def test_the_same_stranger_recorded_on_two_computers_is_one_person(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    on_laptop = add(laptop, "Sam Lee", ("x", "samlee"))
    on_desktop = add(desktop, "sam", ("x", "samlee"))
    log(laptop, on_laptop, "ask", key="ask:0:repost:d1")
    log(desktop, on_desktop, "ask", key="ask:0:repost:d1")  # the same request, opened on both
    settle(laptop, desktop)
    state = laptop.state()
    assert state == desktop.state()
    [(kept, sam)] = state["people"].items()
    assert sam["handles"] == {"x": ["samlee"]} and int(kept) == min(on_laptop, on_desktop)
    assert kinds_of(laptop, int(kept)) == ["ask"], "the same ask once"
    assert laptop.history.read().index.find("x", "samlee") == int(kept)


def test_the_same_export_imported_on_two_computers_adds_nothing_the_second_time(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    run_import(laptop.history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    settle(laptop, desktop)
    before = desktop.state()
    summary = run_import(desktop.history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    assert (summary.people_added, summary.interactions_added) == (0, 0)
    assert desktop.state() == before


def test_the_same_export_imported_on_two_computers_at_once_ends_as_one_import(folder, tmp_path):
    alone = Device("alone", tmp_path / "alone")
    run_import(alone.history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    laptop, desktop = joined(folder, "laptop", "desktop")
    run_import(laptop.history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    run_import(desktop.history, "linkedin", EXPORTS / "linkedin", {}, NOW)  # before either heard of the other
    settle(laptop, desktop)
    assert laptop.state() == desktop.state()
    assert len(laptop.state()["people"]) == len(alone.state()["people"])
    assert len(laptop.state()["interactions"]) == len(alone.state()["interactions"])


def test_undoing_a_change_that_already_synced_is_a_change_that_syncs(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    jane = add(laptop, "Jane Doe")
    log(laptop, jane, "favor-received")
    settle(laptop, desktop)
    assert kinds_of(desktop, jane) == ["favor-received"]
    laptop.history.undo()
    settle(laptop, desktop)
    assert kinds_of(desktop, jane) == [] and person(desktop, jane) is not None
    laptop.history.redo()
    settle(laptop, desktop)
    assert kinds_of(desktop, jane) == ["favor-received"]


def test_a_restore_in_a_synced_history_reaches_the_others(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    jane = add(laptop, "Jane Doe")
    settle(laptop, desktop)
    version = laptop.history.read().manifest["seq"]
    log(laptop, jane, "call")
    add(laptop, "Sam Lee")
    settle(laptop, desktop)
    laptop.history.restore(version)
    settle(laptop, desktop)
    assert [p["name"] for p in desktop.state()["people"].values()] == ["Jane Doe"]
    assert desktop.state() == laptop.state()


def test_a_version_from_before_joining_is_not_restored_into_the_shared_history(folder, tmp_path):
    laptop, = joined(folder, "laptop")
    work = Device("work", tmp_path / "unused")
    add(work, "Jane Doe")
    before_joining = work.history.read().manifest["seq"]
    engine.init(work.history, folder, "work", join_other=True)
    with pytest.raises(InvalidValue, match="before this computer joined sync"):
        work.history.restore(before_joining)


# -- what sync tools do --------------------------------------------------------------------------------------------

def test_a_file_arriving_in_pieces_is_waited_for_and_sync_tools_temporary_files_are_never_read(tmp_path):
    laptop, desktop, copier = apart(tmp_path)
    jane = add(laptop, "Jane Doe")
    log(laptop, jane, "call")
    [log_file] = sorted((laptop.view / laptop.device_id).glob("log-*"))[-1:]
    target = desktop.view / laptop.device_id
    raw = log_file.read_bytes()
    (target / log_file.name).write_bytes(raw[: len(raw) // 2])  # Dropbox shows it while it downloads
    (target / f".syncthing.{log_file.name}.tmp").write_bytes(raw)
    (target / f"~${log_file.name}").write_bytes(raw)
    engine.pull(desktop.history)
    assert "Jane Doe" not in [p["name"] for p in desktop.state()["people"].values()]
    assert engine.status(desktop.history)["devices"][0]["files_waiting"] >= 1
    copier.deliver_all()
    engine.pull(desktop.history)
    assert kinds_of(desktop, jane) == ["call"] and desktop.state() == laptop.state()


def test_files_out_of_order_wait_for_the_missing_one(tmp_path):
    laptop, desktop, _ = apart(tmp_path)
    jane = add(laptop, "Jane Doe")
    with laptop.history.change("rm") as tx:
        remove_person(tx, jane)
    *_, created, removed = sorted((laptop.view / laptop.device_id).glob("log-*"))
    shutil.copy(removed, desktop.view / laptop.device_id)  # the removal arrives first
    engine.pull(desktop.history)
    shutil.copy(created, desktop.view / laptop.device_id)
    engine.pull(desktop.history)
    assert person(desktop, jane) is None and desktop.state() == laptop.state()


def test_a_conflicted_copy_is_read_checked_and_merged_once(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    jane = add(laptop, "Jane Doe")
    log(laptop, jane, "call")
    own = folder / laptop.device_id
    newest = sorted(own.glob("log-*"))[-1]
    shutil.copy(newest, own / newest.name.replace(".json.gz", " (desktop's conflicted copy 2026-11-26).json.gz"))
    tampered = json.loads(gzip.decompress(newest.read_bytes()))
    tampered["group"] = "someone-else"
    (own / newest.name.replace(".json.gz", ".sync-conflict-20261126-1.json.gz")).write_bytes(
        gzip.compress(json.dumps(tampered).encode()))
    report = engine.pull(desktop.history)
    assert kinds_of(desktop, jane) == ["call"], "merged, and only once"
    assert any("belongs to another history" in p for p in report["problems"]), report


def test_a_folder_offline_keeps_changes_and_publishes_them_when_it_is_back(folder, tmp_path):
    laptop, desktop = joined(folder, "laptop", "desktop")
    parked = tmp_path / "unmounted"
    folder.rename(parked)  # the USB disk is out, the network share is down
    jane = add(laptop, "Jane Doe")
    log(laptop, jane, "call")
    status = engine.status(laptop.history)
    assert any("missing" in p for p in status["problems"]), status
    assert any("wait for the folder" in p for p in status["problems"]), status
    parked.rename(folder)
    engine.pull(laptop.history)  # what the browser or any command does: publishes what waited
    engine.pull(desktop.history)
    assert kinds_of(desktop, jane) == ["call"] and desktop.state() == laptop.state()


def test_a_computer_back_after_months_catches_up_from_a_snapshot(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "COMPACT_AFTER_BYTES", 2000)  # compact after a few changes, not thousands
    laptop, desktop, copier = apart(tmp_path)
    copier.deliver_all()
    engine.pull(laptop.history)
    people = [add(laptop, f"Person {n}", ("x", f"p{n}"), when=NOW + timedelta(days=n)) for n in range(40)]
    for n, someone in enumerate(people):
        log(laptop, someone, "message", when=NOW + timedelta(days=n), note="x" * 200)
    files = sorted(p.name for p in (laptop.view / laptop.device_id).iterdir())
    assert any(name.startswith("snapshot-") for name in files) and len(files) < 40, files
    copier.deliver_all()  # months later: the logs it missed are gone, the snapshot holds them
    engine.pull(desktop.history)
    assert desktop.state() == laptop.state() and len(desktop.state()["people"]) == 40


def test_a_dismissed_ask_leaves_the_folder_too(folder):
    from acquaint.service import HostService

    laptop, desktop = joined(folder, "laptop", "desktop")
    sentence = "Would you write me a recommendation for the Globex job?"
    ask = {"id": 1, "type": "check", "platform": "linkedin", "person": {"handle": "sam-lee-77", "name": "Sam Lee"},
           "request": {"text": f"Hi! {sentence}", "url": "https://www.linkedin.com/messaging/thread/2-a/"}}
    host = HostService(laptop.history, lambda: NOW)
    assert host.respond(ask)["verdict"]["ask"]
    settle(laptop, desktop)
    assert sentence in _folder_text(folder) and "ask" in [i["kind"] for i in desktop.state()["interactions"].values()]
    assert host.respond({**ask, "id": 2, "type": "forget", "scope": "request"})["removed"] == 1
    settle(laptop, desktop)
    assert sentence not in _folder_text(folder), "the laptop's files were written again without it"
    assert desktop.state() == laptop.state() and not desktop.state()["interactions"]


def _folder_text(folder: Path) -> str:
    return "".join(gzip.decompress(p.read_bytes()).decode("utf-8") for p in folder.rglob("*.json.gz"))


def test_a_folder_of_another_persons_history_is_refused_with_a_clear_message(folder, tmp_path):
    laptop, = joined(folder, "laptop")
    add(laptop, "Jane Doe")
    stranger = Device("theirs", tmp_path / "other")
    add(stranger, "Someone Else")
    with pytest.raises(InvalidValue, match="holds the history of laptop.*--join"):
        engine.init(stranger.history, folder, "theirs")
    other_folder = tmp_path / "Theirs"
    other_folder.mkdir()
    engine.init(stranger.history, other_folder, "theirs")
    shutil.copytree(other_folder / stranger.device_id, folder / stranger.device_id)  # shared by mistake
    report = engine.pull(laptop.history)
    assert any("belongs to another history" in p and "'theirs'" in p for p in report["problems"]), report
    assert [p["name"] for p in laptop.state()["people"].values()] == ["Jane Doe"]
    assert any("another history" in p for p in engine.status(laptop.history)["problems"])


def test_each_computer_writes_only_its_own_files(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    jane = add(laptop, "Jane Doe")
    log(desktop, jane if person(desktop, jane) else add(desktop, "Sam"), "call")
    settle(laptop, desktop)
    folders = sorted(p.name for p in folder.iterdir())
    assert folders == sorted([laptop.device_id, desktop.device_id])
    for d in (laptop, desktop):
        for file in (folder / d.device_id).iterdir():
            content = json.loads(gzip.decompress(file.read_bytes()))
            assert content["device"] == d.device_id and content["name"] == d.name


def test_status_names_each_computer_and_its_last_change(folder):
    laptop, desktop = joined(folder, "laptop", "desktop")
    add(desktop, "Jane Doe")
    engine.pull(laptop.history)
    status = engine.status(laptop.history)
    assert status["name"] == "laptop" and status["problems"] == []
    [other] = status["devices"]
    assert other["name"] == "desktop" and other["last_change"] and other["files_waiting"] == 0
    assert SyncFolder(folder).devices() == sorted([laptop.device_id, desktop.device_id])


# -- the command and the host, on history folders as users have them -------------------------------------------

def _acquaint(home: Path, *args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from acquaint.cli import Context, main
    from conftest import history_at

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args), Context(out=out, err=err, stdin=io.StringIO(), now=NOW, history=history_at(home)))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def homes(tmp_path):
    made = []
    for name in ("laptop", "desktop"):
        home = tmp_path / name
        home.mkdir()
        made.append(home)
    return made


def test_sync_init_status_join_and_off_from_the_command_line(homes, folder):
    laptop, desktop = homes
    assert _acquaint(laptop, "add", "Jane Doe", "--x", "@janedoe")[0] == 0
    code, out, _ = _acquaint(laptop, "sync", "init", str(folder), "--name", "laptop")
    assert code == 0 and "started the shared history" in out
    assert _acquaint(desktop, "add", "Sam Lee")[0] == 0
    code, _, err = _acquaint(desktop, "sync", "init", str(folder), "--name", "desktop")
    assert code == 1 and "holds the history of laptop" in err and "--join" in err
    code, out, _ = _acquaint(desktop, "sync", "init", str(folder), "--name", "desktop", "--join")
    assert code == 0 and "joined the history of laptop" in out
    code, out, _ = _acquaint(desktop, "show", "x:@janedoe")
    assert code == 0 and "Jane Doe" in out
    assert _acquaint(laptop, "log", "jane", "call")[0] == 0
    code, out, _ = _acquaint(desktop, "show", "jane")  # every command first merges what the others wrote
    assert "call" in out
    code, out, _ = _acquaint(laptop, "sync", "status")
    assert code == 0 and "Syncing through" in out and "desktop: last change" in out
    status = json.loads(_acquaint(desktop, "sync", "status", "--json")[1])
    assert status["name"] == "desktop" and [d["name"] for d in status["devices"]] == ["laptop"]
    code, out, _ = _acquaint(desktop, "sync", "off")
    assert code == 0 and "Sync is off" in out
    assert "Sync is off" in _acquaint(desktop, "sync", "status")[1]
    assert sorted(p.name for p in folder.iterdir()) == sorted([status["device"], next(
        d["device"] for d in status["devices"])]), "the folder is left as it was"
    code, _, err = _acquaint(desktop, "sync", "init", str(folder / "missing"))
    assert code == 1 and "is missing" in err


def test_an_ask_recorded_through_one_host_shows_in_the_other_hosts_verdict(homes, folder):
    from acquaint.service import HostService
    from conftest import history_at

    laptop, desktop = homes
    _acquaint(laptop, "sync", "init", str(folder), "--name", "laptop")
    _acquaint(desktop, "sync", "init", str(folder), "--name", "desktop")
    ask = {"id": 1, "type": "check", "platform": "linkedin",
           "person": {"handle": "sam-lee-77", "name": "Sam Lee"},
           "request": {"text": "Hi! Would you write me a recommendation?",
                       "url": "https://www.linkedin.com/messaging/thread/2-a/"}}
    first = HostService(history_at(laptop), lambda: NOW).respond(ask)
    assert first["verdict"]["recorded"] is True
    on_desktop = HostService(history_at(desktop), lambda: NOW)
    again = on_desktop.respond({**ask, "id": 2, "request": {"text": "Could you also endorse me for SQL?",
                                                             "url": "https://www.linkedin.com/messaging/thread/2-a/"}})
    assert "repeat_asker" in again["verdict"]["flags"], again["verdict"]
    status = on_desktop.respond({"id": 3, "type": "sync_status"})
    assert status["ok"] and [d["name"] for d in status["sync"]["devices"]] == ["laptop"]


def test_a_look_at_the_folder_never_waits_for_another_writer_and_the_answer_comes_anyway(homes, folder):
    from acquaint.errors import HistoryBusy
    from acquaint.lock import FileLock
    from acquaint.service import HostService
    from conftest import history_at

    laptop, desktop = homes
    _acquaint(laptop, "sync", "init", str(folder), "--name", "laptop")
    _acquaint(desktop, "sync", "init", str(folder), "--name", "desktop")
    history = history_at(desktop)
    importing = FileLock(desktop / "history.lock", timeout=1)  # another program writing: a long import
    importing.acquire()
    try:
        started = time.monotonic()
        assert history.sync_pull(wait=30) == {"merged": 0, "problems": []}, "nothing new: no lock needed"
        assert time.monotonic() - started < 10, "it did not wait out the 30 s"
        _acquaint(laptop, "add", "Jane Doe", "--x", "@janedoe")
        with pytest.raises(HistoryBusy):
            history.sync_pull(wait=0.2)
        reply = HostService(history_at(desktop), lambda: NOW).respond(
            {"id": 1, "type": "check", "platform": "x", "person": {"handle": "janedoe"},
             "request": {"text": "How was the conference?"}})
        assert reply["ok"] and not (reply["verdict"]["person"] or {}).get("known"), "answered from what it has"
    finally:
        importing.release()
    assert history.sync_pull()["merged"] == 1
    assert history.read().index.find("x", "janedoe") is not None


def _edit_both(d: Device, person_id: int, interaction_id: int, note: str) -> None:
    with d.history.change("edit") as tx:
        edit_person(tx, person_id, note=note, now=NOW)
        tx.update("interactions", interaction_id, {"note": note})


def test_a_history_that_synced_before_and_starts_a_new_folder_merges_edits_of_what_it_kept(folder, tmp_path):
    """The laptop keeps the desktop's person (ids of the desktop's range) when it stops syncing and starts a new
    folder with a phone: the phone's edits of that person reach the laptop's copy, not a new one."""
    laptop, desktop = joined(folder, "laptop", "desktop")
    quinn = add(desktop, "Quinn Roe", ("x", "quinnroe"))
    call = log(desktop, quinn, note="first")
    settle(laptop, desktop)
    engine.off(laptop.history)
    second = tmp_path / "Second"
    second.mkdir()
    engine.init(laptop.history, second, "laptop")
    phone = device("phone", second)
    engine.init(phone.history, second, "phone", join_other=True)
    _edit_both(phone, quinn, call, "edited on the phone")
    settle(laptop, phone)
    assert person(laptop, quinn)["notes"] == "edited on the phone"
    assert [i["note"] for i in laptop.history.read().interactions_of(quinn)] == ["edited on the phone"]
    assert laptop.state() == phone.state()


def test_a_computer_that_joins_a_second_folder_gives_new_ids_from_its_new_range(folder, tmp_path):
    laptop, desktop = joined(folder, "laptop", "desktop")
    log(desktop, add(desktop, "Sam Lee"))
    settle(laptop, desktop)
    engine.off(desktop.history)
    second = tmp_path / "Second"
    second.mkdir()
    other = device("other laptop", second)
    engine.init(other.history, second, "other laptop")
    engine.init(desktop.history, second, "desktop", join_other=True)
    quinn = add(desktop, "Quinn Roe", ("x", "quinnroe"))
    call = log(desktop, quinn, note="first")
    assert {quinn // engine.RANGE, call // engine.RANGE} == {engine.state_of(desktop.history.read().manifest)["range"]}
    settle(desktop, other)
    _edit_both(other, quinn, call, "edited on the other laptop")
    settle(desktop, other)
    assert [i["note"] for i in desktop.history.read().interactions_of(quinn)] == ["edited on the other laptop"]
    assert desktop.state() == other.state()
