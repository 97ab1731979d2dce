"""Sync through a shared folder: joining it, publishing this computer's changes, merging everyone else's.

What this history knows of sync is in its manifest, under "sync", and so changes atomically with the history
itself (a killed process leaves both as they were, or both as they became):

    group      the history's id in the folder: files of another group are refused
    device     this computer's id (12 hex digits), name, and id range (range: the ids it gives new documents)
    folder     the shared folder
    clock      the newest stamp this computer issued or saw (stamps.py)
    published  the newest of its own stamps already in the folder; counter: its last file's number
    dirty      buckets holding changes made while the folder was unreachable
    seen       for each other device, the number of its last file merged; extra: conflict copies merged
    blocked    devices whose file N could not be merged (damaged, another history), with why
    last       for each device: its name, the newest stamp merged from it, and when
    highest    the highest id of each kind merged from each other device's range (FirstSight)

A change made here is stamped, written to the folder as this device's next log file, and only then committed;
a process killed in between leaves a file whose change the history does not have: the next merge reads this
device's own files past `counter` too, so the folder's copy is never lost. When the folder is unreachable the
change is committed and its buckets marked dirty, to be published at the next chance.
"""

from __future__ import annotations

import os
import secrets
import socket
import uuid
from pathlib import Path

from ..dates import now_utc, to_iso
from ..encoding import gc_paused
from ..errors import InvalidValue
from ..guesses import rekey_ask
from ..layout import (
    BUCKETS,
    DISMISSED,
    INTERACTIONS,
    META_TABLES,
    PEOPLE,
    SYNC_TABLE,
    bucket_of,
    ids_name,
    names_name,
    parts_of_bucket,
)
from . import apply, local, stamps
from .folder import BadFile, FolderProblem, Incomplete, SyncFolder

RANGE = 2 ** 32  # ids a device gives: device k's are k * RANGE + 1, …; the first device keeps its ids (k = 0)
MAX_DEVICE_RANGE = 2 ** 20  # ids stay below 2**52: exact in JavaScript, which the extension's popup uses
# A device writes its files again as one snapshot once its logs add up to more than this, or than its last
# snapshot: the folder holds at most about twice what the device wrote, and rewriting costs in proportion.
COMPACT_AFTER_BYTES = 64 * 1024
# Where device ids, ranges and group ids come from: the OS's randomness; a simulation replays a seed instead.
chance = secrets.SystemRandom()


class SyncError(InvalidValue):
    """Sync cannot do what was asked; the message says why and what to do."""


def state_of(manifest: dict | None) -> dict | None:
    return (manifest or {}).get("sync")


def folder_of(history, state: dict) -> SyncFolder:
    return SyncFolder(state["folder"], durable=getattr(history, "sync_durable", True))


def own_range(state: dict) -> range:
    start = state["range"] * RANGE
    return range(max(start, 1), start + RANGE)


# -- a change made here -------------------------------------------------------------------------------------------

class Published:
    """A file written for a change that may still fail to commit: removed again if it does."""

    def __init__(self, folder: SyncFolder | None = None, device: str = "", file=None):
        self.folder, self.device, self.file = folder, device, file

    def withdraw(self) -> None:
        if self.file is not None:
            self.folder.delete(self.device, self.file)


def on_commit(history, tx, state: dict) -> tuple[dict, Published]:
    """Stamp what `tx` changed, and publish it with whatever was waiting; returns the new state."""
    state = dict(state)
    # People this change removed or brought back: what waits for them (added elsewhere meanwhile) follows.
    apply.settle_people(tx, {op[1] for op in tx.ops if op[0] == PEOPLE and isinstance(op[1], int)
                             and (op[2] is None) != (op[1] not in tx.people)})
    # Two people who claim one identity (merged from elsewhere, or brought back by an undo) become one.
    for _ in range(10):  # a merge can give the kept person an identity a third one holds: again until none
        if not apply.fold_duplicates(tx, apply.duplicates(tx), now_utc()):
            break
    touched: dict[int, set[str] | None] = {}
    if tx.ops:
        stamp = stamps.next_stamp(state["clock"], state["device"])
        state["clock"] = stamp
        touched = dict(local.stamp_changes(tx, stamp))
        if "highest" in state:  # a change of a document in another device's range (a restore) stamps its meta
            sight = FirstSight(state["highest"], state["range"])
            for key in (key for keys in touched.values() for key in keys):
                sight.saw(key[0], int(key[1:]))
            state["highest"] = sight.highest
    for bucket in state.get("dirty", []):
        touched[bucket] = None  # everything there: what the folder could not take before
    if not touched:
        return state, Published()
    return _publish(history, tx, state, touched)


