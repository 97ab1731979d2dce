"""What Acquaint does about a page or a command, knowing nothing of the wire protocol: look at a request (and
record its ask), learn who a page names, log an interaction, set closeness, ignore, dismiss a request, settle a
probable match. The native host (service.py) turns messages into these calls and their results into replies;
`acquaint check` calls them directly.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from . import config
from .asks import Ask, cannot_tell, detect
from .dates import now_utc, to_iso
from .errors import Conflict, HistoryBusy, InvalidValue, SettingsInvalid, UnknownPerson
from .give_first import GiveFirst, give_first, mirror
from .guesses import settle
from .handles import display
from .history import History, Snapshot, Transaction, request_of
from .interactions import log_interaction
from .matching import Match, find
from .people import add_identities, add_person, edit_person, identities_of, is_placeholder_name
from .refs import PageRequest, PersonRef
from .relationship import Assessment, assess
from .schema import DISMISSED, INTERACTIONS, PEOPLE
from .summary import summarize
from .verdict import ASK_PHRASES, make_verdict

log = logging.getLogger("acquaint.host")

MAX_SNOOZE_DAYS = 3650


class NameOnly(InvalidValue):
    """Nothing can be filed under a bare name."""


def ask_key(person_id: int, ask: Ask) -> str:
    """One key per distinct request: re-opening a thread, or new messages after the ask, add nothing."""
    sentence = " ".join(ask.evidence.casefold().split())
    return f"ask:{person_id}:{ask.kind}:{hashlib.sha256(sentence.encode()).hexdigest()[:20]}"


@dataclass(frozen=True)
class Learning:
    """What a page teaches about a person it surely names: identities nobody holds yet (a member id beside a
    vanity name, a handle beside an X id), and a real name for a placeholder ("X user 17…" from an archive)."""

    identities: tuple = ()
    name: str | None = None

    def __bool__(self) -> bool:
        return bool(self.identities or self.name)


class Actions:
    def __init__(self, history: History | None = None, clock: Callable[[], datetime] = now_utc,
                 source: str = "browser"):
        self.history = history or History()
        self.clock = clock
        self.source = source  # recorded with each interaction: where it came from ("browser", "cli")

    def snapshot(self) -> Snapshot:
        """The current version: cheap while nothing changed (History.read keeps it, the store its parts)."""
        return self.history.read()

    def change(self, description: str):
        return self.history.change(description)

    @staticmethod
    def found(snapshot: Snapshot, ref: PersonRef) -> Match:
        match = find(snapshot, ref)
        if ref.history_id is not None and match.person_id is None:
            raise UnknownPerson(f"there is no person #{ref.history_id} in your history")
        return match

    @staticmethod
    def _learning(snapshot: Snapshot, ref: PersonRef, match: Match) -> Learning:
        if match.person_id is None or match.probable:
            return Learning()
        person = snapshot.people[match.person_id]
        mine = set(identities_of(person))
        identities = tuple(i for i in ref.identities if i not in mine and snapshot.index.find(*i) is None)
        renamed = ref.display_name if ref.name.strip() and is_placeholder_name(person["name"]) else None
        return Learning(identities, renamed)

    @staticmethod
    def _learn(tx: Transaction, person_id: int, learning: Learning, now: datetime) -> None:
        if learning.identities:
            add_identities(tx, person_id, list(learning.identities), now=now)
            settle(tx, person_id, learning.identities)
        if learning.name:
            edit_person(tx, person_id, name=learning.name, now=now)

    def _ensure_person(self, tx: Transaction, ref: PersonRef, now: datetime) -> tuple[int, bool, Match]:
        """The person the page names, created if new; what the page taught us is learnt (see Learning).
        A probable match is used as it is, learning nothing. Returns (id, known before, match)."""
        if ref.name_only:
            raise NameOnly(f"the page shows only the name {ref.display_name!r}: nothing can be filed under a bare "
                           "name; name the person by handle, id, profile URL or history_id")
        match = self.found(tx, ref)
        if match.person_id is None:
            person_id = add_person(tx, ref.display_name, list(ref.identities), now=now)
            settle(tx, person_id, ref.identities)
            return person_id, False, match
        self._learn(tx, match.person_id, self._learning(tx, ref, match), now)
        return match.person_id, True, match

    @staticmethod
    def assess(snapshot: Snapshot, person_id: int | None, ref: PersonRef | None, now: datetime,
                thresholds: config.Thresholds, exclude_key: str | None = None) -> Assessment:
        if person_id is None:
            return assess(0, {"name": ref.display_name, "closeness": None}, [], now, thresholds)
        interactions = [i for i in snapshot.interactions_of(person_id) if not exclude_key or i["key"] != exclude_key]
        return assess(person_id, snapshot.people[person_id], interactions, now, thresholds)

    @staticmethod
    def settings() -> dict:
        try:
            return config.load()
        except InvalidValue as error:
            raise SettingsInvalid(str(error)) from None

    # -- what the browser and the CLI do ---------------------------------------------------------------------------

    def check(self, ref: PersonRef, page: PageRequest, *, record: bool = True) -> dict:
        """The verdict on a request, recording its ask (unless `record` is False or the user turned recording
        off) and learning what the page shows about the person."""
        now = self.clock()
        # A profile or a link asks nothing, whatever text came with it.
        ask = None if page.read_only else detect(page.text, page.hints)
        snapshot = self.snapshot()
        match = self.found(snapshot, ref)
        person_id = match.person_id
        known = person_id is not None
        recorded = dismissed = False
        key = ask_key(person_id, ask) if ask and person_id is not None else None
        if key and snapshot.is_dismissed(person_id, key):
            dismissed = True
        settings = self.settings()  # read once per check: it is a file on disk
        record = (ask is not None and record and not dismissed and settings.get("record_asks", True)
                  and not ref.name_only)
        busy = False
        if record and (key is None or not snapshot.has_key(person_id, key)):
            try:
                person_id, known, key, recorded, dismissed = self._record_ask(ref, ask, now)
                snapshot = self.snapshot()
            except HistoryBusy:
                busy = True  # answer now from what is on disk; the extension asks again to record it
        elif self._learning(snapshot, ref, match):
            with self.change(f"{self.source}: learn who {ref.display_name} is") as tx:
                self._learn(tx, match.person_id, self._learning(tx, ref, match), now)
            snapshot = self.snapshot()
        assessment = self.assess(snapshot, person_id, ref, now, config.load_thresholds(settings), exclude_key=key)
        unread = None if ask or page.read_only else cannot_tell(page.text)
        verdict = make_verdict(assessment, ask, now, known=known, person_id=person_id, group=page.group,
                               recorded=recorded, dismissed=dismissed, context=page.context,
                               relation=ref.relation, match=match.as_json(snapshot), name_only=ref.name_only,
                               unread_language=unread)
        if busy:
            verdict["flags"].append("history_busy")
        return verdict

    def _record_ask(self, ref: PersonRef, ask: Ask, now: datetime):
        with self.change(f"{self.source}: {ask.kind} ask from {ref.display_name}") as tx:
            person_id, known, match = self._ensure_person(tx, ref, now)
            key = ask_key(person_id, ask)
            if tx.is_dismissed(person_id, key):
                return person_id, known, key, False, True
            added = log_interaction(tx, person_id, "ask", direction="in", at=now, note=ask.evidence,
                                    source=f"{self.source}:{ref.platform}", key=key, now=now,
                                    via=display(*match.identity) if match.probable else None)
        log.info("recorded %s ask for person %s", ask.kind, person_id)
        return person_id, known, key, added is not None, False

    def log(self, ref: PersonRef, kind: str, direction: str | None, at: datetime, note: str) -> dict:
        now = self.clock()
        with self.change(f"{self.source}: log {kind} with {ref.display_name}") as tx:
            person_id, known, match = self._ensure_person(tx, ref, now)
            interaction = log_interaction(tx, person_id, kind, direction=direction, at=at, note=note,
                                          source=f"{self.source}:{ref.platform}", now=now,
                                          via=display(*match.identity) if match.probable else None)
            name = tx.people[person_id]["name"]
        return {"interaction": interaction, "person": {"id": person_id, "name": name, "known": known}}

    def set_closeness(self, ref: PersonRef, level: str | None) -> dict:
        now = self.clock()
        with self.change(f"{self.source}: closeness of {ref.display_name}") as tx:
            person_id, known, _ = self._ensure_person(tx, ref, now)
            edit_person(tx, person_id, closeness=level, clear_closeness=level is None, now=now)
            name = tx.people[person_id]["name"]
        return {"id": person_id, "name": name, "known": known}

    def ignore(self, ref: PersonRef) -> None:
        with self.change(f"{self.source}: ignore {ref.display_name}") as tx:
            person_id, _, _ = self._ensure_person(tx, ref, self.clock())
            tx.update(PEOPLE, person_id, {"ignored": True})

    def dismiss(self, ref: PersonRef, ask: Ask) -> int:
        """"Not an ask": the request's recorded ask is removed (its sentence scrubbed from every kept copy) and
        it is not recorded again. Returns how many recorded asks were removed."""
        now = self.clock()
        with self.change(f"{self.source}: dismiss a request from {ref.display_name}") as tx:
            person_id, _, match = self._ensure_person(tx, ref, now)
            key = ask_key(person_id, ask)
            asks = [i for i in tx.interactions_of(person_id) if i["key"] and request_of(i["key"]) == request_of(key)]
            removed = [i["id"] for i in asks]
            tx.remove(INTERACTIONS, removed)
            tx.to_scrub.extend(asks)  # the sentence leaves the kept versions and undo records too
            if not tx.is_dismissed(person_id, key):
                dismissal = {"key": key, "person": person_id, "at": to_iso(now)}
                if match.probable and match.identity:  # follows the user's answer to the guess, as asks do
                    dismissal["via"] = display(*match.identity)
                tx.insert(DISMISSED, dismissal)
        return len(removed)

    def answer_match(self, ref: PersonRef, candidate: int, same: bool) -> dict:
        """The user's answer to a probable match: the same person (the page's identity becomes theirs), or
        someone else (a new person with that identity, taking what was recorded under the guess)."""
        now = self.clock()
        with self.change(f"{self.source}: {ref.display_name} is {'' if same else 'not '}#{candidate}") as tx:
            if candidate not in tx.people:
                raise UnknownPerson(f"there is no person #{candidate} in your history")
            owners = {tx.index.find(*i) for i in ref.identities}
            if owners - {None, candidate}:
                raise Conflict(f"{ref.display_name} is already someone else in your history; nothing changed")
            if not same and candidate in owners:
                raise Conflict(f"{', '.join(display(*i) for i in ref.identities)} is already #{candidate}'s: you "
                               f"said so before; `acquaint alias {candidate} --remove …` takes it back")
            identities = [i for i in ref.identities if tx.index.find(*i) is None]
            if same:
                add_identities(tx, candidate, identities, now=now)
                person_id = candidate
            else:
                shown = [display(*i) for i in identities]
                rejected = tx.people[candidate].get("not_identities", [])
                tx.update(PEOPLE, candidate, {"not_identities": [*rejected, *(s for s in shown if s not in rejected)]})
                person_id = add_person(tx, ref.display_name, identities, now=now)
            moved = settle(tx, person_id, ref.identities)  # no longer a guess: it is whoever the user said
            name = tx.people[person_id]["name"]
        return {"person": {"id": person_id, "name": name}, "moved": moved}

    # -- give first -------------------------------------------------------------------------------------------

    def give_first(self) -> GiveFirst:
        snapshot = self.snapshot()
        return give_first(snapshot.people.items(), snapshot.interactions_of, self.clock())

    def leave_out(self, person_id: int, *, days: int | None = None, relevant: bool | None = None) -> dict:
        """Leave a person out of the Give-first lists for `days`, or for good (`relevant=False`), or list them
        again (`relevant=True`)."""
        if days is not None and not 1 <= days <= MAX_SNOOZE_DAYS:
            raise InvalidValue(f"a snooze lasts 1 to {MAX_SNOOZE_DAYS} days")
        with self.change(f"{self.source}: give first, leave out #{person_id}") as tx:
            if person_id not in tx.people:
                raise UnknownPerson(f"there is no person #{person_id} in your history")
            if days is not None:
                until = to_iso(self.clock() + timedelta(days=days))
                tx.update(PEOPLE, person_id, {"give_first_snoozed_until": until})
            else:
                until = None
                tx.update(PEOPLE, person_id, {"give_first_off": not relevant, "give_first_snoozed_until": None})
            name = tx.people[person_id]["name"]
        return {"id": person_id, "name": name, "snoozed_until": until, "listed": relevant is not False}

    def mirror(self, ref: PersonRef, draft: str) -> dict:
        """The user's own draft, read for an ask (nothing recorded, learnt or stored): if it asks, the user's
        standing with the person, to see before sending."""
        ask = detect(draft)
        if ask is None:
            return {"ask": None, "mirror": None}
        snapshot = self.snapshot()
        match = self.found(snapshot, ref)
        now = self.clock()
        if match.person_id is None or match.probable:
            return {"ask": ask.kind, "mirror": mirror(ref.display_name if ref.name.strip() else None, None,
                                                      ASK_PHRASES[ask.kind], now)}
        person = snapshot.people[match.person_id]
        summary = summarize(snapshot.interactions_of(match.person_id))
        return {"ask": ask.kind, "mirror": mirror(person["name"], summary, ASK_PHRASES[ask.kind], now)}
