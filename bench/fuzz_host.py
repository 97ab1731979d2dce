#!/usr/bin/env python3
"""Throw seeded garbage at one real `acquaint-host` and check that every frame gets a documented answer.

usage: python bench/fuzz_host.py [--frames 20000] [--seed 1] [--timeout 5]

What it proves, for the frames a seed makes (the same frames every run: the printed digest says so):

- every frame gets exactly one reply, within --timeout seconds ("hangs" otherwise), from a host that stays up
  ("crashes" otherwise: the host is restarted and the run goes on);
- every reply is a frame of UTF-8 JSON with a boolean `ok`, echoes the request's `id` (`null` where the request
  had no usable one), and an error's `code` is one of those docs/PROTOCOL.md lists;
- where the protocol prescribes the code (a frame over 1 MiB, a body that is not UTF-8, not JSON, not an object,
  a missing or over-long id, an unknown type) it is that code; a successful reply has the type its request
  calls for;
- no frame is answered `internal` (a bug; the first few are printed with the frame that caused them);
- end of input in the middle of a header ends the host with exit code 0, and the history it wrote meanwhile
  still reads, every kept version included.

The frames: valid messages of every type in PROTOCOL.md, the same with fields mutated (wrong types, strings
over the limits, odd Unicode and lone surrogates as "\\ud800" escapes, values nested 1,000 deep and more,
integers of 5,000 digits, dates out of range, URLs with "[", missing ids, ids over 64 characters, messages
retyped to another type), unknown types with large payloads, bodies that are not JSON, not UTF-8 or empty,
frames of exactly 1 MiB, and a few over it. Frames of about 1 MiB are kept to about 1.5 % of all (over the
limit 0.5 %), so that a run sends some 18 kB a frame on average: about 350 MB at the default, through a pipe.
The history it runs against lives in a temporary ACQUAINT_HOME, seeded through the CLI so that lookups find
people, and is deleted at the end. The default run takes under a minute on 2 cores.

Exits 1 when any frame was answered `internal`, hung, crashed the host or got a reply that breaks the protocol,
when the host did not exit 0 at the end of input, or when the history does not read afterwards. Log records the
host failed to write (a "--- Logging error ---" on its stderr) are printed but do not fail the run: the reply
was right, only a line of the host's log is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import select
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))

MAX_REQUEST = 1024 * 1024   # the host's limit (frame.py); one byte more is `too_large`
MAX_RESPONSE = 1024 * 1024  # what the browser accepts from the host
MAX_ID_CHARS = 64
HEADER = struct.Struct("@I")
SHOW_FIRST = 5  # problems printed in full; the rest are only counted
# Python's JSON reader stops near 1,000 levels, less the stack it runs on: deeper than this, bad_json is fine too.
DEEP_NESTING = 800

# Each request type and the `type` of its successful reply (docs/PROTOCOL.md, "Messages").
REPLY_TYPES = {"hello": "hello", "check": "verdict", "log": "logged", "closeness": "closeness", "person": "person",
               "forget": "forgotten", "match": "matched", "detect": "detected", "people": "people"}

# The seeded history: these identities are in it, so lookups hit; anything else misses.
MEMBER_ID = "ACoAAJ4n3D0e_4a1b2cXmpl-MemberId00000"
X_ID = "1700000000000000001"
SEED_PEOPLE = [
    ("Jane Doe", ["--linkedin", "https://www.linkedin.com/in/jane-doe-4a1b2c", "--x", "@janedoe",
                  "--email", "jane@example.com"]),
    ("Sam Lee", ["--x", "@samlee", "--x-id", X_ID]),
    ("Ana Núñez", ["--linkedin", "ana-nunez-1", "--linkedin-id", MEMBER_ID]),
    ("Bob Stone", ["--x", "@bobstone", "--email", "bob@example.com"]),
    ("Chen Wei", ["--linkedin", "chen-wei-88"]),
]
X_HANDLES = ["samlee", "@janedoe", "bobstone", "SamLee"]
LINKEDIN_HANDLES = ["jane-doe-4a1b2c", "ana-nunez-1", "chen-wei-88"]
NAMES = ["Jane Doe", "Sam Lee", "Ana Nunez", "Bob Stone", "Chen Wei", "Nobody Known"]
KINDS = ["message", "call", "meeting", "favor-given", "favor-received", "ask", "recommendation", "endorsement",
         "connected"]
DIRECTIONS = ["in", "out", "both"]
CONTEXTS = ["conversation", "invitation", "recommendation_form", "post", "profile", "link", "selection"]
HINTS = ["recommendation_form", "endorsement_prompt", "repost_request", "no_such_hint"]
TEXTS = ["Hi! Great talking yesterday. Would you write me a recommendation?", "could you RT this?",
         "Loved your talk! Could you introduce me to your CTO?", "Can you endorse me for Python?",
         "Thanks for the coffee, see you soon.", "Would you leave a review of my book?", "hey", ""]
GOOD_DATES = ["2025-03-02", "2019-12-31T23:59:59Z", "3 days ago", "yesterday", "2024-02-29"]
BAD_DATES = ["0999-01-01", "1899-12-31", "9999-12-31T23:59:59Z", "2040-01-01", "0001-01-01T00:00:00+14:00",
             "999999 days ago", "-1", "2025-02-30", "+275760-09-13", "2025-13-01", "now-ish", "1e400", "",
             "2025-03-02T25:61:61Z", "99999999999999999999 days ago"]
URLS = ["https://x.com[/samlee", "http://[", "https://www.linkedin.com/in/[abc", "https://[::1]/in/x",
        "https://www.linkedin.com/in/%ff%fe", "javascript:alert(1)", "https://www.linkedin.com:99999/in/a",
        "https://www.linkedin.com/in/jane-doe-4a1b2c", "https://x.com/samlee", "https://twitter.com/bobstone/",
        f"https://www.linkedin.com/in/{MEMBER_ID}/", "https://www.linkedin.com/in/", "ftp://x.com/samlee",
        "https://x.com/" + "a" * 1990, "https://www.linkedin.com/in/jane%00doe", "//x.com/samlee"]
ODD_TEXT = ["Zoë", "李小龙", "😀", "\u202eevil", "\u200b", "\x00", "\ud800", "\udfff", "\ud83d", "a\ud800b", "\uffff",
            "\U0010ffff", "e\u0301", "ﬁ", "İ", "ß", "\n\r\t", "<script>", "' OR 1=1 --", "%s%n", "../../etc/passwd",
            "\\", '"', "\u2028"]


class Raw:
    """JSON text put into a frame as it is: what json.dumps cannot write (5,000 digits, 100,000 brackets)."""

    def __init__(self, text: str):
        self.text = text


def to_json(value, ascii_only: bool) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k), ensure_ascii=ascii_only)}: {to_json(v, ascii_only)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v, ascii_only) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


def encode_body(message: dict, rng: random.Random) -> bytes:
    # Mostly \u escapes (how a browser sends a lone surrogate); sometimes raw UTF-8, where a lone surrogate
    # becomes bytes that are not UTF-8 at all.
    ascii_only = rng.random() < 0.8
    return to_json(message, ascii_only).encode("utf-8", "surrogatepass")


# -- valid messages ---------------------------------------------------------------------------------------------

def some_id(rng: random.Random):
    return rng.randrange(1_000_000) if rng.random() < 0.5 else f"r{rng.randrange(1_000_000)}"


def member_id(tag: str) -> str:
    """A well-formed LinkedIn member id nobody in the seeded history holds (ACoAA and 10 or more characters)."""
    return "ACoAA" + tag.ljust(12, "0")


def person_for(rng: random.Random, platform: str) -> dict:
    """A person as a page shows them: mostly people in the history, some strangers (who get added)."""
    stranger = f"fuzz{rng.randrange(300)}"
    if platform == "x":
        choices = [{"handle": rng.choice(X_HANDLES)}, {"handle": stranger}, {"id": X_ID},
                   {"id": str(1_800_000_000_000_000_000 + rng.randrange(300))},
                   {"url": f"https://x.com/{rng.choice(X_HANDLES).lstrip('@')}"}, {"name": rng.choice(NAMES)}]
        person = dict(rng.choice(choices))
        if rng.random() < 0.3:
            person["relation"] = {"follows_you": rng.random() < 0.5}
    elif platform == "linkedin":
        choices = [{"handle": rng.choice(LINKEDIN_HANDLES)}, {"handle": stranger}, {"member_id": MEMBER_ID},
                   {"member_id": member_id(stranger)},
                   {"member_id": member_id(stranger + "c"), "claimed_handle": "chen-wei-88"},
                   {"url": f"https://www.linkedin.com/in/{rng.choice(LINKEDIN_HANDLES)}/"},
                   {"name": rng.choice(NAMES)}]
        person = dict(rng.choice(choices))
        if rng.random() < 0.3:
            person["relation"] = {"linkedin_degree": rng.choice([1, 2, 3])}
    else:
        person = rng.choice([{"history_id": rng.randint(1, 12)}, {"name": rng.choice(NAMES)}])
    if rng.random() < 0.5:
        person["name"] = rng.choice(NAMES)
    if rng.random() < 0.1:
        person["history_id"] = rng.randint(1, 12)
    return person


def page_for(rng: random.Random) -> dict:
    request = {"text": rng.choice(TEXTS) + (f" #{rng.randrange(50)}" if rng.random() < 0.3 else "")}
    if rng.random() < 0.5:
        request["url"] = "https://www.linkedin.com/messaging/thread/2-abc/"
    if rng.random() < 0.3:
        request["hints"] = rng.sample(HINTS, rng.randint(0, 2))
    if rng.random() < 0.2:
        request["group"] = rng.random() < 0.5
    if rng.random() < 0.4:
        request["context"] = rng.choice(CONTEXTS)
    return request


def valid_message(rng: random.Random, kind: str) -> dict:
    message = {"id": some_id(rng), "type": kind}
    platform = rng.choice(["x", "linkedin", "linkedin", "x", "web"])
    if kind == "hello":
        message.update(extension_version="0.2.0", protocol=2)
    elif kind == "check":
        message.update(platform=platform, person=person_for(rng, platform), request=page_for(rng))
        if rng.random() < 0.3:
            message["record"] = rng.random() < 0.5
    elif kind == "log":
        message.update(platform=platform, person=person_for(rng, platform), kind=rng.choice(KINDS))
        if rng.random() < 0.5:
            message["direction"] = rng.choice(DIRECTIONS)
        if rng.random() < 0.5:
            message["note"] = rng.choice(["met at PyCon", "", "call about the launch"])
        if rng.random() < 0.3:
            message["at"] = rng.choice(GOOD_DATES)
    elif kind == "closeness":
        message.update(platform=platform, person=person_for(rng, platform),
                       closeness=rng.choice([None, "stranger", "acquaintance", "established"]))
    elif kind == "person":
        message.update(platform=platform, person=person_for(rng, platform))
    elif kind == "forget":
        message.update(scope=rng.choice(["request", "person"]), platform=platform, person=person_for(rng, platform),
                       request={"text": rng.choice(TEXTS)})
    elif kind == "match":
        message.update(platform="linkedin", candidate=rng.randint(1, 12), same=rng.random() < 0.5,
                       person={"member_id": member_id(f"match{rng.randrange(100)}"), "name": rng.choice(NAMES)})
    elif kind == "detect":
        message["text"] = rng.choice(TEXTS)
    elif kind == "people":
        message["query"] = rng.choice(["jane", "x:@samlee", "https://www.linkedin.com/in/chen-wei-88",
                                       "bob@example.com", "Núñez", "zzz", "http://[", "a"])
    return message


# -- mutations ---------------------------------------------------------------------------------------------------

def wrong_type(rng: random.Random):
    return rng.choice([None, True, False, 0, -1, 2**63, 1.5, "", "x", [], {}, [1, "a"], {"a": 1}, Raw("NaN"),
                       Raw("-Infinity"), Raw("1e400"), Raw("-0")])


def huge_string(rng: random.Random) -> str:
    # Just over each limit, and a few far over (bounded: the biggest is ASCII, 900 kB).
    length = rng.choice([65, 201, 2_001, 2_001, 20_001, 20_001, 100_000])
    if rng.random() < 0.03:
        length = 900_000
    char = "x" if length > 20_001 else rng.choice(["x", "é", "😀", "\u202e"])
    return char * length


def odd_text(rng: random.Random) -> str:
    return "".join(rng.choice(ODD_TEXT) for _ in range(rng.randint(1, 4)))


def deep_value(rng: random.Random) -> Raw:
    # Python's JSON reader gives up near 1,000 levels: both sides of that, and far beyond.
    depth = rng.choice([64, 500, 900, 990, 1_000, 5_000, 20_000])
    if rng.random() < 0.03:
        depth = 100_000
    if rng.random() < 0.5:
        return Raw("[" * depth + "]" * depth)
    return Raw('{"a": ' * depth + "1" + "}" * depth)


def big_int(rng: random.Random) -> Raw:
    # Python reads at most 4,300 digits (int_max_str_digits): both sides of that, and 5,000.
    digits = rng.choice([20, 65, 400, 4_000, 4_300, 4_301, 5_000])
    return Raw(rng.choice(["", "-"]) + "9" * digits)


def bad_id(rng: random.Random):
    return rng.choice(["i" * 65, "i" * rng.randint(66, 5_000), 10**64, -(10**64), Raw("9" * 65), "\ud800", 1.5,
                       True, None, [], {"a": 1}, "é" * 64, "😀" * 64, -(10**63), "", 0])


def any_bad_value(rng: random.Random):
    maker = rng.choice([wrong_type, huge_string, odd_text, deep_value, big_int, lambda r: r.choice(BAD_DATES),
                        lambda r: r.choice(URLS), bad_id])
    return maker(rng)


def containers(value, found: list) -> list:
    """Every dict in a message, the message first."""
    if isinstance(value, dict):
        found.append(value)
        for inner in value.values():
            containers(inner, found)
    elif isinstance(value, list):
        for inner in value:
            containers(inner, found)
    return found


def mutate(rng: random.Random, message: dict) -> None:
    operation = rng.choices(["replace", "delete", "add", "id", "retype", "date", "url"],
                            weights=[8, 3, 1, 2, 1, 1, 1])[0]
    target = rng.choice(containers(message, []))
    if operation == "replace" and target:
        target[rng.choice(list(target))] = any_bad_value(rng)
    elif operation == "delete" and target:
        del target[rng.choice(list(target))]
    elif operation == "add":
        target[rng.choice(["extra", odd_text(rng), "__proto__", "id ", "Type"])] = any_bad_value(rng)
    elif operation == "id":
        if rng.random() < 0.3:
            message.pop("id", None)
        else:
            message["id"] = bad_id(rng)
    elif operation == "retype":
        message["type"] = rng.choice(list(REPLY_TYPES))  # the fields of one type under another's name
    elif operation == "date":
        message["at"] = rng.choice(BAD_DATES)
    elif operation == "url":
        person = message.get("person")
        if isinstance(person, dict):
            person["url"] = rng.choice(URLS)
        else:
            message.setdefault("request", {"text": "could you RT this?"})["url"] = rng.choice(URLS)


# -- frames ------------------------------------------------------------------------------------------------------

def frame_valid(rng: random.Random) -> bytes:
    return encode_body(valid_message(rng, rng.choice(list(REPLY_TYPES))), rng)


def frame_mutated(rng: random.Random) -> bytes:
    message = valid_message(rng, rng.choice(list(REPLY_TYPES)))
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        mutate(rng, message)
    return encode_body(message, rng)


def frame_unknown_type(rng: random.Random) -> bytes:
    kind = rng.choice(["", "HELLO", "hello ", "verdict", "unknown", "\ud800", deep_value(rng), 5, None, ["hello"]])
    payload = rng.choice(["x" * rng.choice([10, 1_000, 20_000, 100_000]), deep_value(rng), big_int(rng)])
    if rng.random() < 0.02:
        payload = "x" * 1_000_000
    return encode_body({"id": some_id(rng), "type": kind, "payload": payload}, rng)


def frame_bad_json(rng: random.Random) -> bytes:
    whole = to_json(valid_message(rng, rng.choice(list(REPLY_TYPES))), True).encode()
    return rng.choice([
        whole[: rng.randrange(1, len(whole))],  # cut short
        whole + b"}", whole + b" x", whole + whole, b"{", b"}", b"{'id': 1, 'type': 'hello'}",
        b'{"id": 1, "type": "hello",}', b'{"id": 1 "type": "hello"}', b"\xef\xbb\xbf" + whole,
        b'{"id": 1, /* c */ "type": "hello"}', b'{"id": 01, "type": "hello"}', b'{"id": 1, "type": "hel\nlo"}',
        b"\x00" * rng.randint(1, 100), bytes(rng.randrange(32, 127) for _ in range(rng.randint(1, 200))),
        "{\"id\": 1}".encode("utf-16-le"),
    ])


def frame_bad_utf8(rng: random.Random) -> bytes:
    whole = to_json(valid_message(rng, "hello"), True).encode()
    return rng.choice([
        b'{"id": 1, "type": "hello", "x": "\xff"}', '{"id": 1, "type": "caf\u00e9"}'.encode("latin-1"),
        "\ufeff{\"id\": 1}".encode("utf-16"), b'{"id": "\xed\xa0\x80", "type": "hello"}',  # a surrogate as UTF-8
        b'{"id": 1, "type": "hello", "x": "\xc0\xaf"}',  # an overlong "/"
        b'{"id": 1, "type": "hello", "x": "\xf4\x90\x80\x80"}',  # above U+10FFFF
        whole[:-2] + b"\xe2\x82",  # a character cut in half
        bytes(rng.randrange(128, 256) for _ in range(rng.randint(1, 100))),
    ])


def frame_not_object(rng: random.Random) -> bytes:
    return rng.choice([b"[]", b"1", b'"hello"', b"null", b"true", b'[{"id": 1, "type": "hello"}]', b"1e400", b"NaN",
                       b"  3  ", ("9" * 4_000).encode()])


def frame_at_limit(rng: random.Random) -> bytes:
    """A request of exactly 1 MiB: allowed, so it must be answered like any other."""
    body = to_json(valid_message(rng, rng.choice(["detect", "hello", "people", "person"])), True).encode()
    return body + b" " * (MAX_REQUEST - len(body))


def frame_oversized(rng: random.Random) -> bytes:
    size = MAX_REQUEST + rng.choice([1, 2, rng.randint(3, 256 * 1024)])
    return (b'{"id": 1, "type": "detect", "text": "' + b"x" * size)[:size]


FRAME_MAKERS = {"valid": (frame_valid, 14), "mutated": (frame_mutated, 60), "unknown_type": (frame_unknown_type, 4),
                "bad_json": (frame_bad_json, 8), "bad_utf8": (frame_bad_utf8, 5),
                "not_object": (frame_not_object, 4), "empty": (lambda rng: b"", 1),
                "at_limit": (frame_at_limit, 0.25), "oversized": (frame_oversized, 0.5)}


def make_frames(seed: int, count: int):
    """(kind, body) for each frame: depends on the seed only, never on what the host answered."""
    rng = random.Random(seed)
    kinds = list(FRAME_MAKERS)
    weights = [FRAME_MAKERS[k][1] for k in kinds]
    for _ in range(count):
        kind = rng.choices(kinds, weights=weights)[0]
        yield kind, FRAME_MAKERS[kind][0](rng)


# -- what the protocol prescribes --------------------------------------------------------------------------------

NO_ID = None


def echoed_id(message: dict):
    """The id a reply must carry: the request's, or null when it is missing or unusable (PROTOCOL.md, Shapes)."""
    value = message.get("id")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return NO_ID
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return NO_ID
        return value if len(value) <= MAX_ID_CHARS else NO_ID
    return value if len(str(abs(value))) <= MAX_ID_CHARS else NO_ID