def _publish(history, snapshot, state: dict, touched: dict[int, set[str] | None]) -> tuple[dict, Published]:
    changes = local.deltas(snapshot, state["device"], state["published"], touched)
    if not changes:
        return {**state, "dirty": []}, Published()
    folder = folder_of(history, state)
    counter = state["counter"] + 1
    try:
        for file in folder.files(state["device"]):  # never reuse a number: a killed commit may have left one
            counter = max(counter, file.counter + 1)
        written = folder.write(state["device"], "log", counter, _header(state), changes)
    except FolderProblem as problem:
        dirty = sorted(set(state.get("dirty", [])) | set(touched))
        return {**state, "dirty": dirty, "problem": str(problem)}, Published()
    newest = max(_stamps_in(changes))
    logged = state.get("log_bytes", 0) + written.size
    state = {**state, "counter": counter, "published": max(state["published"], newest), "dirty": [],
             "log_bytes": logged}
    state.pop("problem", None)
    if logged > max(COMPACT_AFTER_BYTES, state.get("snapshot_bytes", 0)) or snapshot.to_scrub:
        state["compact"] = True  # after the commit: compact()
    return state, Published(folder, state["device"], written)


def _header(state: dict) -> dict:
    return {"group": state["group"], "name": state["name"], "range": state["range"]}


def _stamps_in(changes: list[dict]):
    for delta in changes:
        for key in ("n", "x"):
            if key in delta:
                yield delta[key]
        for group in delta.get("w", ()):
            yield group[0]


# -- joining ---------------------------------------------------------------------------------------------------------

def init(history, folder_path: str | os.PathLike, name: str | None = None, *, join_other: bool = False) -> dict:
    """Turn sync on with `folder_path`: start the folder's history, or join the one it holds. Returns what was
    done: {"joined": bool, "devices": [names], "group": …}."""
    folder_path = Path(folder_path).expanduser().absolute()
    folder = SyncFolder(folder_path, durable=getattr(history, "sync_durable", True))
    try:
        folder.check()
    except FolderProblem as problem:
        raise SyncError(f"{problem}: make the folder first (the one Syncthing, Dropbox, iCloud Drive or "
                        "OneDrive syncs), then run this again") from None
    with history.store.locked():
        base = history.store.head()
        state = state_of(base)
        if state is not None:
            raise SyncError(f"sync is already on, with {state['folder']}; `acquaint sync off` first to change it")
        others = _others(folder, None)
        groups = {header["group"] for header in others.values()}
        if len(groups) > 1:
            raise SyncError(f"{folder_path} holds {len(groups)} different histories; use a folder of its own")
        if groups and base is not None and base["counts"]["people"] and not join_other:
            names = ", ".join(sorted(header["name"] for header in others.values()))
            raise SyncError(f"{folder_path} holds the history of {names}. Joining merges your "
                            f"{base['counts']['people']} people into it, on every computer that syncs it; "
                            "if that is what you want, run this again with --join")
        used = {header.get("range") for header in others.values()}
        device = _new_device_id(set(others))
        group = next(iter(groups)) if groups else str(uuid.UUID(int=chance.getrandbits(128), version=4))
        device_range = 0 if not groups else _free_range(used)
        stamp = stamps.next_stamp("", device)
        state = {"group": group, "device": device, "name": name or _default_name(), "range": device_range,
                 "folder": str(folder_path), "clock": stamp, "published": "", "counter": 0, "dirty": [],
                 "seen": {}, "extra": [], "blocked": {}, "last": {}, "joined": to_iso(now_utc()), "highest": {}}
        _first_version(history, base, state, stamp)
        history._cached = None
    report = pull(history)
    return {"joined": bool(groups), "devices": sorted(h["name"] for h in others.values()), "group": group,
            "device": device, "name": state["name"], "merged": report["merged"]}


