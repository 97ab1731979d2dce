"""What the native host does with each request: dispatch, validation, the history, and the verdict.

The host is long-lived (one process per browser port), so it keeps the parsed history and its index in memory
and reloads them only when the file changed (a new inode, size or mtime: every write replaces the file).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from . import __version__, config, kinds
from .asks import Ask, cannot_tell, detect
from .dates import now_utc, parse_iso, to_iso
from .errors import (
    AcquaintError,
    Conflict,
    HistoryBusy,
    HistoryCorrupted,
    HistoryTooNew,
    InvalidDate,
    InvalidValue,
    SettingsInvalid,
    UnknownPerson,
)
from .guesses import settle
from .handles import display
from .history import History, Snapshot, Transaction, request_of
from .interactions import log_interaction
from .matching import Match, find
from .messages import (
    MAX_TEXT_CHARS,
    PROTOCOL_VERSION,
    PersonRef,
    ProtocolError,
    bad,
    bool_field,
    check_id,
    describe,
    page_request,
    person_ref,
    request_id,
    text_field,
)
from .people import (
    CLOSENESS_LEVELS,
    add_identities,
    add_person,
    edit_person,
    identities_of,
    is_placeholder_name,
    search,
)
from .relationship import Assessment, assess
from .schema import DISMISSED, INTERACTIONS, PEOPLE
from .store import StaleSnapshot
from .verdict import make_verdict

log = logging.getLogger("acquaint.host")

RECENT_LIMIT = 10
READ_ATTEMPTS = 5
SEARCH_LIMIT = 10


def error_response(request_id_value, code: str, message: str) -> dict:
    return {"id": request_id_value, "ok": False, "error": {"code": code, "message": message}}


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


class HostService:
    def __init__(self, history: History | None = None, clock: Callable[[], datetime] = now_utc,
                 source: str = "browser"):
        self.history = history or History()
        self.clock = clock
        self.source = source  # recorded with each interaction: where it came from
        self.handlers = {
            "hello": self.hello,
            "check": self.check,
            "log": self.log,
            "closeness": self.closeness,
            "person": self.person,
            "forget": self.forget,
            "match": self.match,
            "detect": self.detect,
            "people": self.people,
        }

    # -- the history ---------------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current version: cheap while nothing changed (History.read keeps it, the store its parts)."""
        return self.history.read()

    def change(self, description: str):
        return self.history.change(description)

    # -- dispatch -----------------------------------------------------------------------------------

    def respond(self, message: dict) -> dict:
        """The response to one decoded request. Never raises."""
        rid = request_id(message)
        try:
            check_id(message)
            kind = message.get("type")
            handler = self.handlers.get(kind) if isinstance(kind, str) else None
            if handler is None:
                known = ", ".join(self.handlers)
                raise ProtocolError("unknown_type", f"unknown message type {describe(kind)}; the host knows: {known}")
            for _ in range(READ_ATTEMPTS):
                try:
                    return {"id": rid, "ok": True, **handler(message)}
                except StaleSnapshot:
                    continue  # another program pruned the version being read meanwhile: read the new one
            raise HistoryBusy("the history kept changing while it was read; try again")
        except ProtocolError as error:
            return error_response(rid, error.code, str(error))
        except AcquaintError as error:
            return error_response(rid, error.code, str(error))
        except Exception:  # a bug: keep serving, and leave the details in the log
            log.exception("internal error answering %s", describe(message.get("type")))
            return error_response(rid, "internal", "internal error in acquaint-host; details are in its log")

    # -- people -------------------------------------------------------------------------------------

    @staticmethod
    def _found(snapshot: Snapshot, ref: PersonRef) -> Match:
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
            raise bad(f"the page shows only the name {ref.display_name!r}: nothing can be filed under a bare name; "
                      "name the person by handle, id, profile URL or history_id")
        match = self._found(tx, ref)
        if match.person_id is None:
            person_id = add_person(tx, ref.display_name, list(ref.identities), now=now)
            settle(tx, person_id, ref.identities)
            return person_id, False, match
        self._learn(tx, match.person_id, self._learning(tx, ref, match), now)
        return match.person_id, True, match

    @staticmethod
    def _assess(snapshot: Snapshot, person_id: int | None, ref: PersonRef | None, now: datetime,
                thresholds: config.Thresholds, exclude_key: str | None = None) -> Assessment:
        if person_id is None:
            return assess(0, {"name": ref.display_name, "closeness": None}, [], now, thresholds)
        interactions = [i for i in snapshot.interactions_of(person_id) if not exclude_key or i["key"] != exclude_key]
        return assess(person_id, snapshot.people[person_id], interactions, now, thresholds)

    @staticmethod
    def _settings() -> dict:
        try:
            return config.load()
        except InvalidValue as error:
            raise SettingsInvalid(str(error)) from None

    # -- message types ------------------------------------------------------------------------------

    def hello(self, message: dict) -> dict:
        history = {"path": str(self.history.path), "people": None, "interactions": None, "error": None}
        try:
            snapshot = self.snapshot()
            history["people"] = len(snapshot.people)
            history["interactions"] = snapshot.interaction_count
        except (HistoryCorrupted, HistoryTooNew) as error:
            history["error"] = {"code": error.code, "message": str(error)}
        try:
            settings = {"record_asks": bool(self._settings().get("record_asks", True))}
        except SettingsInvalid as error:
            settings = {"record_asks": None, "error": {"code": "settings_invalid", "message": str(error)}}
        log.info("hello from extension %s (protocol %s)", describe(message.get("extension_version"), 20),
                 describe(message.get("protocol"), 20))
        return {"type": "hello", "host_version": __version__, "protocol": PROTOCOL_VERSION,
                "history": history, "settings": settings}

    def check(self, message: dict) -> dict:
        ref = person_ref(message)
        page = page_request(message)
        wants_record = bool_field(message, "record", True)
        now = self.clock()
        # A profile or a link asks nothing, whatever text came with it.
        ask = None if page.read_only else detect(page.text, page.hints)
        snapshot = self.snapshot()
        match = self._found(snapshot, ref)
        person_id = match.person_id
        known = person_id is not None
        recorded = dismissed = False
        key = ask_key(person_id, ask) if ask and person_id is not None else None
        if key and snapshot.is_dismissed(person_id, key):
            dismissed = True
        settings = self._settings()  # read once per check: it is a file on disk
        record = (ask is not None and wants_record and not dismissed and settings.get("record_asks", True)
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
        assessment = self._assess(snapshot, person_id, ref, now, config.load_thresholds(settings), exclude_key=key)
        unread = None if ask or page.read_only else cannot_tell(page.text)
        verdict = make_verdict(assessment, ask, now, known=known, person_id=person_id, group=page.group,
                               recorded=recorded, dismissed=dismissed, context=page.context,
                               relation=ref.relation, match=match.as_json(snapshot), name_only=ref.name_only,
                               unread_language=unread)
        if busy:
            verdict["flags"].append("history_busy")
        return {"type": "verdict", "verdict": verdict}

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

    def log(self, message: dict) -> dict:
        ref = person_ref(message)
        kind = message.get("kind")
        if not isinstance(kind, str) or kind not in kinds.KINDS:
            raise bad(f"'kind' must be one of {', '.join(kinds.KINDS)}")
        direction = message.get("direction")
        if direction is not None and direction not in kinds.DIRECTIONS:
            raise bad(f"'direction' must be one of {', '.join(kinds.DIRECTIONS)}")
        note = text_field(message, "note", "")
        now = self.clock()
        at = now
        if message.get("at") is not None:
            try:
                at = parse_iso(text_field(message, "at", ""), now)
            except InvalidDate as error:
                raise bad(f"'at': {error}") from None
            if at > now:
                raise bad("'at' is in the future")
        kinds.check(kind, direction)
        with self.change(f"{self.source}: log {kind} with {ref.display_name}") as tx:
            person_id, known, match = self._ensure_person(tx, ref, now)
            interaction = log_interaction(tx, person_id, kind, direction=direction, at=at, note=note,
                                          source=f"{self.source}:{ref.platform}", now=now,
                                          via=display(*match.identity) if match.probable else None)
            name = tx.people[person_id]["name"]
        return {"type": "logged", "interaction": interaction,
                "person": {"id": person_id, "name": name, "known": known}}

    def closeness(self, message: dict) -> dict:
        ref = person_ref(message)
        level = message.get("closeness")
        if level is not None and level not in CLOSENESS_LEVELS:
            raise bad(f"'closeness' must be one of {', '.join(CLOSENESS_LEVELS)} or null")
        now = self.clock()
        with self.change(f"{self.source}: closeness of {ref.display_name}") as tx:
            person_id, known, _ = self._ensure_person(tx, ref, now)
            edit_person(tx, person_id, closeness=level, clear_closeness=level is None, now=now)
            name = tx.people[person_id]["name"]
        return {"type": "closeness", "closeness": level, "person": {"id": person_id, "name": name, "known": known}}

    def person(self, message: dict) -> dict:
        ref = person_ref(message)
        snapshot = self.snapshot()
        match = self._found(snapshot, ref)
        person_id = match.person_id
        if person_id is None:
            return {"type": "person", "person": None, "summary": None, "level": None, "score": None, "recent": [],
                    "match": None}
        now = self.clock()
        assessment = self._assess(snapshot, person_id, ref, now, config.load_thresholds(self._settings()))
        person, summary = assessment.person, assessment.summary
        recent = [{k: i[k] for k in ("kind", "direction", "at", "note")}
                  for i in reversed(snapshot.interactions_of(person_id)[-RECENT_LIMIT:])]
        as_json = summary.as_json()
        return {
            "type": "person",
            "person": {"id": person_id, "name": person["name"], "known": True, "ignored": person.get("ignored", False),
                       "closeness": person.get("closeness"),
                       "identities": [display(*i) for i in identities_of(person)]},
            "summary": {
                "first_contact": as_json["first_contact"], "last_two_way": as_json["last_two_way"],
                "contacts_in": summary.contacts_in, "contacts_out": summary.contacts_out,
                "favors_given": len(summary.favors_given), "favors_received": len(summary.favors_received),
                "asks_from_them": len(summary.asks_from_them),
            },
            "level": assessment.level,
            "score": assessment.score.total,
            "recent": recent,
            "match": match.as_json(snapshot),
        }

    def forget(self, message: dict) -> dict:
        scope = message.get("scope")
        if scope not in ("request", "person"):
            raise bad("'scope' must be 'request' or 'person'")
        ref = person_ref(message)
        now = self.clock()
        if scope == "person":
            with self.change(f"{self.source}: ignore {ref.display_name}") as tx:
                person_id, _, _ = self._ensure_person(tx, ref, now)
                tx.update(PEOPLE, person_id, {"ignored": True})
            return {"type": "forgotten", "scope": "person", "removed": 0}
        page = page_request(message)
        ask = detect(page.text, page.hints)
        if ask is None:
            raise bad("'request.text' asks nothing, so there is no request to forget")
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
        return {"type": "forgotten", "scope": "request", "removed": len(removed)}

    def match(self, message: dict) -> dict:
        """The user's answer to a probable match: the same person (the page's identity becomes theirs), or
        someone else (a new person with that identity, taking what was recorded under the guess)."""
        ref = person_ref(message)
        candidate = message.get("candidate")
        same = message.get("same")
        if isinstance(candidate, bool) or not isinstance(candidate, int):
            raise bad("'candidate' must be the id of the person the match proposed")
        if not isinstance(same, bool):
            raise bad("'same' must be true or false")
        if not ref.identities:
            raise bad("'person' must carry the page's identity (handle, member_id, id or url)")
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
        return {"type": "matched", "same": same, "person": {"id": person_id, "name": name}, "moved": moved}

    def detect(self, message: dict) -> dict:
        """Is this text an ask? For text the user selected anywhere: nothing is looked up or recorded."""
        text = text_field(message, "text", "", required=True, limit=MAX_TEXT_CHARS)
        ask = detect(text, ())
        return {"type": "detected", "ask": ask.kind if ask else None, "evidence": ask.evidence if ask else None,
                "unread_language": None if ask else cannot_tell(text)}

    def people(self, message: dict) -> dict:
        """People whose name, alias, handle or email matches a query, for choosing who sent a text."""
        query = text_field(message, "query", "", required=True, limit=200)
        snapshot = self.snapshot()
        now = self.clock()
        thresholds = config.load_thresholds(self._settings())
        found = []
        for person_id in search(snapshot, query)[:SEARCH_LIMIT]:
            assessment = self._assess(snapshot, person_id, None, now, thresholds)
            found.append({"id": person_id, "name": snapshot.people[person_id]["name"],
                          "identities": [display(*i) for i in identities_of(snapshot.people[person_id])],
                          "level": assessment.level, "score": assessment.score.total})
        return {"type": "people", "people": found}