class Wanted(NamedTuple):
    code: str | None  # the error code the protocol prescribes; None where any documented answer will do
    id: object        # the id the reply must echo
    kind: str | None  # the request's type, where it is a known one
    deep: bool = False  # nested so deep that the host's reader may refuse it as bad_json


def nesting(value) -> int:
    """How deep lists and objects nest in a parsed value (without recursing: it may be 1,000 deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((inner, depth + 1) for inner in (item.values() if isinstance(item, dict) else item))
    return deepest


def prescribed(body: bytes) -> Wanted:
    """What the protocol says the reply to `body` must be, as far as it says (PROTOCOL.md: Shapes, Error codes)."""
    if len(body) > MAX_REQUEST:
        return Wanted("too_large", NO_ID, None)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Wanted("bad_utf8", NO_ID, None)
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return Wanted("bad_json", NO_ID, None)
    if not isinstance(message, dict):
        return Wanted("not_object", NO_ID, None)
    deep = nesting(message) > DEEP_NESTING
    rid = echoed_id(message)
    if "id" not in message or rid is NO_ID:
        return Wanted("bad_request", NO_ID, None, deep)
    kind = message.get("type")
    if not isinstance(kind, str) or kind not in REPLY_TYPES:
        return Wanted("unknown_type", rid, None, deep)
    return Wanted(None, rid, kind, deep)


def documented_codes() -> set[str]:
    """The error codes in the table of docs/PROTOCOL.md, so that a code added to the host but not documented
    counts as a broken reply."""
    text = (ROOT / "docs" / "PROTOCOL.md").read_text(encoding="utf-8")
    section = text.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    codes = set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.MULTILINE))
    if not codes:
        raise SystemExit("no error codes found in docs/PROTOCOL.md")
    return codes


def judge(reply_body: bytes, wanted: Wanted, codes: set[str]) -> tuple[str, str | None]:
    """(the reply's error code or "ok:<type>", what is wrong with it or None)."""
    try:
        reply = json.loads(reply_body.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        return "unreadable", f"reply is not UTF-8 JSON: {error}"
    if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
        return "unreadable", "reply is not an object with a boolean 'ok'"
    error = reply.get("error")
    if reply["ok"]:
        outcome = f"ok:{reply.get('type')}"
    elif isinstance(error, dict) and isinstance(error.get("code"), str) and isinstance(error.get("message"), str):
        outcome = error["code"]
    else:
        return "unreadable", "error reply without a string 'error.code' and 'error.message'"
    if wanted.deep and outcome == "bad_json" and reply.get("id") is None:
        return outcome, None  # nested near the reader's limit: which side of it depends on the stack it runs on
    if "id" not in reply or reply["id"] != wanted.id or type(reply["id"]) is not type(wanted.id):
        return outcome, f"reply id {str(reply.get('id'))[:80]!r}, the request's is {str(wanted.id)[:80]!r}"
    if reply["ok"]:
        if wanted.code is not None:
            return outcome, f"answered ok where the protocol says {wanted.code}"
        if reply.get("type") != REPLY_TYPES[wanted.kind]:
            return outcome, f"a {wanted.kind} answered type {reply.get('type')!r}, not {REPLY_TYPES[wanted.kind]!r}"
        return outcome, None
    if outcome not in codes:
        return outcome, f"error code {outcome!r} is not in docs/PROTOCOL.md"
    if wanted.code is not None and outcome != wanted.code:
        return outcome, f"answered {outcome} where the protocol says {wanted.code}"
    return outcome, None


# -- the host ----------------------------------------------------------------------------------------------------

class Host:
    """One acquaint-host on pipes, spoken to without blocking, so that a silent host is a timeout, not a freeze."""

    def __init__(self, env: dict, stderr_path: Path):
        self.stderr_path = stderr_path
        with stderr_path.open("ab") as stderr:  # a file, not a pipe: its log never fills a pipe and stalls it
            self.process = subprocess.Popen([sys.executable, "-m", "acquaint.host", "fuzz_host"], env=env,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, bufsize=0)
        self.stdin = self.process.stdin.fileno()
        self.stdout = self.process.stdout.fileno()
        os.set_blocking(self.stdin, False)
        os.set_blocking(self.stdout, False)
        self.buffer = b""

    def _reply_in_buffer(self):
        if len(self.buffer) < HEADER.size:
            return None
        (length,) = HEADER.unpack(self.buffer[:HEADER.size])
        if length > MAX_RESPONSE:
            return "garbage", self.buffer[:HEADER.size]
        if len(self.buffer) < HEADER.size + length:
            return None
        body = self.buffer[HEADER.size:HEADER.size + length]
        self.buffer = self.buffer[HEADER.size + length:]
        return "reply", body

    def exchange(self, data: bytes, timeout: float) -> tuple[str, bytes | None]:
        """Send `data`, wait for one reply frame: ("reply", body), or "hang", "exit" or "garbage" (a length
        header over the browser's limit: the browser would close the port)."""
        deadline = time.monotonic() + timeout
        view, sent = memoryview(data), 0
        while True:
            found = self._reply_in_buffer()
            if found is not None and (sent == len(data) or found[0] == "garbage"):
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "hang", None
            writing = [self.stdin] if sent < len(data) else []
            readable, writable, _ = select.select([self.stdout], writing, [], remaining)
            if writable:
                try:
                    sent += os.write(self.stdin, view[sent:sent + 65536])
                except BrokenPipeError:
                    return "exit", None
            if readable:
                chunk = os.read(self.stdout, 1 << 20)
                if not chunk:
                    return "exit", None
                self.buffer += chunk

    def finish(self, timeout: float) -> int | None:
        """End of input in the middle of a header, as a browser closing the port mid-write: the exit code."""
        try:
            os.write(self.stdin, b"\x01\x00")
        except OSError:
            pass
        self.process.stdin.close()
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        finally:
            self.process.stdout.close()

    def kill(self) -> int:
        self.process.kill()
        code = self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        return code


def last_traceback(stderr_path: Path, offset: int) -> tuple[str, int]:
    """The last line of the newest traceback the host logged since `offset` (the exception), and the new offset."""
    with stderr_path.open("rb") as handle:
        handle.seek(offset)
        text = handle.read().decode("utf-8", "replace")
    lines = [line for line in text.splitlines() if line and not line.startswith((" ", "\t", "Traceback"))]
    exceptions = [line for line in lines if re.match(r"^[A-Za-z_.]+(Error|Exception|Exit|Interrupt)\b", line)]
    return (exceptions[-1] if exceptions else "(no traceback in the host's stderr)"), offset + len(text.encode())


def logging_errors(stderr_path: Path) -> Counter:
    """Log records the host failed to write ("--- Logging error ---" on stderr), by exception and message: not
    a protocol failure, but a line missing from the host's log file."""
    text = stderr_path.read_bytes().decode("utf-8", "replace")
    found = Counter()
    for block in text.split("--- Logging error ---")[1:]:
        exception = next((line for line in block.splitlines() if re.match(r"^[A-Za-z_.]+(Error|Exception)\b", line)),
                         "?")
        message = next((line for line in block.splitlines() if line.startswith("Message: ")), "Message: ?")
        found[f"{exception.split(':')[0]} writing {message[9:]}"] += 1
    return found


def shown(body: bytes, limit: int = 240) -> str:
    text = repr(body[:limit])
    return text + (f" … ({len(body):,} bytes)" if len(body) > limit else "")


# -- the run -----------------------------------------------------------------------------------------------------

def seed_history(env: dict, rng: random.Random) -> None:
    """A few people and interactions, through the CLI as a user would make them."""
    commands = [["add", name, *identities] for name, identities in SEED_PEOPLE]
    for _ in range(6):
        commands.append(["log", str(rng.randint(1, len(SEED_PEOPLE))), rng.choice(KINDS[:6]), "--at",
                         rng.choice(["2016-05-01", "2023-07-14", "2025-11-20", "10 days ago"]), "--note", "seed"])
    for command in commands:
        result = subprocess.run([sys.executable, "-m", "acquaint.cli", *command], env=env, capture_output=True,
                                text=True, timeout=60)
        if result.returncode:
            raise SystemExit(f"seeding failed: acquaint {' '.join(command)}\n{result.stderr}")


def check_history(home: Path) -> tuple[bool, str]:
    """Read the history as the CLI would, every part and every kept version."""
    os.environ["ACQUAINT_HOME"] = str(home)
    from acquaint.errors import AcquaintError
    from acquaint.history import History

    try:
        history = History()
        data = history.read().as_dict()  # reads every bucket: a part that does not read raises
        versions = history.versions()
        unreadable = [v["seq"] for v in versions if not history.store.readable(v)]
    except AcquaintError as error:
        return False, f"history does not read: {error}"
    words = (f"{len(data['people'])} people, {len(data['interactions'])} interactions, {len(versions)} kept "
             f"versions")
    if unreadable:
        return False, f"{words}; versions {unreadable} do not read"
    return True, f"reads: {words}, all readable"


class Tally:
    """One run: sends each frame to the host, judges the reply, counts, and keeps the first few problems."""

    def __init__(self, env: dict, stderr_path: Path, timeout: float):
        self.env, self.stderr_path, self.timeout = env, stderr_path, timeout
        self.codes = documented_codes()
        self.host = Host(env, stderr_path)
        self.counts, self.mix, self.outcomes = Counter(), Counter(), Counter()
        self.problems: list[str] = []
        self.digest = hashlib.sha256()
        self.stderr_offset = 0  # where the host's stderr stood at the last problem: its traceback comes after

    def note(self, problem: str) -> None:
        if len(self.problems) < SHOW_FIRST:
            self.problems.append(problem)

    def send(self, number: int, kind: str, body: bytes) -> None:
        data = HEADER.pack(len(body)) + body
        self.digest.update(data)
        self.mix[kind] += 1
        self.counts["bytes"] += len(data)
        wanted = prescribed(body)
        result, reply = self.host.exchange(data, self.timeout)
        if result == "reply":
            self.judge_reply(number, kind, body, wanted, reply)
        else:
            self.restart(number, kind, body, result)

    def judge_reply(self, number: int, kind: str, body: bytes, wanted: Wanted, reply: bytes) -> None:
        self.counts["replies"] += 1
        self.counts["max_reply"] = max(self.counts["max_reply"], len(reply))
        outcome, problem = judge(reply, wanted, self.codes)
        self.outcomes[outcome] += 1
        if self.host.buffer:  # a second frame for one request: the browser would take it for the next answer
            problem = problem or f"{len(self.host.buffer)} bytes more than one reply"
            self.host.buffer = b""
        if outcome == "internal":
            self.counts["internal"] += 1
            exception, self.stderr_offset = last_traceback(self.stderr_path, self.stderr_offset)
            self.note(f"internal at frame {number} ({kind}): {shown(body)}\n    host log: {exception}")
        elif problem:
            self.counts["malformed"] += 1
            self.note(f"broken reply at frame {number} ({kind}): {problem}\n    frame: {shown(body)}\n"
                      f"    reply: {shown(reply)}")

    def restart(self, number: int, kind: str, body: bytes, result: str) -> None:
        """No reply: count why, and go on with a new host (the stream of the old one cannot be trusted)."""
        self.counts[{"hang": "hangs", "exit": "crashes", "garbage": "malformed"}[result]] += 1
        code = self.host.kill()  # also reaps a host that exited by itself, and gives its exit code
        tail = self.stderr_path.read_bytes()[self.stderr_offset:][-300:].decode("utf-8", "replace")
        self.note(f"{result} at frame {number} ({kind}; host exit code {code}): {shown(body)}\n"
                  f"    host stderr ends: {tail!r}")
        self.stderr_offset = self.stderr_path.stat().st_size
        self.host = Host(self.env, self.stderr_path)
        self.counts["restarts"] += 1

    @property
    def failures(self) -> int:
        return sum(self.counts[k] for k in ("internal", "hangs", "crashes", "malformed"))


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="acquaint-fuzz-") as scratch:
        home = Path(scratch) / "home"
        env = {**os.environ, "ACQUAINT_HOME": str(home),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "host"), os.environ.get("PYTHONPATH")]))}
        seed_history(env, random.Random(args.seed))
        stderr_path = Path(scratch) / "host-stderr.log"
        tally = Tally(env, stderr_path, args.timeout)
        loop_started = time.perf_counter()
        for number, (kind, body) in enumerate(make_frames(args.seed, args.frames), 1):
            tally.send(number, kind, body)
        loop_seconds = time.perf_counter() - loop_started
        exit_code = tally.host.finish(args.timeout)
        unlogged = logging_errors(stderr_path)
        history_ok, history_words = check_history(home)
    print_summary(args, tally, exit_code, unlogged, history_words, loop_seconds, time.perf_counter() - started)
    return 1 if tally.failures or exit_code != 0 or not history_ok else 0


