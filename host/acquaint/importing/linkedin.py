"""LinkedIn's "Get a copy of your data" export: connections, messages, invitations, recommendations and
endorsements. Column layouts are in shared/FACTS.md; older exports lack the URL column and the preamble."""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache
from typing import Callable

from ..errors import InvalidHandle
from ..handles import normalize_email, normalize_linkedin
from ..index import fold
from .archive import Export, ImportFailed
from .batch import Batch
from .formats import export_time, parse_export_date

FILES = ("Connections.csv", "messages.csv", "Invitations.csv", "Recommendations_Received.csv",
         "Recommendations_Given.csv", "Endorsement_Received_Info.csv", "Endorsement_Given_Info.csv")


@lru_cache(maxsize=65536)  # a messages file names the same few thousand profiles a hundred thousand times
def _linkedin(url: str) -> tuple[str, str] | None:
    url = (url or "").strip()
    if not url:
        return None
    try:
        return ("linkedin", normalize_linkedin(url if "/in/" in url else f"linkedin.com/in/{url}"))
    except InvalidHandle:
        return None


def _email(value: str) -> tuple[str, str] | None:
    try:
        return ("email", normalize_email(value)) if value and value.strip() else None
    except InvalidHandle:
        return None


def _name(row: dict, first: str = "First Name", last: str = "Last Name") -> str:
    return " ".join(f"{row.get(first, '')} {row.get(last, '')}".split())


def _dated(batch: Batch, name: str, line: int, row: dict, column: str):
    """The row's date, or None after recording the row as skipped."""
    when = parse_export_date(row[column])
    if when is None:
        batch.skip(name, line, f"{column!r} is not a date between 1900 and ten years from now", row[column])
    return when


def _first_words(text: str, words: int) -> str:
    return " ".join((text or "").split()[:words])


def read(export: Export, options: dict, progress: Callable[[str, int], None]) -> Batch:
    if not any(export.has(name) for name in FILES):
        raise ImportFailed(f"{export.path} holds none of LinkedIn's files ({', '.join(FILES)}); is it the "
                           "export from LinkedIn's Settings > Data privacy > Get a copy of your data?")
    batch = Batch("linkedin")
    if export.has("Connections.csv"):
        _connections(export, batch)
    if export.has("messages.csv"):
        _messages(export, batch, options.get("keep_words", 0), progress)
    if export.has("Invitations.csv"):
        _invitations(export, batch, options.get("keep_words", 0))
    for name, direction in (("Recommendations_Received.csv", "in"), ("Recommendations_Given.csv", "out")):
        if export.has(name):
            _recommendations(export, batch, name, direction)
    for name, direction, role in (("Endorsement_Received_Info.csv", "in", "Endorser"),
                                  ("Endorsement_Given_Info.csv", "out", "Endorsee")):
        if export.has(name):
            _endorsements(export, batch, name, direction, role)
    return batch


def _connections(export: Export, batch: Batch) -> None:
    name = "Connections.csv"
    for line, row in export.rows(name, ("First Name", "Last Name", "Connected On")):
        person_name = _name(row)
        profile = _linkedin(row.get("URL", ""))
        identities = [i for i in (profile, _email(row.get("Email Address", ""))) if i]
        if not person_name and not identities:
            batch.skip(name, line, "no name and no profile URL")
            continue
        when = _dated(batch, name, line, row, "Connected On")
        if when is None:
            continue
        role = " at ".join(part for part in (row.get("Position", "").strip(), row.get("Company", "").strip()) if part)
        number = batch.person(person_name, identities, note=role, origin=(name, line))
        # Keyed by name and date, which every export has: older ones have no URL column.
        key = f"linkedin:connected:{fold(person_name)}:{row['Connected On'].strip()}"
        batch.interaction(number, "connected", "both", when, key)


