"""The `acquaint` command line, in-process: exact output, exit codes, and errors that change nothing."""

import csv
import io
import json

import pytest

from conftest import fingerprint


@pytest.fixture
def filled(cli, home):
    assert cli("add", "Jane Doe", "--linkedin", "https://www.linkedin.com/in/Jane-Doe-4a1b2c/?trk=x",
               "--x", "@JaneDoe", "--tag", "mentor").code == 0
    assert cli("add", "Sam Lee", "--x", "samlee", "--x-id", "1700000000000000001").code == 0
    assert cli("log", "jane", "call", "--at", "2016-05-01", "--note", "met at PyCon").code == 0
    assert cli("log", "x:@janedoe", "message", "--in", "--at", "2026-05-20").code == 0
    assert cli("log", "linkedin:jane-doe-4a1b2c", "message", "--out", "--at", "2026-05-21").code == 0
    assert cli("log", "jane", "recommendation", "--in", "--at", "2021-03-01").code == 0
    assert cli("log", "sam", "ask", "--at", "2026-05-30", "--note", "RT my launch?").code == 0
    return home


def test_add_prints_the_person_and_normalised_handles(cli):
    result = cli("add", "Jane Doe", "--linkedin", "linkedin.com/in/Jane-Doe-4a1b2c", "--x", "twitter.com/JaneDoe")
    assert result.code == 0
    assert result.out == "Added Jane Doe (#1): linkedin:jane-doe-4a1b2c, x:@janedoe\n"


def test_add_asks_before_a_second_person_of_the_same_name(cli, filled):
    refused = cli("add", "jane doe")
    assert refused.code == 1 and "Jane Doe (#1) is already in your history" in refused.err and "--new" in refused.err
    declined = cli("add", "Jane Doe", answer="n")
    assert declined.code == 1 and "not added" in declined.err
    assert cli("add", "Jane Doe", answer="y").out.startswith("Added Jane Doe (#3)")
    assert cli("add", "Jane Doe", "--new").out.startswith("Added Jane Doe (#4)")
    assert len(json.loads(cli("list", "--json").out)) == 4


def test_a_misspelt_name_gets_a_did_you_mean(cli, filled):
    result = cli("show", "jnae")
    assert result.code == 1 and "did you mean Jane Doe (#1)?" in result.err


def test_add_json_for_scripts(cli):
    result = cli("add", "Sam Lee", "--x-id", "1700000000000000001", "--email", "Sam@Example.com", "--json")
    person = json.loads(result.out)
    assert person["id"] == 1 and person["handles"] == {"x_id": ["1700000000000000001"]}
    assert person["emails"] == ["sam@example.com"]


def test_list_is_aligned_and_fits_80_columns(cli, filled):
    result = cli("list")
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "LEVEL", "SCORE", "LAST", "HANDLES"]
    assert lines[1].startswith("#1  Jane Doe  established")
    assert lines[2].startswith("#2  Sam Lee   stranger")
    assert lines[-1] == "2 people"
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].index("LEVEL") == lines[1].index("established")


def test_list_sorts_and_filters(cli, filled):
    def names(*args):
        return [row["name"] for row in json.loads(cli("list", *args, "--json").out)]

    assert names("--sort", "strength") == ["Jane Doe", "Sam Lee"]
    assert names("--sort", "last") == ["Jane Doe", "Sam Lee"]
    assert names("--tag", "mentor") == ["Jane Doe"]
    result = cli("list", "--tag", "nosuchtag")
    assert result.code == 1 and result.err == "Error: nobody has the tag 'nosuchtag'\n"


def test_list_on_an_empty_history_says_how_to_start(cli):
    assert "acquaint add" in cli("list").out


def test_show_gives_relationship_favours_and_timeline(cli, filled):
    result = cli("show", "jane doe")
    assert result.code == 0
    text = result.out
    assert text.startswith("Jane Doe (#1)\n  linkedin:jane-doe-4a1b2c\n  x:@janedoe\n  tags: mentor\n")
    assert "Relationship: established" in text
    assert "First contact 10 years ago (2016-05-01)" in text
    assert "Favours: you helped them 0×, they helped you 1×; their asks: 0" in text
    assert "Timeline (4 interactions)" in text
    assert "2016-05-01  call            both  met at PyCon" in text


