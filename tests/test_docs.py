"""Every command has help with an example, and the README's CLI tour uses real commands."""

import re
from pathlib import Path

import pytest

from acquaint.commands import COMMANDS, load

README = Path(__file__).parent.parent / "README.md"


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help_with_an_example(cli, name):
    result = cli(name, "--help")
    summary = COMMANDS[name][1]
    assert result.code == 0
    assert summary and summary in " ".join(result.out.split())
    assert "examples:" in result.out
    assert f"acquaint {name}" in load(name).EXAMPLES


def test_top_level_help_has_examples(cli):
    result = cli("--help")
    assert result.code == 0 and "examples:" in result.out
    for name, (_, summary) in COMMANDS.items():
        assert name in result.out and summary[:40] in " ".join(result.out.split())


def test_readme_mentions_only_real_commands():
    names = set(COMMANDS)
    used = set(re.findall(r"^\s*(?:\$ )?acquaint ([a-z-]+)", README.read_text(), flags=re.M))
    assert used, "the README should tour the CLI"
    assert used <= names, f"README uses unknown commands: {used - names}"


PROTOCOL = Path(__file__).parent.parent / "docs" / "PROTOCOL.md"


def _json_blocks(text: str) -> list[dict]:
    import json

    blocks = []
    for block in re.findall(r"```json\n(.*?)```", text, flags=re.S):
        try:
            blocks.append(json.loads(block))
        except json.JSONDecodeError:
            continue  # shape sketches, not examples
    return blocks


def _shape(value, depth=0):
    """Keys all the way down (lists by their first item), so examples may shorten lists and values."""
    if isinstance(value, dict):
        return {key: _shape(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_shape(value[0], depth + 1)]
    return None


def test_every_protocol_example_gets_the_documented_response(home, cli):
    from acquaint.service import HostService

    cli("add", "Jane Doe", "--linkedin", "jane-doe-4a1b2c", "--x", "@janedoe")
    cli("log", "jane", "message", "--in")
    cli("log", "jane", "message", "--in")  # and then she helped: so give_first has a line in two lists
    cli("log", "jane", "favor-received")
    blocks = _json_blocks(PROTOCOL.read_text())
    pairs = [(blocks[n], blocks[n + 1]) for n in range(len(blocks) - 1)
             if "type" in blocks[n] and "ok" not in blocks[n] and "ok" in blocks[n + 1]]
    assert {request["type"] for request, _ in pairs} == set(HostService().handlers)
    service = HostService()
    for request, documented in pairs:
        actual = service.respond(request)
        assert actual["ok"] == documented["ok"], (request, actual)
        assert actual["id"] == documented["id"]
        expected_shape, actual_shape = _shape(documented), _shape(actual)
        if request["type"] == "check":  # the example shortens the breakdown, and omits nothing else
            assert set(actual_shape["verdict"]) == set(expected_shape["verdict"])
            assert actual["verdict"]["ask"] == documented["verdict"]["ask"]
        else:
            assert actual_shape == expected_shape, request["type"]


def test_protocol_error_codes_table_matches_the_code():
    from acquaint import errors

    def every(cls):
        return {cls, *(grand for child in cls.__subclasses__() for grand in every(child))}

    section = PROTOCOL.read_text().split("## Error codes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M))
    # Each error class carries its code; the framing and dispatch codes are given where they are raised.
    produced = {cls.code for cls in every(errors.AcquaintError)} | {
        "too_large", "bad_utf8", "bad_json", "not_object", "unknown_type", "internal"}
    assert documented == produced


def _readme_tour_and_sample() -> tuple[list[list[str]], str]:
    """The README's commands up to `acquaint show jane`, and the output it shows for it."""
    import shlex

    text = README.read_text(encoding="utf-8")
    tour = next(block for block in text.split("```sh\n")[1:] if block.startswith('acquaint add "Jane Doe"'))
    commands = []
    for line in tour.split("```")[0].splitlines():
        words = shlex.split(line, comments=True)
        if words[:2] == ["acquaint", "show"]:
            break
        commands.append(words[1:])
    sample = text.split("`acquaint show jane` prints:\n\n```\n", 1)[1].split("```", 1)[0]
    return commands, sample


def test_the_readme_show_sample_is_what_its_own_commands_print(cli):
    from datetime import datetime, timezone

    now = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
    commands, sample = _readme_tour_and_sample()
    assert [c[0] for c in commands] == ["add", "log", "log", "log"]
    for command in commands:
        assert cli(*command, now=now).code == 0, command
    assert cli("show", "jane", now=now).out == sample


HISTORY_MD = README.parent / "docs" / "HISTORY.md"


def _fields_of_table(text: str, heading: str) -> set[str]:
    """The field names in the first column of the table that follows `heading` in docs/HISTORY.md."""
    rows = text.split(heading, 1)[1].split("\n\n", 2)[1]
    return {name for row in rows.splitlines()[2:] for name in re.findall(r"`(\w+)`", row.split("|")[1])}


def test_history_md_describes_the_documents_and_numbers_the_code_uses(home, cli):
    from acquaint.kinds import KINDS
    from acquaint.schema import PERSON_DEFAULTS, SCHEMA_VERSION
    from acquaint.store import LAYOUT_VERSION, RESTORABLE_VERSIONS, UNDO_DEPTH
    from conftest import read_history

    text = HISTORY_MD.read_text(encoding="utf-8")
    assert _fields_of_table(text, "`people` — one document per person:") == set(PERSON_DEFAULTS)
    cli("add", "Jane Doe", "--x", "@janedoe")
    cli("log", "jane", "call", "--note", "met at PyCon")
    written = next(iter(read_history(home)["interactions"].values()))
    assert _fields_of_table(text, "`interactions` — one document per interaction:") == {*written, "via"}
    kind_row = next(row for row in text.splitlines() if row.startswith("| `kind` |"))
    assert set(re.findall(r"`([\w-]+)`", kind_row.split("|")[3])) == set(KINDS)
    assert f"## The documents (schema version {SCHEMA_VERSION})" in text
    assert f"(the\nlayout version, {LAYOUT_VERSION})" in text or f"(the layout version, {LAYOUT_VERSION})" in text
    assert RESTORABLE_VERSIONS == 5 and "**Five restorable versions**" in text
    assert f"**Undo and redo of the last {UNDO_DEPTH} changes**" in text