def _default_name() -> str:
    return (socket.gethostname() or "this computer").split(".")[0][:40]


def _new_device_id(taken: set[str]) -> str:
    while True:
        device = f"{chance.getrandbits(48):012x}"
        if device not in taken:
            return device


def _free_range(used: set) -> int:
    while True:
        candidate = chance.randrange(1, MAX_DEVICE_RANGE)
        if candidate not in used:
            return candidate


def _others(folder: SyncFolder, own: str | None, only: set[str] | None = None) -> dict[str, dict]:
    """Each other device's newest readable header (of the devices in `only`, when given): a whole file is read
    for it, a snapshot of megabytes at 30,000 people."""
    headers = {}
    for device in folder.devices():
        if device == own or (only is not None and device not in only):
            continue
        for file in reversed(folder.files(device)):
            try:
                headers[device] = folder.read(device, file, None)
                break
            except BadFile:
                continue
    return headers


def _first_version(history, base: dict | None, state: dict, stamp: str) -> None:
    """This history as it joins: its ids moved into the device's range (a joining device), every document
    stamped as this device's, written whole to the folder as its first snapshot."""
    from ..history import Snapshot

    offset = state["range"] * RANGE
    own = own_range(state)
    sight = FirstSight({}, state["range"])  # ids of other ranges this history keeps (synced before): metas here
    last_own = {PEOPLE: 0, INTERACTIONS: 0, DISMISSED: 0}
    snapshot = Snapshot(history.store, base, history.path) if base else None
    moved = {bucket: {PEOPLE: {}, INTERACTIONS: {}, DISMISSED: {}, SYNC_TABLE: {}} for bucket in range(BUCKETS)}
    for bucket in range(BUCKETS):  # ids move by a multiple of the bucket count: each stays in its bucket
        data = snapshot.bucket(bucket) if snapshot else {}
        for table, letter in ((PEOPLE, "p"), (INTERACTIONS, "i"), (DISMISSED, "d")):
            for doc_id, doc in data.get(table, {}).items():
                new_id = int(doc_id) + offset
                meta = {"d": stamp, "n": stamp}
                if table != PEOPLE:
                    person = doc["person"] + offset
                    doc = {**doc, "person": person, "key": rekey_ask(doc.get("key"), person)} if offset else doc
                    meta["p"] = person
                moved[bucket][table][str(new_id)] = doc
                moved[bucket_of(new_id)][SYNC_TABLE][f"{letter}{new_id}"] = meta
                sight.saw(letter, new_id)
                if new_id in own:
                    last_own[table] = max(last_own[table], new_id)
    segments = {}
    for bucket in range(BUCKETS):
        segments.update(parts_of_bucket(bucket, moved[bucket]))
        if offset and snapshot:
            segments[ids_name(bucket)] = {k: v + offset for k, v in snapshot.segment(ids_name(bucket)).items()}
            segments[names_name(bucket)] = {k: [v + offset for v in ids]
                                            for k, ids in snapshot.segment(names_name(bucket)).items()}
    now = to_iso(now_utc())
    next_ids = {}
    for table in (PEOPLE, INTERACTIONS, DISMISSED):  # new ids in this device's range only, after its own
        moved_next = (base or {}).get("next_ids", {}).get(table, 1) + offset
        next_ids[table] = moved_next if moved_next in own and moved_next > last_own[table] else \
            max(own.start, last_own[table] + 1)
    state["highest"] = sight.highest
    fields = {"next_ids": next_ids, "undoable": [], "redoable": [], "at": now,
              "description": "sync on: joined" if offset else "sync on", "counts": (base or {}).get(
                  "counts", {"people": 0, "interactions": 0}), "lineage": (base or {}).get("lineage")
              or str(uuid.uuid4()), "created": (base or {}).get("created") or now, "guesses": {
                  via: list(buckets) for via, buckets in (base or {}).get("guesses", {}).items()}}
    if base is None:
        fields["schema_version"] = 3
    manifest = history.store.commit(base, segments, {**fields, "sync": state}, None)
    compact(history, manifest)