def test_show_json_has_the_verdict_parts_and_interactions(cli, filled):
    data = json.loads(cli("show", "@samlee", "--json").out)
    assert data["level"] == "stranger" and data["level_reason"] == "no contact on record beyond asks"
    assert data["flags"] == ["no_history", "new_contact", "repeat_asker"]
    assert [i["kind"] for i in data["interactions"]] == ["ask"]
    parts = {p["name"] for p in data["breakdown"]}
    assert parts == {"tenure", "recency", "frequency", "reciprocity", "favours", "asks"}


def test_find_searches_handles_and_tags(cli, filled):
    assert cli("find", "MENTOR").out.splitlines()[1].startswith("#1  Jane Doe")
    assert json.loads(cli("find", "1700000000000000001", "--json").out)[0]["name"] == "Sam Lee"
    missing = cli("find", "zzz")
    assert missing.code == 1 and missing.out == "Nobody matches 'zzz'\n"


def test_find_searches_the_notes_of_interactions_and_says_where(cli, filled):
    cli("log", "sam", "meeting", "--at", "2025-04-12", "--note", "Pittsburgh sprints")
    lines = cli("find", "PITTSBURGH").out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("#2  Sam Lee")
    assert "meeting 2025-04-12: Pittsburg" in lines[1], "where it was found, fitted to the terminal"
    assert [p["name"] for p in json.loads(cli("find", "pycon", "--json").out)] == ["Jane Doe"]


def test_edit_changes_fields_and_closeness_wins(cli, filled):
    assert cli("edit", "sam", "--closeness", "established", "--note", "old friend", "--tag", "friend").code == 0
    data = json.loads(cli("show", "sam", "--json").out)
    assert data["level"] == "established" and data["level_reason"] == "you set the closeness to established"
    assert data["person"]["notes"] == "old friend" and data["person"]["tags"] == ["friend"]
    assert cli("edit", "sam", "--closeness", "auto", "--untag", "friend").code == 0
    data = json.loads(cli("show", "sam", "--json").out)
    assert data["level"] == "stranger" and data["person"]["tags"] == []


def test_alias_adds_and_removes_identities(cli, filled):
    assert cli("alias", "sam", "--email", "sam@example.com", "--name", "Sammy").out == (
        "Sam Lee (#2): x:@samlee, x-id:1700000000000000001, email:sam@example.com\n")
    assert cli("show", "sammy", "--json").code == 0
    assert cli("alias", "sam", "--remove", "--x", "@samlee").out == (
        "Sam Lee (#2): x-id:1700000000000000001, email:sam@example.com\n")


def test_rm_asks_and_refuses_without_confirmation(cli, filled):
    refused = cli("rm", "sam")
    assert refused.code == 1 and "there is no terminal to ask in; pass --yes" in refused.err
    declined = cli("rm", "sam", answer="n")
    assert declined.code == 0 and declined.out == "Kept Sam Lee (#2).\n" and declined.err.endswith("[y/N] ")
    accepted = cli("rm", "sam", answer="y")
    assert accepted.code == 0 and accepted.out.startswith("Removed Sam Lee (#2) and 1 interaction (")
    assert cli("show", "sam").code == 1


def test_rm_yes_and_undo(cli, filled):
    assert cli("rm", "jane doe", "--yes").code == 0
    assert cli("undo").out.startswith("Undid: rm Jane Doe (#1)")
    assert "Timeline (4 interactions)" in cli("show", "jane doe").out


def test_merge_folds_b_into_a(cli, filled):
    result = cli("merge", "jane doe", "sam")
    assert result.out == "Merged Sam Lee (#2) into Jane Doe (#1); moved 1 interactions\n"
    data = json.loads(cli("show", "x:@samlee", "--json").out)
    assert data["id"] == 1 and "Sam Lee" in data["person"]["aliases"]


