"""Several computers syncing through a folder, simulated in one process: each has its own history and its own
view of the shared folder, and a copier moves files between the views the way a sync tool does — late, out of
order, in pieces, twice under a "conflicted copy" name, beside its own temporary files — and passes deletions
on. Used by tests/test_sync.py (randomised runs) and bench/sync_benchmark.py."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from acquaint.errors import AcquaintError
from acquaint.history import History
from acquaint.interactions import log_interaction
from acquaint.people import add_identities, add_person, edit_person, merge_people, remove_person
from acquaint.sync import engine, stamps

START = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
NAMES = ["Jane Doe", "Sam Lee", "Ana Ruiz", "Li Wei", "Omar Haddad", "Eva Novak", "Kai Berg", "Zoe Adams"]
HANDLES = ["janedoe", "samlee", "anaruiz", "liwei", "omarh", "evan"]


@dataclass
class Device:
    name: str
    view: Path
    history: History = field(default_factory=History.in_memory)

    def __post_init__(self):
        self.history.sync_durable = False

    @property
    def device_id(self) -> str | None:
        state = engine.state_of(self.history.read().manifest)
        return state["device"] if state else None

    def people(self) -> list[int]:
        return list(self.history.read().people)

    def state(self) -> dict:
        snapshot = self.history.read()
        data = snapshot.as_dict()
        data.pop("meta")
        return data


class Copier:
    """The sync tool: copies each device's own files from its view to the others'."""

    def __init__(self, devices: list[Device], rng: random.Random):
        self.devices, self.rng = devices, rng

    def _owners(self) -> dict[str, Device]:
        return {d.device_id: d for d in self.devices if d.device_id}

    def pending(self) -> list[tuple[Device, Device, str, str]]:
        """(from, to, device folder, file name) for each file that is missing or different at `to`, and each file
        `to` still has that its owner deleted (name '' then: a deletion to pass on)."""
        work = []
        for owner_id, owner in self._owners().items():
            source = owner.view / owner_id
            names = {p.name: p.stat().st_size for p in source.iterdir() if not p.name.startswith(".")} \
                if source.is_dir() else {}
            for other in self.devices:
                if other is owner:
                    continue
                target = other.view / owner_id
                have = {p.name: p.stat().st_size for p in target.iterdir()} if target.is_dir() else {}
                for name, size in names.items():
                    if have.get(name) != size:
                        work.append((owner, other, owner_id, name))
                for name in have:
                    if name not in names and not name.startswith(".") and "conflicted" not in name:
                        work.append((owner, other, owner_id, "-" + name))
        return sorted(work, key=lambda w: (w[0].name, w[1].name, w[3]))

    def step(self) -> bool:
        work = self.pending()
        if not work:
            return False
        owner, other, folder, name = self.rng.choice(work)
        target = other.view / folder
        target.mkdir(parents=True, exist_ok=True)
        if name.startswith("-"):
            (target / name[1:]).unlink(missing_ok=True)
            return True
        raw = (owner.view / folder / name).read_bytes()
        roll = self.rng.random()
        if roll < 0.15:  # arrives in pieces: a prefix now, the rest later
            (target / name).write_bytes(raw[: self.rng.randrange(0, max(1, len(raw)))])
        elif roll < 0.22:  # a tool's own temporary file beside it
            (target / f".syncthing.{name}.tmp").write_bytes(raw[: len(raw) // 2])
        elif roll < 0.28:  # a conflicted copy, as Dropbox names it
            (target / name.replace(".json.gz", " (conflicted copy 2026-06-01).json.gz")).write_bytes(raw)
            (target / name).write_bytes(raw)
        else:
            (target / name).write_bytes(raw)
        return True

    def deliver_all(self) -> None:
        for owner, other, folder, name in self.pending():
            target = other.view / folder
            target.mkdir(parents=True, exist_ok=True)
            if name.startswith("-"):
                (target / name[1:]).unlink(missing_ok=True)
            else:
                shutil.copyfile(owner.view / folder / name, target / name)


@dataclass
class Run:
    """One randomised run: what happened, and what each device acknowledged."""

    seed: int
    devices: list[Device]
    acknowledged: list[tuple[str, int]] = field(default_factory=list)  # (device, interaction id) logged
    destructive: bool = False  # a removal or an undo happened: an acknowledged interaction may rightly be gone
    log: list[str] = field(default_factory=list)


def simulate(seed: int, root: Path, devices: int = 2, steps: int = 40) -> Run:
    rng = random.Random(seed)  # with device ids, ranges and clocks below: a seed replays a run exactly
    run = Run(seed, [Device(f"d{n}", root / f"view{n}") for n in range(devices)])
    for device in run.devices:
        device.view.mkdir(parents=True)
    copier = Copier(run.devices, rng)
    clock = [START]
    # Each computer's own clock: some are hours off (stamps.py orders their changes all the same).
    skews: dict[str, int] = {}

    def device_clock(device: str) -> int:
        if device not in skews:
            skews[device] = rng.choice([0, 0, 0, 3 * 3600_000, -2 * 3600_000])
        return int(clock[0].timestamp() * 1000) + skews[device]

    def now():
        clock[0] += timedelta(seconds=rng.randrange(1, 600))
        return clock[0]

    saved = stamps.wall_ms, engine.now_utc, engine.chance
    stamps.wall_ms, engine.now_utc, engine.chance = device_clock, lambda: clock[0], random.Random(seed)
    try:
        return _play(run, rng, copier, now, steps)
    finally:
        stamps.wall_ms, engine.now_utc, engine.chance = saved


def _play(run: Run, rng: random.Random, copier: Copier, now, steps: int) -> Run:

    # Some computers have a history before they join.
    for device in run.devices:
        for _ in range(rng.randrange(0, 3)):
            _act(device, rng, run, now(), kinds=("add", "log"))
    run.devices[0].history and engine.init(run.devices[0].history, run.devices[0].view, "d0")
    for device in run.devices[1:]:
        copier.deliver_all()
        engine.init(device.history, device.view, device.name, join_other=True)
        offset = engine.state_of(device.history.read().manifest)["range"] * engine.RANGE  # its ids moved
        run.acknowledged = [(name, logged + offset if name == device.name else logged)
                            for name, logged in run.acknowledged]
    for _ in range(steps):
        roll = rng.random()
        if roll < 0.45:
            _act(rng.choice(run.devices), rng, run, now())
        elif roll < 0.85:
            for _ in range(rng.randrange(1, 4)):
                copier.step()
        else:
            engine.pull(rng.choice(run.devices).history)
    for _ in range(12):  # everything arrives in the end; fix-ups made on merging sync too
        copier.deliver_all()
        merged = sum(engine.pull(device.history)["merged"] for device in run.devices)
        if not merged and not copier.pending():
            break
    return run


EVERYTHING = ("add", "add", "log", "log", "log", "note", "tag", "handle", "rm", "merge", "undo", "redo")
NOTHING_REMOVED = ("add", "add", "log", "log", "log", "note", "tag", "handle", "merge")


def _act(device: Device, rng: random.Random, run: Run, when: datetime, kinds=None) -> None:
    kind = rng.choice(kinds or (NOTHING_REMOVED if run.seed % 3 == 0 else EVERYTHING))
    people = device.people()
    try:
        if kind == "add" or (not people and kind != "undo"):
            handles = [("x", rng.choice(HANDLES))] if rng.random() < 0.6 else []
            with device.history.change("add") as tx:
                add_person(tx, rng.choice(NAMES), handles, now=when)
        elif kind == "log":
            person = rng.choice(people)
            with device.history.change("log") as tx:
                logged = log_interaction(tx, person, rng.choice(["message", "call", "favor-given"]), at=when,
                                         note=f"n{rng.randrange(1000)}", now=when)
            run.acknowledged.append((device.name, logged))
        elif kind == "note":
            with device.history.change("note") as tx:
                edit_person(tx, rng.choice(people), note=f"note {rng.randrange(100)}", now=when)
        elif kind == "tag":
            with device.history.change("tag") as tx:
                edit_person(tx, rng.choice(people), add_tags=[rng.choice(["work", "friend", "vc"])], now=when)
        elif kind == "handle":
            with device.history.change("handle") as tx:
                add_identities(tx, rng.choice(people), [("linkedin", rng.choice(HANDLES))], now=when)
        elif kind == "rm":
            run.destructive = True
            with device.history.change("rm") as tx:
                remove_person(tx, rng.choice(people))
        elif kind == "merge" and len(people) > 1:
            keep, drop = rng.sample(people, 2)
            with device.history.change("merge") as tx:
                merge_people(tx, keep, drop, now=when)
        elif kind == "undo":
            run.destructive = True
            device.history.undo()
        elif kind == "redo":
            device.history.redo()
        run.log.append(f"{device.name} {kind}")
    except AcquaintError as refused:  # an identity another person holds, nothing to undo: as the CLI would say
        run.log.append(f"{device.name} {kind} refused: {refused}")


def problems(run: Run) -> list[str]:
    """What is wrong once everything arrived: histories that differ, broken invariants, lost acknowledged writes."""
    found = []
    states = [device.state() for device in run.devices]
    for device, state in zip(run.devices[1:], states[1:], strict=True):
        if state != states[0]:
            differing = {table: sorted(set(state[table]) ^ set(states[0][table]) |
                                       {k for k in state[table].keys() & states[0][table].keys()
                                        if state[table][k] != states[0][table][k]})[:5] for table in state}
            found.append(f"{device.name} differs from d0: {differing}")
    for device in run.devices:
        snapshot = device.history.read()
        data = device.state()
        people = data["people"]
        for interaction_id, interaction in data["interactions"].items():
            if str(interaction["person"]) not in people:
                found.append(f"{device.name}: interaction {interaction_id} of a person who is not there")
        claimed: dict[tuple, str] = {}
        for person_id, person in people.items():
            for kind, values in person["handles"].items():
                for value in values:
                    if (kind, value) in claimed:
                        found.append(f"{device.name}: {kind}:{value} claimed by {claimed[kind, value]} and {person_id}")
                    claimed[kind, value] = person_id
                    if snapshot.index.find(kind, value) != int(person_id):
                        found.append(f"{device.name}: the index does not find {kind}:{value} at {person_id}")
        if snapshot.counts != {"people": len(people), "interactions": len(data["interactions"])}:
            found.append(f"{device.name}: counts {snapshot.counts} for {len(people)} people")
    if not run.destructive:
        for name, interaction_id in run.acknowledged:
            if str(interaction_id) not in states[0]["interactions"]:
                found.append(f"interaction {interaction_id} logged on {name} is gone")
    return found