def write_snapshot(history, snapshot, state: dict) -> tuple[dict, list] | None:
    """Write this device's files again as one snapshot of everything it wrote that is still current: the folder
    stays small (the logs add up to no more than the snapshot), and the text of what was removed leaves it.
    Returns the new state and the files it replaces (to delete once the state is committed), or None when the
    folder cannot take it now."""
    folder = folder_of(history, state)
    changes = local.deltas(snapshot, state["device"], "", local.every_bucket())
    try:
        old = folder.files(state["device"])
        counter = max([state["counter"], *(f.counter for f in old)]) + 1
        written = folder.write(state["device"], "snapshot", counter, _header(state), changes)
    except FolderProblem:
        return None
    published = max([state["published"], *_stamps_in(changes)])
    new_state = {**state, "counter": counter, "published": published, "dirty": [], "log_bytes": 0,
                 "snapshot_bytes": written.size}
    new_state.pop("compact", None)
    return new_state, old


def compact(history, manifest: dict) -> None:
    """After a commit that made it due (or a removal: its text must leave this device's files): the snapshot,
    its state committed, then the files it replaces deleted. Under the lock."""
    from ..history import Snapshot

    written = write_snapshot(history, Snapshot(history.store, manifest, history.path), manifest["sync"])
    if written is None:
        return  # the folder is away: due again at the next change
    state, replaced = written
    history.store.commit(manifest, {}, {"sync": state, "at": to_iso(now_utc())}, None)
    folder = folder_of(history, state)
    for file in replaced:
        folder.delete(state["device"], file)


# -- merging --------------------------------------------------------------------------------------------------------

def pull(history, wait: float | None = None) -> dict:
    """Merge what other devices wrote since the last time (and any file of this device a killed process left
    unmerged), and publish what waited for the folder. Returns {"merged": number of files, "problems": [...]}.
    The folder is looked at first without the lock, so that a look that finds nothing new never waits for a
    writer; `wait`: how long to wait for one when there is something to merge (HistoryBusy after that)."""
    from ..history import Transaction

    state = state_of(history.read().manifest)
    if state is None:
        return {"merged": 0, "problems": []}
    try:
        if not _plan(folder_of(history, state), state) and not state.get("dirty"):
            return {"merged": 0, "problems": []}
    except FolderProblem as problem:
        return {"merged": 0, "problems": [str(problem)]}
    # A merge parses a few hundred parts and makes a million small objects, none in a reference cycle: the cyclic
    # collector, left on, rescans them as they pile up (a fifth of a merge's time in a process holding a history).
    with gc_paused(), history.store.locked(wait):
        base = history.store.head()
        state = state_of(base)
        if state is None:
            return {"merged": 0, "problems": []}
        folder = folder_of(history, state)
        try:
            plan = _plan(folder, state)
        except FolderProblem as problem:
            return {"merged": 0, "problems": [str(problem)]}
        if not plan and not state.get("dirty"):
            return {"merged": 0, "problems": []}
        blocked = dict(state.get("blocked", {}))
        for _ in range(len(plan) + 1):
            tx = Transaction(history.store, base, history.path, "sync: merged changes")
            tx.id_range = own_range(state)
            try:
                new_state = _merge(history, tx, folder, plan, state, blocked)
                break
            except _Blocked as stop:
                blocked[stop.device] = {"counter": stop.counter, "problem": stop.problem}
                plan = [item for item in plan if item[0] != stop.device]
        else:
            return {"merged": 0, "problems": [b["problem"] for b in blocked.values()]}
        new_state["blocked"] = blocked
        merged = len(plan)
        problems = [b["problem"] for b in blocked.values()] + list(new_state.get("refused", {}).values())
        names = sorted({new_state["last"].get(device, {}).get("name", device) for device, _ in plan})
        tx.description = f"sync: merged changes from {', '.join(names)}" if names else tx.description
        history._commit(tx, undoable=False, sync_state=new_state)
        return {"merged": merged, "problems": problems}


