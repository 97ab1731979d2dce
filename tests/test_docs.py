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
    from acquaint.service import ERROR_CODES

    section = PROTOCOL.read_text().split("## Error codes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M))
    produced = set(ERROR_CODES.values()) | {"too_large", "bad_utf8", "bad_json", "not_object", "unknown_type",
                                            "internal"}
    assert documented == produced
