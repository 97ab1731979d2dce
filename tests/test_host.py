"""acquaint-host as the browser runs it: a subprocess speaking native messaging over real pipes."""

import json
import struct
import sys
from pathlib import Path

import pytest

from acquaint.messages import PROTOCOL_VERSION
from conftest import fingerprint, history_at, read_history
from hostproc import HostProcess, frame

STRANGER_ASK = {
    "id": "c1", "type": "check", "platform": "linkedin",
    "person": {"handle": "sam-lee-77", "name": "Sam Lee", "url": "https://www.linkedin.com/in/sam-lee-77/"},
    "request": {"text": "Hi! Great talking yesterday. Would you write me a recommendation?",
                "url": "https://www.linkedin.com/messaging/thread/2-abc/", "hints": []},
}


@pytest.fixture
def host(home):
    process = HostProcess(home)
    yield process
    if process.process.poll() is None:
        process.process.kill()
        process.process.wait()


def _history(home):
    return read_history(home)


def test_hello_reports_versions_and_the_history(host, home, cli):
    cli("add", "Jane Doe", "--x", "@janedoe")
    reply = host.ask({"id": 1, "type": "hello", "extension_version": "0.2.0", "protocol": PROTOCOL_VERSION})
    assert reply["ok"] is True and reply["id"] == 1 and reply["type"] == "hello"
    assert reply["protocol"] == PROTOCOL_VERSION and reply["host_version"]
    assert reply["history"] == {"path": str(home / "history"), "people": 1, "interactions": 0, "error": None}
    assert reply["settings"] == {"record_asks": True}
    code, rest, _ = host.close()
    assert code == 0 and rest == b""


def test_a_strangers_ask_is_flagged_and_recorded_once(host, home):
    reply = host.ask(STRANGER_ASK)
    assert reply["ok"] and reply["id"] == "c1" and reply["type"] == "verdict"
    verdict = reply["verdict"]
    assert verdict["level"] == "stranger" and verdict["ask"] == "recommendation"
    assert verdict["ask_evidence"] == "Would you write me a recommendation?"
    assert verdict["badge"] == {"text": "?", "color": "#c5221f",
                                "title": "Sam Lee: stranger, asks for a recommendation (score 0)"}
    assert verdict["flags"] == ["no_history", "new_contact"]
    assert verdict["reasons"] == ["Sam was not in your history before this"]
    assert verdict["suggestion"].startswith("A recommendation vouches for work you have seen.")
    assert verdict["person"]["name"] == "Sam Lee" and verdict["person"]["known"] is False
    assert verdict["recorded"] is True
    again = host.ask({**STRANGER_ASK, "id": "c2", "request": {
        **STRANGER_ASK["request"], "text": STRANGER_ASK["request"]["text"] + "\nAlso, how was your weekend?"}})
    assert again["verdict"]["recorded"] is False and again["verdict"]["person"]["known"] is True
    asks = [i for i in _history(home)["interactions"].values() if i["kind"] == "ask"]
    assert len(asks) == 1 and asks[0]["source"] == "browser:linkedin"
    person = _history(home)["people"][str(verdict["person"]["id"])]
    assert person["handles"] == {"linkedin": ["sam-lee-77"]} and person["name"] == "Sam Lee"


def test_a_new_ask_from_a_repeat_asker_says_so(host, home):
    host.ask(STRANGER_ASK)
    reply = host.ask({**STRANGER_ASK, "id": "c3", "request": {"text": "Could you also endorse me for SQL?"}})
    verdict = reply["verdict"]
    assert verdict["ask"] == "endorsement" and verdict["recorded"] is True
    assert "repeat_asker" in verdict["flags"]
    assert "Sam asked once today; you have no record of helping each other" in verdict["reasons"]
    assert "Sam has asked once before and never helped you" in verdict["suggestion"]


def test_an_established_contact_gets_a_different_badge(host, cli):
    cli("add", "Jane Doe", "--x", "@janedoe", "--x-id", "1700000000000000001")
    cli("log", "jane", "meeting", "--at", "2016-05-01")
    cli("log", "jane", "favor-received", "--at", "2021-03-01")
    cli("log", "jane", "message", "--in", "--at", "2026-05-20")
    cli("log", "jane", "message", "--out", "--at", "2026-05-21")
    reply = host.ask({"id": 9, "type": "check", "platform": "x",
                      "person": {"id": "1700000000000000001", "name": "Jane"},
                      "request": {"text": "Could you RT my launch tweet?"}})
    verdict = reply["verdict"]
    assert verdict["level"] == "established" and verdict["ask"] == "share"
    assert verdict["badge"]["text"] == "✓" and verdict["badge"]["color"] == "#137333"
    assert verdict["reasons"][0].startswith("First contact 10 years ago")
    assert verdict["suggestion"].startswith("You and Jane go back 10 years.")