def test_undo_list_and_nothing_to_undo(cli):
    assert cli("undo", "--list").out == "Nothing to undo\n"
    cli("add", "Jane Doe")
    assert "add Jane Doe" in cli("undo", "--list").out
    assert cli("undo").code == 0
    result = cli("undo")
    assert result.code == 1 and result.err == "Error: there is nothing to undo\n"


def test_export_json_holds_everything(cli, filled, tmp_path):
    target = tmp_path / "out.json"
    result = cli("export", "-o", str(target))
    assert result.out == f"Exported 2 people to {target}\n"
    data = json.loads(target.read_text())
    assert data["format"] == "acquaint-export"
    assert [p["name"] for p in data["people"]] == ["Jane Doe", "Sam Lee"]
    assert len(data["interactions"]) == 5
    assert data["people"][1]["handles"]["x_id"] == ["1700000000000000001"]


def test_export_csv_people_and_interactions(cli, filled):
    people = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").out)))
    assert people[0]["linkedin"] == "jane-doe-4a1b2c" and people[1]["x_id"] == "1700000000000000001"
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv", "--what", "interactions").out)))
    assert [r["kind"] for r in rows] == ["call", "message", "message", "recommendation", "ask"]
    assert rows[4]["name"] == "Sam Lee" and rows[4]["note"] == "RT my launch?"


@pytest.mark.parametrize("args, message", [
    (("show", "nobody"), "Error: nobody in your history is called 'nobody'"),
    (("log", "nobody", "call"), "Error: nobody in your history is called 'nobody'"),
    (("log", "jane doe", "lunch"), "Error: unknown kind 'lunch'; kinds are: message, call,"),
    (("log", "jane doe", "call", "--at", "2024-02-30"), "Error: '2024-02-30' is not a date"),
    (("log", "jane doe", "call", "--at", "2030-01-01"), "Error: '2030-01-01' is in the future"),
    (("log", "jane doe", "favor-given", "--in"), "Error: favor-given (you helped them) takes --out, not --in"),
    (("log", "jane doe", "endorsement"), "Error: say which way the endorsement went"),
    (("add", "X", "--linkedin", "https://example.com/in/x"),
     "Error: 'https://example.com/in/x' is not a LinkedIn profile"),
    (("add", "X", "--x", "@not a handle"), "Error: '@not a handle' is not an X handle"),
    (("add", "X", "--x-id", "12ab"), "Error: '12ab' is not an X user id"),
    (("add", "X", "--x", "@janedoe"), "Error: x:@janedoe already belongs to Jane Doe (#1)"),
    (("add", "  "), "Error: a person needs a name"),
    (("show", "jane"), "Error: 'jane' matches 2 people"),
    (("show", "x:@ghost"), "Error: nobody in your history has x:@ghost"),
    (("show", "42"), "Error: there is no person #42"),
    (("edit", "jane doe"), "Error: nothing to change"),
    (("edit", "jane doe", "--untag", "ghost"), "Error: Jane Doe (#1) has no tag ghost"),
    (("merge", "jane doe", "jane doe"), "Error: cannot merge a person with themselves"),
    (("alias", "jane doe"), "Error: give at least one of"),
    (("export", "--what", "interactions"), "Error: --what goes with --format csv"),
    (("restore", "nosuch.bak"), "Error: no version or copy 'nosuch.bak'"),
    (("restore", "999"), "Error: version 999 is not one of the kept versions"),
    (("redo",), "Error: there is nothing to redo"),
])
def test_bad_input_is_one_error_line_and_changes_nothing(cli, filled, args, message):
    if args[0] == "show" and args[1] == "jane":
        cli("add", "Jane Smith")
    before = fingerprint(filled)
    result = cli(*args)
    assert result.code == 1
    assert result.err.startswith(message), result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert fingerprint(filled) == before


@pytest.mark.parametrize("args", [("log", "jane", "call", "--in", "--out"), ("list", "--sort", "age"), ("frobnicate",)])
def test_usage_errors_are_one_error_line_with_exit_2(cli, args):
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1


