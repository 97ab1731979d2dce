"""The native host's side of the protocol (docs/PROTOCOL.md): each message checked and turned into a call on
Actions (actions.py), each result or error turned into a reply. Nothing here touches the history directly.

The host is long-lived (one process per browser port), so it keeps the parsed history and its index in memory
and reloads them only when the file changed (a new inode, size or mtime: every write replaces the file).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from . import __version__, config, kinds
from .actions import Actions
from .asks import cannot_tell, detect
from .dates import now_utc, parse_iso
from .errors import AcquaintError, HistoryBusy, HistoryCorrupted, HistoryTooNew, InvalidDate, SettingsInvalid
from .handles import display
from .history import History, Snapshot
from .messages import (
    MAX_TEXT_CHARS,
    PROTOCOL_VERSION,
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
from .people import CLOSENESS_LEVELS, identities_of, search
from .store import StaleSnapshot

log = logging.getLogger("acquaint.host")

RECENT_LIMIT = 10
PULL_EVERY = 2.0  # seconds between looks at the sync folder
PULL_WAIT = 0.5  # seconds a merge before an answer waits for another writer (an import): then it is left for later
PULLED_BEFORE = {"hello", "check", "person", "people", "give_first", "mirror", "sync_status"}
READ_ATTEMPTS = 5
SEARCH_LIMIT = 10


def error_response(request_id_value, code: str, message: str) -> dict:
    return {"id": request_id_value, "ok": False, "error": {"code": code, "message": message}}


class HostService:
    def __init__(self, history: History | None = None, clock: Callable[[], datetime] = now_utc,
                 source: str = "browser"):
        self.actions = Actions(history, clock, source)
        self.history, self.clock = self.actions.history, clock
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
            "give_first": self.give_first,
            "mirror": self.mirror,
            "sync_status": self.sync_status,
        }

    def snapshot(self) -> Snapshot:
        return self.actions.snapshot()

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
            if kind in PULLED_BEFORE:
                self._pull()
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

    def _pull(self) -> None:
        """A synced history first takes in what the other computers wrote (at most every PULL_EVERY seconds: a
        look at the folder costs a directory listing). A problem with the folder never stands in the way of the
        answer: `sync_status` and `acquaint sync status` report it."""
        try:
            report = self.history.sync_pull(every=PULL_EVERY, wait=PULL_WAIT)
        except (AcquaintError, StaleSnapshot) as error:
            log.warning("sync: %s", error)
            return
        if report and report["merged"]:
            log.info("sync: merged %d file(s) from other computers", report["merged"])

    # -- message types ------------------------------------------------------------------------------

    def sync_status(self, message: dict) -> dict:
        from .sync import engine

        return {"type": "sync_status", "sync": engine.status(self.history)}

    def hello(self, message: dict) -> dict:
        history = {"path": str(self.history.path), "people": None, "interactions": None, "error": None}
        try:
            snapshot = self.snapshot()
            history["people"] = len(snapshot.people)
            history["interactions"] = snapshot.interaction_count
        except (HistoryCorrupted, HistoryTooNew) as error:
            history["error"] = {"code": error.code, "message": str(error)}
        try:
            settings = {"record_asks": bool(self.actions.settings().get("record_asks", True))}
        except SettingsInvalid as error:
            settings = {"record_asks": None, "error": {"code": "settings_invalid", "message": str(error)}}
        log.info("hello from extension %s (protocol %s)", describe(message.get("extension_version"), 20),
                 describe(message.get("protocol"), 20))
        return {"type": "hello", "host_version": __version__, "protocol": PROTOCOL_VERSION,
                "history": history, "settings": settings}

    def check(self, message: dict) -> dict:
        verdict = self.actions.check(person_ref(message), page_request(message),
                                     record=bool_field(message, "record", True))
        return {"type": "verdict", "verdict": verdict}

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
        return {"type": "logged", **self.actions.log(ref, kind, direction, at, note)}

    def closeness(self, message: dict) -> dict:
        ref = person_ref(message)
        level = message.get("closeness")
        if level is not None and level not in CLOSENESS_LEVELS:
            raise bad(f"'closeness' must be one of {', '.join(CLOSENESS_LEVELS)} or null")
        return {"type": "closeness", "closeness": level, "person": self.actions.set_closeness(ref, level)}

    def person(self, message: dict) -> dict:
        ref = person_ref(message)
        snapshot = self.snapshot()
        match = self.actions.found(snapshot, ref)
        person_id = match.person_id
        if person_id is None:
            return {"type": "person", "person": None, "summary": None, "level": None, "score": None, "recent": [],
                    "match": None}
        now = self.clock()
        assessment = self.actions.assess(snapshot, person_id, ref, now, config.load_thresholds(self.actions.settings()))
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
        if scope == "person":
            self.actions.ignore(ref)
            return {"type": "forgotten", "scope": "person", "removed": 0}
        page = page_request(message)
        ask = detect(page.text, page.hints)
        if ask is None:
            raise bad("'request.text' asks nothing, so there is no request to forget")
        return {"type": "forgotten", "scope": "request", "removed": self.actions.dismiss(ref, ask)}

    def match(self, message: dict) -> dict:
        ref = person_ref(message)
        candidate = message.get("candidate")
        same = message.get("same")
        if isinstance(candidate, bool) or not isinstance(candidate, int):
            raise bad("'candidate' must be the id of the person the match proposed")
        if not isinstance(same, bool):
            raise bad("'same' must be true or false")
        if not ref.identities:
            raise bad("'person' must carry the page's identity (handle, member_id, id or url)")
        return {"type": "matched", "same": same, **self.actions.answer_match(ref, candidate, same)}

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
        thresholds = config.load_thresholds(self.actions.settings())
        found = []
        for person_id in search(snapshot, query)[:SEARCH_LIMIT]:
            assessment = self.actions.assess(snapshot, person_id, None, now, thresholds)
            found.append({"id": person_id, "name": snapshot.people[person_id]["name"],
                          "identities": [display(*i) for i in identities_of(snapshot.people[person_id])],
                          "level": assessment.level, "score": assessment.score.total})
        return {"type": "people", "people": found}

    def give_first(self, message: dict) -> dict:
        """Who the user owes (give_first.py); with `snooze` or `not_relevant`, first leave someone out."""
        snooze, not_relevant = message.get("snooze"), message.get("not_relevant")
        if snooze is not None:
            if not isinstance(snooze, dict) or not _whole(snooze.get("history_id")) or not _whole(snooze.get("days")):
                raise bad("'snooze' must be {\"history_id\": a person's id, \"days\": a whole number}")
            self.actions.leave_out(snooze["history_id"], days=snooze["days"])
        if not_relevant is not None:
            if not _whole(not_relevant):
                raise bad("'not_relevant' must be a person's id")
            self.actions.leave_out(not_relevant, relevant=False)
        return {"type": "give_first", **self.actions.give_first().as_json()}

    def mirror(self, message: dict) -> dict:
        """The user's own draft: if it asks, their standing with the person. Nothing is recorded or logged."""
        draft = text_field(message, "draft", "", required=True, limit=MAX_TEXT_CHARS)
        return {"type": "mirror", **self.actions.mirror(person_ref(message), draft)}


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