def test_an_x_handle_learnt_later_is_attached_to_the_id(host, home, cli):
    cli("add", "Jane Doe", "--x-id", "1700000000000000001")
    host.ask({"id": 1, "type": "check", "platform": "x", "person": {"id": "1700000000000000001", "handle": "@JaneDoe"},
              "request": {"text": "Would you retweet this please?"}})
    assert _history(home)["people"]["1"]["handles"] == {"x_id": ["1700000000000000001"], "x": ["janedoe"]}


def test_benign_text_records_nothing(host, home):
    reply = host.ask({**STRANGER_ASK, "request": {"text": "Thanks so much for the recommendation!"}})
    assert reply["verdict"]["ask"] is None and reply["verdict"]["recorded"] is False
    assert reply["verdict"]["badge"]["color"] == "#5f6368"
    assert reply["verdict"]["person"] is None
    assert not (home / "history").exists()


def test_recording_can_be_turned_off(home):
    (home / "config.json").write_text('{"record_asks": false}')
    host = HostProcess(home)
    try:
        reply = host.ask(STRANGER_ASK)
        assert reply["verdict"]["ask"] == "recommendation" and reply["verdict"]["recorded"] is False
        assert reply["verdict"]["person"] is None
        assert host.ask({**STRANGER_ASK, "record": False})["verdict"]["recorded"] is False
    finally:
        host.close()
    assert not (home / "history").exists()


def test_quick_actions_change_the_verdict(host):
    host.ask(STRANGER_ASK)
    who = {"platform": "linkedin", "person": {"handle": "sam-lee-77"}}
    logged = host.ask({"id": 2, "type": "log", **who, "kind": "meeting", "note": "met at PyCon"})
    assert logged["ok"] and logged["type"] == "logged" and logged["person"]["known"] is True
    helped = host.ask({"id": 3, "type": "log", **who, "kind": "favor-received"})
    assert helped["ok"]
    summary = host.ask({"id": 4, "type": "person", **who})
    assert summary["summary"]["favors_received"] == 1 and summary["summary"]["asks_from_them"] == 1
    assert [r["kind"] for r in summary["recent"]] == ["favor-received", "meeting", "ask"]
    assert host.ask(STRANGER_ASK)["verdict"]["score"] > 0
    close = host.ask({"id": 5, "type": "closeness", **who, "closeness": "established"})
    assert close["ok"] and close["closeness"] == "established"
    verdict = host.ask(STRANGER_ASK)["verdict"]
    assert verdict["level"] == "established" and "closeness_set" in verdict["flags"]


def test_forget_a_request_removes_it_and_it_is_not_recorded_again(host, home):
    host.ask(STRANGER_ASK)
    forgot = host.ask({"id": 7, "type": "forget", "scope": "request", "platform": "linkedin",
                       "person": {"handle": "sam-lee-77"}, "request": STRANGER_ASK["request"]})
    assert forgot == {"id": 7, "ok": True, "type": "forgotten", "scope": "request", "removed": 1}
    verdict = host.ask(STRANGER_ASK)["verdict"]
    assert verdict["dismissed"] is True and verdict["recorded"] is False
    assert not [i for i in _history(home)["interactions"].values() if i["kind"] == "ask"]


def test_forget_a_person_marks_them_ignored(host):
    host.ask({"id": 1, "type": "forget", "scope": "person", "platform": "x", "person": {"handle": "spammer"}})
    verdict = host.ask({"id": 2, "type": "check", "platform": "x", "person": {"handle": "spammer"},
                        "request": {"text": "Follow me back?"}})["verdict"]
    assert "ignored" in verdict["flags"] and verdict["suggestion"].startswith("You chose to ignore")


def test_person_unknown_is_null(host):
    reply = host.ask({"id": 1, "type": "person", "platform": "x", "person": {"handle": "nobody"}})
    assert reply["ok"] and reply["person"] is None


