"""Every command has help with an example, and the README's CLI tour uses real commands."""

import re
from pathlib import Path

import pytest

from acquaint.commands import COMMANDS

README = Path(__file__).parent.parent / "README.md"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.NAME)
def test_each_command_has_help_with_an_example(cli, command):
    result = cli(command.NAME, "--help")
    assert result.code == 0
    assert command.SUMMARY and command.SUMMARY in result.out
    assert "examples:" in result.out
    assert f"acquaint {command.NAME}" in command.EXAMPLES


def test_top_level_help_has_examples(cli):
    result = cli("--help")
    assert result.code == 0 and "examples:" in result.out
    for command in COMMANDS:
        assert command.NAME in result.out


def test_readme_mentions_only_real_commands():
    names = {c.NAME for c in COMMANDS}
    used = set(re.findall(r"^\s*(?:\$ )?acquaint ([a-z-]+)", README.read_text(), flags=re.M))
    assert used, "the README should tour the CLI"
    assert used <= names, f"README uses unknown commands: {used - names}"