def _messages(export: Export, batch: Batch, keep_words: int, progress) -> None:
    name = "messages.csv"
    # The export's owner takes part in every conversation: the profile in the most conversations is theirs. The
    # file is read through once to find them, keeping of each row only what is used after: the profiles as
    # shared identities, the text as a digest (200,000 messages kept whole take hundreds of megabytes). Rows are
    # read as lists, not dicts: a dict per row was a tenth of a large import's time.
    header, lines = export.table(name, ("CONVERSATION ID", "FROM", "SENDER PROFILE URL", "DATE"))
    width = len(header)
    at = {column: header.index(column) if column in header else width for column in _MESSAGE_COLUMNS}
    conversation_at, from_at, sender_at, to_at = at["CONVERSATION ID"], at["FROM"], at["SENDER PROFILE URL"], at["TO"]
    recipients_at, date_at, content_at, draft_at = (at["RECIPIENT PROFILE URLS"], at["DATE"], at["CONTENT"],
                                                    at["IS MESSAGE DRAFT"])
    padding = [""] * (width + 1)  # a missing column reads as empty, as a short row's cells do
    rows = []
    taking_part: dict[str, set] = {}  # conversation id -> the profiles in it
    names: dict[str, str] = {}  # one copy of each name, however many messages carry it
    sha1 = hashlib.sha1
    for count, (line, cells) in enumerate(lines, 1):
        if len(cells) <= width:
            cells = cells + padding[len(cells):]
        sender = _linkedin(cells[sender_at])
        recipients = [r for r in map(_linkedin, cells[recipients_at].split(",")) if r]
        conversation = cells[conversation_at]
        in_it = taking_part.get(conversation)
        if in_it is None:
            in_it = taking_part[conversation] = set()
        in_it.add(sender)
        in_it.update(recipients)
        body = cells[content_at]
        draft = cells[draft_at].strip().lower() in ("yes", "true")
        from_name, to_name = cells[from_at], cells[to_at]
        rows.append((line, conversation, cells[date_at], names.setdefault(from_name, from_name),
                     names.setdefault(to_name, to_name), sender, recipients,
                     sha1(body.encode("utf-8")).hexdigest()[:10],
                     _first_words(body, keep_words) if keep_words else "", draft))
        if count % 50_000 == 0:
            progress(name, count)
    conversations_of = Counter(who for in_it in taking_part.values() for who in in_it if who)
    if not conversations_of:
        return
    owner = conversations_of.most_common(1)[0][0]
    for line, conversation, date, from_name, to_name, sender, recipients, digest, note, draft in rows:
        if draft:
            batch.skip(name, line, "a draft, never sent")
            continue
        when = export_time(date)
        if when is None:
            batch.skip(name, line, "'DATE' is not a date between 1900 and ten years from now", date)
            continue
        others = [r for r in recipients if r != owner]
        who = sender[1] if sender else ""
        key = f"linkedin:message:{conversation}:{date.strip()}:{who}:{digest}"
        if sender and sender != owner:
            number = batch.person(from_name, [sender], origin=(name, line))
            batch.interaction(number, "message", "in", when, key, note)
        elif sender == owner and len(others) == 1:
            number = batch.person(to_name, others, origin=(name, line))
            batch.interaction(number, "message", "out", when, key, note)
        elif sender == owner:
            batch.skip(name, line, "sent by you to a group (counted only as contact from each sender)")
        else:
            batch.skip(name, line, "no sender profile URL")


_MESSAGE_COLUMNS = ("CONVERSATION ID", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS", "DATE",
                    "CONTENT", "IS MESSAGE DRAFT")


def _invitations(export: Export, batch: Batch, keep_words: int) -> None:
    name = "Invitations.csv"
    for line, row in export.rows(name, ("From", "To", "Sent At", "Direction")):
        direction = row["Direction"].strip().upper()
        if direction not in ("INCOMING", "OUTGOING"):
            batch.skip(name, line, "unknown Direction", row["Direction"])
            continue
        message = row.get("Message", "").strip()
        if not message:
            batch.skip(name, line, "an invitation without a message (an accepted one is in Connections.csv)")
            continue
        when = _dated(batch, name, line, row, "Sent At")
        if when is None:
            continue
        incoming = direction == "INCOMING"
        person_name = row["From"] if incoming else row["To"]
        profile = _linkedin(row.get("inviterProfileUrl" if incoming else "inviteeProfileUrl", ""))
        number = batch.person(person_name, [profile] if profile else [], origin=(name, line))
        key = f"linkedin:invitation:{direction.lower()}:{fold(person_name)}:{row['Sent At'].strip()}"
        note = "invitation" + (f": {_first_words(message, keep_words)}" if keep_words else "")
        batch.interaction(number, "message", "in" if incoming else "out", when, key, note)


def _recommendations(export: Export, batch: Batch, name: str, direction: str) -> None:
    for line, row in export.rows(name, ("First Name", "Last Name", "Creation Date")):
        person_name = _name(row)
        if not person_name:
            batch.skip(name, line, "no name")
            continue
        when = _dated(batch, name, line, row, "Creation Date")
        if when is None:
            continue
        # No profile URL in these files: the person is matched by exact name (uncertain ones are listed).
        number = batch.person(person_name, [], origin=(name, line))
        key = f"linkedin:recommendation-{direction}:{fold(person_name)}:{row['Creation Date'].strip()}"
        batch.interaction(number, "recommendation", direction, when, key)


def _endorsements(export: Export, batch: Batch, name: str, direction: str, role: str) -> None:
    first, last, url = f"{role} First Name", f"{role} Last Name", f"{role} Public Url"
    for line, row in export.rows(name, ("Endorsement Date", "Skill Name", first, last)):
        person_name = _name(row, first, last)
        profile = _linkedin(row.get(url, ""))
        if not person_name and not profile:
            batch.skip(name, line, "no name and no profile URL")
            continue
        when = _dated(batch, name, line, row, "Endorsement Date")
        if when is None:
            continue
        number = batch.person(person_name, [profile] if profile else [], origin=(name, line))
        key = f"linkedin:endorsement-{direction}:{fold(person_name)}:{fold(row['Skill Name'])}"
        batch.interaction(number, "endorsement", direction, when, key, row["Skill Name"].strip())