BAD_REQUESTS = [
    ({"id": 1}, "unknown_type", "unknown message type None"),
    ({"id": 1, "type": "teleport"}, "unknown_type", "unknown message type 'teleport'"),
    ({"type": "hello"}, "bad_request", "every request needs an 'id'"),
    ({"id": [1], "type": "hello"}, "bad_request", "'id' must be a string"),
    ({"id": "x" * 65, "type": "hello"}, "bad_request", "'id' must be a string or a whole number of at most 64"),
    ({"id": 1, "type": "check", "platform": "myspace", "person": {"handle": "a"}}, "bad_request", "'platform'"),
    ({"id": 1, "type": "check", "platform": "x"}, "bad_request", "'person' must be an object"),
    ({"id": 1, "type": "check", "platform": "x", "person": {}}, "bad_request", "at least one of"),
    ({"id": 1, "type": "check", "platform": "x", "person": {"id": 1700000000000000001}}, "bad_request",
     "X user ids are larger"),
    ({"id": 1, "type": "check", "platform": "x", "person": {"handle": "not a handle"}}, "bad_request",
     "is not an X handle"),
    ({"id": 1, "type": "check", "platform": "x", "person": {"handle": 5}}, "bad_request", "'person.handle' must be a"),
    ({"id": 1, "type": "check", "platform": "linkedin", "person": {"url": "https://x.com/jane"}}, "bad_request",
     "not a linkedin profile URL"),
    ({"id": 1, "type": "check", "platform": "x", "person": {"handle": "a"}, "request": {"text": "x" * 20_001}},
     "bad_request", "'request.text' is 20001 characters; the limit is 20000"),
    ({"id": 1, "type": "check", "platform": "x", "person": {"handle": "a"}, "request": {"text": 5}},
     "bad_request", "'request.text' must be a string"),
    ({"id": 1, "type": "check", "platform": "x", "person": {"handle": "a"}, "request": {"hints": ["h"] * 21}},
     "bad_request", "'request.hints' must be a list of at most 20"),
    ({"id": 1, "type": "check", "platform": "x", "person": {"handle": "a", "name": "n" * 2001}, "request": {}},
     "bad_request", "'person.name' is 2001 characters"),
    ({"id": 1, "type": "log", "platform": "x", "person": {"handle": "a"}, "kind": "dance"}, "bad_request", "'kind'"),
    ({"id": 1, "type": "log", "platform": "x", "person": {"handle": "a"}, "kind": "favor-given", "direction": "in"},
     "bad_request", "takes --out"),
    ({"id": 1, "type": "log", "platform": "x", "person": {"handle": "a"}, "kind": "call", "at": "2030-01-01T00:00:00Z"},
     "bad_request", "'at' is in the future"),
    ({"id": 1, "type": "log", "platform": "x", "person": {"handle": "a"}, "kind": "call", "at": "2999-01-01T00:00:00Z"},
     "bad_request", "is not a date between 1900 and 10 years from now"),
    ({"id": 1, "type": "log", "platform": "x", "person": {"handle": "a"}, "kind": "call",
      "at": "0001-01-01T00:00:00+14:00"}, "bad_request", "is not a date between 1900"),
    ({"id": 1, "type": "closeness", "platform": "x", "person": {"handle": "a"}, "closeness": "bff"}, "bad_request",
     "'closeness'"),
    ({"id": 1, "type": "forget", "scope": "everything", "platform": "x", "person": {"handle": "a"}}, "bad_request",
     "'scope'"),
]


def _refused_as_documented(reply: dict, message: dict, code: str, text: str) -> None:
    assert reply["ok"] is False and reply["error"]["code"] == code
    assert text in reply["error"]["message"], reply["error"]["message"]
    assert reply["id"] == (message.get("id") if message.get("id") in (1,) else None)


@pytest.mark.parametrize("message, code, text", BAD_REQUESTS)
def test_bad_requests_get_an_error_and_the_next_request_is_answered(home, message, code, text):
    # In-process: the answers are the service's; the real process gets them all in the test below.
    from acquaint.service import HostService

    service = HostService(history_at(home))
    _refused_as_documented(service.respond(message), message, code, text)
    assert service.respond({"id": "next", "type": "hello"})["ok"] is True
    assert not (home / "history").exists()


def test_the_host_process_answers_every_bad_request_and_the_next_one(host, home):
    for message, code, text in BAD_REQUESTS:
        _refused_as_documented(host.ask(message), message, code, text)
        assert host.ask({"id": "next", "type": "hello"})["ok"] is True
    assert host.process.poll() is None and not (home / "history").exists()


@pytest.mark.parametrize("body, code", [
    (b"\xff\xfe{}", "bad_utf8"),
    (b'{"id": 1, "type": ', "bad_json"),
    (b"[1, 2]", "not_object"),
    (b'"hello"', "not_object"),
    (b"[" * 100_000, "bad_json"),
])
def test_undecodable_bodies_get_an_error_with_a_null_id(host, body, code):
    host.send_raw(frame(body))
    reply = host.receive()
    assert reply == {"id": None, "ok": False, "error": {"code": code, "message": reply["error"]["message"]}}
    assert host.ask({"id": 2, "type": "hello"})["id"] == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the host's peak memory from /proc")