class FirstSight:
    """Which documents this history never held a meta for, without looking. A device gives ids in order, from its
    own range: an id above the highest of its kind that this history merged from that range is one it has never
    seen. The highest are kept in the sync state ("highest": {"i3": id, …}, by kind and range). This computer's
    own range is always looked up: its own changes stamp metas without passing through here."""

    def __init__(self, highest: dict[str, int], own_range: int):
        self.highest = dict(highest)
        self.own_range = own_range

    def unseen(self, letter: str, doc_id: int) -> bool:
        device_range = doc_id // RANGE
        return device_range != self.own_range and doc_id > self.highest.get(f"{letter}{device_range}", 0)

    def saw(self, letter: str, doc_id: int) -> None:
        device_range = doc_id // RANGE
        key = f"{letter}{device_range}"
        if device_range != self.own_range and doc_id > self.highest.get(key, 0):
            self.highest[key] = doc_id


def _first_sight(snapshot, state: dict) -> FirstSight:
    """What the sync state keeps; for a history synced before "highest" was kept, found from every meta here
    (every bucket's metas read, once)."""
    if "highest" in state:
        return FirstSight(state["highest"], state["range"])
    sight = FirstSight({}, state["range"])
    for bucket in range(BUCKETS):
        for table in META_TABLES:
            for key in snapshot.bucket(bucket).get(table, {}):
                sight.saw(key[0], int(key[1:]))
    return sight


class _Blocked(Exception):
    def __init__(self, device: str, counter: int, problem: str):
        super().__init__(problem)
        self.device, self.counter, self.problem = device, counter, problem


def _plan(folder: SyncFolder, state: dict) -> list[tuple[str, object]]:
    """The files to merge, device by device, in order: (device, SyncFile)."""
    plan = []
    blocked = state.get("blocked", {})
    extra = set(state.get("extra", []))
    for device in folder.devices():
        files = folder.files(device)
        if device == state["device"]:
            # This device's own files past what its history holds: written by a process killed before it
            # committed. Merged like another's, so the change it made is not lost.
            plan += [(device, f) for f in files if f.counter > state["counter"] and not f.conflict_copy]
            continue
        seen = state["seen"].get(device, 0)
        stop = blocked.get(device, {}).get("counter")
        whole = [f for f in files if not f.conflict_copy]
        snapshots = [f for f in whole if f.kind == "snapshot" and f.counter > seen]
        start = seen
        if snapshots and snapshots[-1].counter != stop and \
                not any(f.counter == seen + 1 for f in whole if f.kind == "log"):
            plan.append((device, snapshots[-1]))
            start = snapshots[-1].counter
        for file in whole:
            if file.kind == "log" and file.counter > start:
                if file.counter != start + 1:
                    break  # one has not arrived yet: wait for it (or for a snapshot that covers it)
                if stop is not None and file.counter >= stop:
                    break
                plan.append((device, file))
                start = file.counter
        plan += [(device, f) for f in files if f.conflict_copy and f.digest not in extra]
    return plan


