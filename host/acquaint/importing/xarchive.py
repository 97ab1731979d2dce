"""The X (Twitter) archive: the owner (account.js), followers and following (numeric ids only), and direct
messages, one-to-one and group. People are kept by numeric id, so that a DM page, whose URL holds the id,
matches; a handle is attached when one is learnt later (a DM page, an import of contacts)."""

from __future__ import annotations

import json
from typing import Callable

from ..errors import InvalidHandle
from ..handles import normalize_x_id
from .archive import Export, ImportFailed
from .batch import Batch
from .formats import parse_export_date


def read_data(export: Export, name: str) -> list:
    """A `window.YTD.<name>.part0 = [ … ]` file: the JSON after the first '='."""
    text = export.read_text(name)
    _, equals, payload = text.partition("=")
    try:
        data = json.loads(payload if equals else text)
    except json.JSONDecodeError as error:
        raise ImportFailed(f"{name} is not an X archive data file (line {error.lineno}: {error.msg})") from None
    if not isinstance(data, list):
        raise ImportFailed(f"{name} is not an X archive data file (expected a list)")
    return data


def _x_id(value) -> tuple[str, str] | None:
    try:
        return ("x_id", normalize_x_id(str(value)))
    except InvalidHandle:
        return None


def read(export: Export, options: dict, progress: Callable[[str, int], None]) -> Batch:
    if not export.has("account.js"):
        raise ImportFailed(f"{export.path} has no data/account.js; is it the archive from X's Settings > Your "
                           "account > Download an archive of your data?")
    accounts = [entry.get("account", {}) for entry in read_data(export, "account.js")]
    owner_id = str(accounts[0].get("accountId", "")) if accounts else ""
    if not owner_id:
        raise ImportFailed("account.js names no account; the archive is incomplete")
    batch = Batch("x")
    keep_words = options.get("keep_words", 0)
    for name, field in (("follower.js", "follower"), ("following.js", "following")):
        if export.has(name):
            for number, entry in enumerate(read_data(export, name), 1):
                identity = _x_id(entry.get(field, {}).get("accountId"))
                if identity is None:
                    batch.skip(name, None, "an entry without a numeric accountId")
                    continue
                # No dates in these files, so no interaction: the person is kept for later matching.
                batch.person("", [identity], origin=f"{name} entry {number}")
    for name, group in (("direct-messages.js", False), ("direct-messages-group.js", True)):
        if export.has(name):
            _messages(export, name, group, owner_id, batch, keep_words, progress)
    return batch


def _messages(export, name, group, owner_id, batch, keep_words, progress) -> None:
    count = 0
    for entry in read_data(export, name):
        conversation = entry.get("dmConversation", {})
        conversation_id = str(conversation.get("conversationId", ""))
        for message in conversation.get("messages", []):
            create = message.get("messageCreate")
            if not create:
                continue  # joins, leaves, renames: no contact
            count += 1
            if count % 50_000 == 0:
                progress(name, count)
            sender = str(create.get("senderId", ""))
            when = parse_export_date(create.get("createdAt", ""))
            where = f"{name} conversation {conversation_id}"
            if when is None:
                batch.skip(name, None, "a message without a readable createdAt", str(create.get("createdAt")))
                continue
            key = f"x:dm:{create.get('id') or conversation_id + ':' + create.get('createdAt', '')}"
            note = " ".join(str(create.get("text", "")).split()[:keep_words]) if keep_words else ""
            if sender != owner_id:
                identity = _x_id(sender)
                if identity is None:
                    batch.skip(name, None, "a message without a numeric senderId")
                    continue
                number = batch.person("", [identity], origin=where)
                batch.interaction(number, "message", "in", when, key, note)
            elif group:
                batch.skip(name, None, "sent by you to a group (counted only as contact from each sender)")
            else:
                identity = _x_id(create.get("recipientId"))
                if identity is None:
                    batch.skip(name, None, "a message without a numeric recipientId")
                    continue
                number = batch.person("", [identity], origin=where)
                batch.interaction(number, "message", "out", when, key, note)