def test_an_oversized_frame_is_skipped_without_being_held_in_memory(host):
    size = 200 * 1024 * 1024
    host.send_raw(struct.pack("@I", size))
    chunk = b"\0" * (1024 * 1024)
    for _ in range(size // len(chunk)):
        host.send_raw(chunk)
    reply = host.receive()
    assert reply["error"]["code"] == "too_large" and reply["id"] is None
    assert host.ask({"id": 2, "type": "hello"})["ok"]
    status = Path(f"/proc/{host.process.pid}/status").read_text()
    peak_kib = int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])
    code, _, _ = host.close()
    assert code == 0
    assert peak_kib < 120 * 1024, f"host peaked at {peak_kib} KiB while skipping a 200 MiB frame"


@pytest.mark.parametrize("tail", [b"", b"\x05", b"\x05\x00", b"\x10\x00\x00\x00", b'\x10\x00\x00\x00{"id"'])
def test_end_of_input_anywhere_is_a_clean_exit(host, tail):
    assert host.ask({"id": 1, "type": "hello"})["ok"]
    host.send_raw(tail)
    code, rest, _ = host.close()
    assert code == 0 and rest == b""


def test_a_burst_of_messages_is_answered_in_order_with_nothing_but_frames(host):
    count = 2000
    payload = b"".join(frame({"id": n, "type": "check", "platform": "x", "person": {"handle": f"user{n % 50}"},
                              "request": {"text": "How was the conference?"}}) for n in range(count))
    payload += frame(b"not json") + frame({"id": "last", "type": "hello"})
    out = host.burst(payload)
    assert host.process.returncode == 0
    replies, offset = [], 0
    while offset < len(out):
        (length,) = struct.unpack_from("@I", out, offset)
        replies.append(json.loads(out[offset + 4: offset + 4 + length]))
        offset += 4 + length
    assert offset == len(out), "stdout holds something that is not a frame"
    assert [r["id"] for r in replies[:count]] == list(range(count))
    assert all(r["ok"] and r["verdict"]["ask"] is None for r in replies[:count])
    assert replies[count]["error"]["code"] == "bad_json" and replies[count + 1]["id"] == "last"


def test_a_damaged_history_is_reported_and_left_alone(host, home, cli):
    cli("add", "Jane Doe")
    cli("add", "Sam Lee")
    damaged = b'{"manifest": '
    (home / "history" / "HEAD").write_bytes(damaged)
    before = fingerprint(home / "history")
    hello = host.ask({"id": 1, "type": "hello"})
    assert hello["ok"] and hello["history"]["error"]["code"] == "history_unreadable"
    assert "acquaint restore" in hello["history"]["error"]["message"]
    reply = host.ask(STRANGER_ASK)
    assert reply["ok"] is False and reply["error"]["code"] == "history_unreadable"
    assert fingerprint(home / "history") == before


def test_the_host_sees_changes_made_by_the_cli_while_it_runs(host, cli):
    assert host.ask({"id": 1, "type": "hello"})["history"]["people"] == 0
    cli("add", "Jane Doe", "--x", "@janedoe")
    assert host.ask({"id": 2, "type": "hello"})["history"]["people"] == 1
    assert host.ask({"id": 3, "type": "person", "platform": "x", "person": {"handle": "janedoe"}})["person"]["name"] \
        == "Jane Doe"


def test_logs_go_to_the_log_file_and_stderr(host, home):
    host.ask({"id": 1, "type": "hello", "extension_version": "9.9", "protocol": 2})
    _, _, stderr = host.close()
    assert "hello from extension '9.9' (protocol 2)" in stderr
    assert "hello from extension '9.9' (protocol 2)" in (home / "logs" / "acquaint-host.log").read_text()


@pytest.mark.parametrize("version", ["\ud800", "0.2.0\n2026-01-01 00:00:00,000 acquaint-host[1] ERROR forged",
                                     "9" * 900_000])
def test_what_a_page_sends_reaches_the_log_as_one_short_escaped_line(host, home, version):
    reply = host.ask({"id": 1, "type": "hello", "extension_version": version})
    assert reply["ok"]
    _, _, stderr = host.close()
    log = (home / "logs" / "acquaint-host.log").read_text()
    [line] = [line for line in log.splitlines() if "hello from extension" in line]
    assert len(line) < 200 and "Logging error" not in stderr and "forged" not in log.replace(line, "")