def test_corrupted_history_is_refused_by_every_command_and_restore_recovers(cli, filled):
    cli("edit", "1", "--tag", "friend")  # the newest version has a people/1 of its own; the one before, a good one
    head = json.loads((filled / "history" / "HEAD").read_text())["manifest"]
    manifest = json.loads((filled / "history" / "manifests" / f"{head:09d}.json").read_text())
    damaged_segment = filled / "history" / "segments" / f"{manifest['segments']['people/1']}.json"
    damaged_segment.write_bytes(b'{"people": {"1": ')
    before = fingerprint(filled)
    for args in (("list",), ("show", "jane doe"), ("edit", "1", "--tag", "x"), ("log", "1", "call")):
        result = cli(*args)
        assert result.code == 1
        assert result.err.startswith(f"Error: history {damaged_segment} is unreadable (people/1: not valid JSON at "
                                     "line 1"), result.err
        assert "your newest good copy is version" in result.err and "run `acquaint restore`" in result.err
        assert fingerprint(filled) == before, "a history that does not read is never written"
    restored = cli("restore")
    assert restored.code == 0 and "Restored version" in restored.out, restored.err
    assert "Jane Doe" in cli("list").out


def test_restore_on_a_healthy_history_changes_nothing_and_says_so(cli, filled, home):
    before = fingerprint(home)
    result = cli("restore")
    assert result.code == 1 and result.err.startswith("Error: nothing to restore: the current version (")
    assert "reads whole" in result.err and fingerprint(home) == before


def test_restore_lists_versions_and_keeps_the_state_it_replaces(cli, filled):
    lines = cli("restore", "--list").out.splitlines()
    assert lines[0].split()[:5] == ["VERSION", "WHEN", "(UTC)", "PEOPLE", "STATE"]
    assert len(lines) == 6 and all(" good " in line for line in lines[1:]) and "(current)" in lines[1]
    current = int(lines[1].split()[0])
    people_before = cli("list", "--json").out
    result = cli("restore", str(current - 3))
    assert result.code == 0 and f"kept as version {current}: `acquaint restore {current}` brings it back" in result.out
    assert cli("list", "--json").out != people_before
    assert cli("restore", str(current)).code == 0
    assert cli("list", "--json").out == people_before, "the replaced state comes back whole"


def test_undo_and_redo(cli, filled):
    assert cli("undo").out.startswith("Undid: log ask with sam")
    assert len(json.loads(cli("show", "sam", "--json").out)["interactions"]) == 0
    assert cli("redo").out.startswith("Redid: log ask with sam")
    assert len(json.loads(cli("show", "sam", "--json").out)["interactions"]) == 1
    cli("undo")
    cli("add", "New Person")
    assert cli("redo").err.startswith("Error: there is nothing to redo"), "a new change ends what can be redone"


def test_history_in_acquaint_home(cli, home):
    cli("add", "Jane Doe")
    assert (home / "history" / "HEAD").exists()


def test_check_prints_the_verdict_without_recording(cli, filled):
    result = cli("check", "--x", "@samlee", "--text", "Could you RT my launch tweet?")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Sam Lee: stranger (score 0/100); asks for share"
    assert "  - You have no record of any contact with Sam" in lines
    assert "  also: no history, new contact, has asked before" in lines
    assert "has asked once before and never helped you" in result.out.replace("\n", " ")
    assert all(len(line) <= 80 for line in lines)
    assert len(json.loads(cli("show", "sam", "--json").out)["interactions"]) == 1, "check must not record"
    assert not any("Recorded" in line for line in lines), "it only looked"


def test_check_calls_the_core_not_the_protocol(cli, filled, monkeypatch):
    import acquaint.messages
    import acquaint.service

    def no_protocol(*_args, **_kwargs):
        raise AssertionError("acquaint check went through the native-messaging protocol")

    monkeypatch.setattr(acquaint.messages, "person_ref", no_protocol)
    monkeypatch.setattr(acquaint.service.HostService, "respond", no_protocol)
    result = cli("check", "--x", "@samlee", "--text", "Could you RT my launch tweet?", "--json")
    assert result.code == 0 and json.loads(result.out)["ask"] == "share"