def print_summary(args, tally: Tally, exit_code, unlogged: Counter, history_words: str, loop_seconds: float,
                  wall: float) -> None:
    counts, mix, outcomes = tally.counts, tally.mix, tally.outcomes
    for problem in tally.problems:
        print(problem)
    errors = {k: v for k, v in sorted(outcomes.items()) if not k.startswith("ok")}
    answered = {k[3:]: v for k, v in sorted(outcomes.items()) if k.startswith("ok:")}
    frames = sum(mix.values())
    print(f"fuzz_host: seed {args.seed}, {frames:,} frames (digest {tally.digest.hexdigest()[:16]}), "
          f"timeout {args.timeout:g} s")
    print(f"  sent:      {counts['bytes'] / 1e6:.1f} MB; " + ", ".join(f"{k} {mix[k]}" for k in FRAME_MAKERS))
    print(f"  replies:   {counts['replies']:,} (ok {sum(answered.values()):,}, errors {sum(errors.values()):,}); "
          f"largest {counts['max_reply']:,} bytes")
    print("  ok types:  " + ", ".join(f"{k}={v}" for k, v in answered.items()))
    print("  codes:     " + ", ".join(f"{k}={v}" for k, v in errors.items()))
    print(f"  internal={counts['internal']} hangs={counts['hangs']} crashes={counts['crashes']} "
          f"malformed={counts['malformed']} restarts={counts['restarts']}")
    print(f"  end of input mid-header: exit code {exit_code}")
    print(f"  log records the host could not write: {sum(unlogged.values())}"
          + "".join(f"\n    {n} x {what}" for what, n in unlogged.most_common()))
    print(f"  history:   {history_words}")
    print(f"  time:      {wall:.1f} s wall; frames {loop_seconds:.1f} s = {frames / loop_seconds:,.0f} frames/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=20_000, help="frames to send (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="makes the frames (default 1)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds a reply may take (default 5)")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
