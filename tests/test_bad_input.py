"""Bad input gets a clear answer and changes nothing (issue 10): oversized numbers and ids, dates outside any
sane range, text that is not Unicode, handles that break URL parsing, values nested or long enough to break an
error message, and settings of the wrong type. Each was a traceback or a wrong answer before."""

from __future__ import annotations

import json

import pytest

from acquaint.service import HostService
from conftest import NOW, fingerprint, history_at, read_history
from hostproc import HostProcess

CHECK = {"type": "check", "platform": "x", "person": {"handle": "samlee"}, "request": {"text": "could you RT this?"}}


@pytest.fixture
def host(home):
    process = HostProcess(home)
    yield process
    if process.process.poll() is None:
        process.process.kill()
        process.process.wait()


@pytest.fixture
def service(home):
    return HostService(history_at(home), clock=lambda: NOW)


def answer(service, message) -> dict:
    return service.respond({"id": 1, **message})


# -- frames the host must survive ------------------------------------------------------------------------------

@pytest.mark.parametrize("body, code, words", [
    (b'{"id": 1, "type": "hello", "n": ' + b"9" * 4301 + b"}", "bad_json", "too long to read"),
    (b'{"id": ' + b"1" * 65 + b', "type": "hello"}', "bad_request", "at most 64 characters"),
    (b'{"id": 1, "type": ' + b"[" * 900 + b"]" * 900 + b"}", "unknown_type", "unknown message type a list"),
    (b'{"id": 1, "type": "' + "é".encode() * 400_000 + b'"}', "unknown_type", "unknown message type"),
    (b'{"id": 1, "type": "check", "platform": "x", "person": {"handle": "sam", "name": "\\ud800"}, "request": {}}',
     "bad_request", "unpaired surrogate"),
    (b'{"id": "\\udfff", "type": "hello"}', "bad_request", "'id' must be"),
    (b'{"id": 1, "type": "check", "platform": "x", "person": {"url": "https://x.com[/samlee"}, "request": {}}',
     "bad_request", "not a link to a profile"),
    (b'{"id": 1, "type": "people", "query": "http://["}', None, None),
    (b'{"id": 1, "type": "person", "platform": "linkedin", "person": {"member_id": "' + b"\\u202e" * 2000 + b'"}}',
     "bad_request", "is not a LinkedIn member id"),
    ('{"id": 1, "type": "café"}'.encode(), "unknown_type", "unknown message type 'café'"),
])
def test_the_host_answers_every_frame_with_a_code_and_the_next_one_too(host, body, code, words):
    host.send_raw(len(body).to_bytes(4, "little") + body)
    reply = host.receive()
    if code is None:
        assert reply["ok"] is True, reply
    else:
        assert reply["ok"] is False and reply["error"]["code"] == code, reply
        assert words in reply["error"]["message"]
        assert len(json.dumps(reply)) < 2000, "an error never echoes a megabyte back"
    assert host.ask({"id": "next", "type": "hello"})["ok"] is True, "and the host is still up"


# -- dates --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("when", ["999999 days ago", "0999-01-01", "1899-12-31", "2040-01-01",
                                  "0001-01-01T00:00:00+14:00"])
def test_the_cli_refuses_dates_outside_a_sane_range_and_writes_nothing(cli, home, when):
    cli("add", "Sam Lee", "--x", "@samlee")
    before = fingerprint(home)
    result = cli("log", "sam", "call", "--at", when)
    assert result.code != 0 and result.err.startswith("Error: ") and "Traceback" not in result.err
    assert "1900" in result.err or "future" in result.err, result.err
    assert fingerprint(home) == before


def test_an_import_skips_rows_dated_outside_the_range(cli, home, tmp_path):
    export = tmp_path / "crm.csv"
    export.write_text("Name,Since\nOld Timer,0999-01-01\nNew Friend,2020-02-02\n")
    result = cli("import", "csv", str(export), "--map", "name=Name", "--map", "connected=Since", "--json")
    summary = json.loads(result.out)
    assert result.code == 0 and summary["people_added"] == 2 and summary["interactions_added"] == 1
    assert [(s["reason"], s["examples"]) for s in summary["skipped"]] == [
        ("'Since' is not a date between 1900 and ten years from now", ["0999-01-01"])]
    history = read_history(home)
    assert [i["at"][:10] for i in history["interactions"].values()] == ["2020-02-02"]
    assert cli("list").code == 0


# -- text ---------------------------------------------------------------------------------------------------------

def test_text_that_is_not_unicode_is_refused_by_the_cli_before_anything_is_written(cli, home):
    cli("add", "Sam Lee", "--x", "@samlee")
    before = fingerprint(home)
    result = cli("log", "sam", "call", "--note", "caf\udce9")  # a non-UTF-8 byte in argv becomes a surrogate
    assert result.code != 0 and "unpaired surrogate" in result.err and "Traceback" not in result.err
    assert fingerprint(home) == before


def test_an_ask_stores_only_the_clause_that_asks_never_what_came_around_it(service, home):
    text = ("hi alex I live at 12 Baker Street London NW1 my number is 07700 900123 and they pay me 85000 "
            "a year could you endorse me for python")
    verdict = answer(service, {**CHECK, "request": {"text": text}})["verdict"]
    note = next(iter(read_history(home)["interactions"].values()))["note"]
    assert verdict["ask"] == "endorsement" and note == verdict["ask_evidence"]
    assert note.lower().startswith("could you endorse me for python"), note
    for private in ("Baker", "07700", "85000"):
        assert private not in note


def test_evidence_is_short_even_when_the_asking_clause_runs_on(service):
    text = "could you RT this " + "and also tell everyone about it " * 20
    evidence = answer(service, {**CHECK, "request": {"text": text}})["verdict"]["ask_evidence"]
    assert evidence.lower().startswith("could you rt this") and len(evidence) <= 120


# -- settings -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, key", [
    (b'{"record_asks": "no"}', "'record_asks' must be true or false"),
    (b'{"record_ask": false}', "'record_ask' is not a setting"),
    (b'{"thresholds": {"acquaintance": 1' + b"0" * 5000 + b"}}", "does not read"),
    (b'{"thresholds": {"acquaintance": "25"}}', "'thresholds.acquaintance' must be a whole number"),
    (b'{"thresholds": {"acquaintance": 60, "established": 50}}', "acquaintance ≤ established"),
    (b'\xff\xfe{"record_asks": true}', "not UTF-8"),
    (b'[true]', "must hold a JSON object"),
])
def test_broken_settings_are_named_by_key_everywhere(home, service, cli, content, key):
    (home / "config.json").write_bytes(content)
    words = key
    reply = answer(service, CHECK)
    assert reply["ok"] is False and reply["error"]["code"] == "settings_invalid", reply
    assert words in reply["error"]["message"]
    hello = answer(service, {"type": "hello"})
    assert hello["ok"] and hello["settings"]["error"]["code"] == "settings_invalid"
    assert not (home / "history").exists(), "no ask was recorded under settings that do not read"
    listing = cli("list")
    assert listing.code != 0 and words in listing.err and "Traceback" not in listing.err
    doctor = cli("doctor")
    assert f"PROBLEM  settings: settings file {home / 'config.json'}" in doctor.out and words in doctor.out


def test_good_settings_are_taken_and_doctor_says_so(home, service, cli):
    (home / "config.json").write_text('{"record_asks": false, "thresholds": {"established": 70}}')
    assert answer(service, CHECK)["verdict"]["recorded"] is False
    assert "ok  settings:" in cli("doctor").out