def test_check_record_says_whether_it_recorded(cli, filled):
    first = cli("check", "--x", "@samlee", "--text", "Could you RT my launch tweet?", "--record")
    assert first.out.splitlines()[-1] == "Recorded this ask."
    again = cli("check", "--x", "@samlee", "--text", "Could you RT my launch tweet?", "--record")
    assert again.out.splitlines()[-1].startswith("Not recorded now: it was recorded before")


def test_check_json_is_the_protocol_verdict_and_record_records(cli, filled):
    verdict = json.loads(cli("check", "--linkedin", "https://www.linkedin.com/in/jane-doe-4a1b2c/", "--text",
                             "Would you endorse me for Go?", "--record", "--json").out)
    assert verdict["level"] == "established" and verdict["ask"] == "endorsement" and verdict["recorded"] is True
    assert set(verdict) == {"level", "score", "badge", "ask", "ask_phrase", "ask_evidence", "ask_unread_language",
                            "flags", "reasons", "suggestion", "person", "breakdown", "recorded", "dismissed",
                            "context", "relation", "match"}
    interactions = json.loads(cli("show", "jane doe", "--json").out)["interactions"]
    assert interactions[-1]["kind"] == "ask" and interactions[-1]["source"] == "cli:linkedin"


def test_check_of_a_text_alone_says_whether_it_asks_and_touches_nothing(cli, home):
    answer = json.loads(cli("check", "--text", "Hi Ana! Could you endorse me for Python?", "--json").out)
    assert answer == {"ask": "endorsement", "ask_evidence": "Could you endorse me for Python?",
                      "ask_unread_language": None}
    assert cli("check", "--text", "Thanks for the recommendation!").out == "Asks nothing.\n"
    italian = json.loads(cli("check", "--text", "Potresti scrivermi una raccomandazione? Grazie mille", "--json").out)
    assert italian == {"ask": None, "ask_evidence": None, "ask_unread_language": "Italian"}
    assert not (home / "history").exists(), "nothing looked up or recorded"


@pytest.mark.parametrize("args, message", [
    (("check",), "Error: name the person with --linkedin, --x or --x-id"),
    (("check", "--text", "hi", "--record"), "Error: --record needs the person"),
    (("check", "--linkedin", "jane", "--x", "@jane"), "Error: give a LinkedIn person or an X person, not both"),
    (("check", "--x", "not a handle"), "Error: 'not a handle' is not an X handle"),
])
def test_check_errors(cli, args, message):
    result = cli(*args)
    assert result.code == 1 and result.err.startswith(message), result.err


def test_every_reading_command_speaks_json(cli, filled, monkeypatch, tmp_path):
    assert json.loads(cli("undo", "--list", "--json").out)[0]["description"] == "log ask with sam"
    assert [b["readable"] for b in json.loads(cli("restore", "--list", "--json").out)] == [True] * 5
    monkeypatch.setenv("HOME", str(tmp_path))
    doctor = json.loads(cli("doctor", "--json").out)
    assert doctor["ok"] is False, "nothing is installed in this empty HOME"
    assert all(set(f) == {"ok", "subject", "message", "fix"} for f in doctor["findings"])
    assert doctor["findings"][-1]["subject"] == "history" and doctor["findings"][-1]["ok"] is True
    assert json.loads(cli("undo", "--json").out)["undone"] == "log ask with sam"


def test_counts_are_said_as_english_says_them(cli, tmp_path):
    cli("add", "Jane Doe")
    assert cli("export", "-o", str(tmp_path / "out.json")).out == f"Exported 1 person to {tmp_path / 'out.json'}\n"
    assert cli("list").out.splitlines()[-1] == "1 person"
    cli("log", "jane", "call")
    assert cli("rm", "jane", "--yes").out.startswith("Removed Jane Doe (#1) and 1 interaction (")