def _merge(history, tx, folder: SyncFolder, plan, state: dict, blocked: dict) -> dict:
    state = {**state, "seen": dict(state["seen"]), "last": dict(state.get("last", {})),
             "extra": list(state.get("extra", []))}
    batch = apply.Batch()
    clock = state["clock"]
    sight = _first_sight(tx, state)
    waiting: set[str] = set()  # devices with a file still arriving: their later files wait for it
    for device, file in plan:
        if device in waiting and not file.conflict_copy:
            continue
        try:
            content = folder.read(device, file, state["group"])
        except Incomplete:
            if not file.conflict_copy:
                waiting.add(device)  # a sync tool is still writing it: next time
            continue
        except BadFile as problem:
            if file.conflict_copy:  # a copy a sync tool made: refused alone, and not read again
                state["extra"].append(file.digest)
                state["refused"] = {**state.get("refused", {}), file.name: str(problem)}
                continue
            raise _Blocked(device, file.counter, str(problem)) from None
        batch |= apply.apply_deltas(tx, content["changes"], sight)
        newest = max(_stamps_in(content["changes"]), default="")
        clock = max(clock, newest)
        if device == state["device"]:
            state["counter"] = max(state["counter"], file.counter)
            state["published"] = max(state["published"], newest)
            continue
        if file.conflict_copy:
            state["extra"].append(file.digest)
        else:
            state["seen"][device] = max(state["seen"].get(device, 0), file.counter)
        blocked.pop(device, None)
        last = state["last"].get(device, {})
        state["last"][device] = {"name": content["name"], "stamp": max(last.get("stamp", ""), newest),
                                 "merged": to_iso(now_utc())}
    state["clock"] = clock
    state["highest"] = sight.highest
    if any(local.written_by(meta, state["device"]) for meta in batch.removed):
        state["compact"] = True  # what was removed elsewhere may be in this device's files: its text goes
    apply.settle_people(tx, batch.flipped)
    apply.revive_merge_cycles(tx, batch.flipped | batch.set_aside)
    apply.redirect_merged(tx, batch.flipped | batch.set_aside)
    return state


# -- turning it off, and what it says -----------------------------------------------------------------------------

def off(history) -> dict | None:
    """Stop syncing this history (the folder and the other computers are left as they are). Returns the state
    it had, or None."""
    with history.store.locked():
        base = history.store.head()
        state = state_of(base)
        if state is None:
            return None
        history.store.commit(base, {}, {"description": "sync off", "at": to_iso(now_utc())}, None, drop=("sync",))
        history._cached = None
        return state


def status(history) -> dict | None:
    """What `acquaint sync status` and the options page show."""
    snapshot = history.read()
    state = state_of(snapshot.manifest)
    if state is None:
        return None
    folder = folder_of(history, state)
    problems = [b["problem"] for b in state.get("blocked", {}).values()] + list(state.get("refused", {}).values())
    devices = []
    merged = state.get("last", {})
    try:
        present = folder.devices()
        # A device's name is known from its files merged; only a device never merged has a file read for it.
        never_merged = {d for d in present if d != state["device"] and not merged.get(d, {}).get("name")}
        others = _others(folder, state["device"], never_merged) if never_merged else {}
    except FolderProblem as problem:
        present, others = [], {}
        problems.append(str(problem))
    if state.get("dirty"):
        problems.append(f"changes of {len(state['dirty'])} buckets wait for the folder to be reachable")
    now = now_utc().timestamp()
    for device in present:
        if device == state["device"]:
            continue
        last = merged.get(device, {})
        name = last.get("name") or others.get(device, {}).get("name") or device
        entry = {"device": device, "name": name, "last_change": _when(last.get("stamp")),
                 "merged": last.get("merged"), "files_waiting": _waiting(folder, device, state)}
        if last.get("stamp") and stamps.seconds_of(last["stamp"]) > now + 300:
            problems.append(f"'{name}' stamps its changes {round((stamps.seconds_of(last['stamp']) - now) / 3600, 1)}"
                            " h in the future: its clock is ahead, so its changes win until then")
        devices.append(entry)
    return {"folder": state["folder"], "device": state["device"], "name": state["name"], "group": state["group"],
            "joined": state.get("joined"), "last_published": _when(state.get("published")), "devices": devices,
            "problems": problems}


def _when(stamp: str | None) -> str | None:
    if not stamp:
        return None
    from datetime import datetime, timezone

    return to_iso(datetime.fromtimestamp(stamps.seconds_of(stamp), timezone.utc))


def _waiting(folder: SyncFolder, device: str, state: dict) -> int:
    seen = state["seen"].get(device, 0)
    return sum(1 for f in folder.files(device) if f.counter > seen and not f.conflict_copy)
