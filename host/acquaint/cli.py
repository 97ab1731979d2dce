"""The `acquaint` command line: parses arguments, runs one command, turns errors into `Error: …` lines.

The work lives in the library modules; each command is a small module in `acquaint.commands`.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Sequence, TextIO

from . import __version__
from .commands import COMMANDS, load
from .errors import AcquaintError, HistoryBusy

if TYPE_CHECKING:
    from .history import History

DESCRIPTION = """\
Acquaint keeps your contact history — who you know on LinkedIn and X, how you
met, who helped whom — and tells you, when someone asks a favour, how well you
really know them. Everything stays on this computer.

examples:
  acquaint add "Jane Doe" --linkedin https://www.linkedin.com/in/jane-doe-4a1b2c --x @janedoe
  acquaint log jane call --at 2025-03-02 --note "intro call"
  acquaint show jane
  acquaint list --sort last
"""


class Context:
    """What a command needs from the outside world; tests pass their own."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None, stdin: TextIO | None = None,
                 now: datetime | None = None, history: History | None = None):
        from .dates import now_utc

        self.out, self.err, self.stdin = out or sys.stdout, err or sys.stderr, stdin or sys.stdin
        self.now = now or now_utc()
        self.history = history or _history()

    def writing_to(self, out: TextIO) -> Context:
        return Context(out, self.err, self.stdin, self.now, self.history)

    def confirm(self, question: str) -> bool | None:
        """The user's answer; None when there is nobody to ask (no terminal: a script must say --yes)."""
        if not self.stdin.isatty():
            return None
        self.err.write(f"{question} [y/N] ")
        self.err.flush()
        return self.stdin.readline().strip().lower() in ("y", "yes")


def _history():
    from .history import History  # loaded when a command runs: `acquaint --help` stays quick

    return History()


class _Parser(argparse.ArgumentParser):
    """Usage mistakes read like every other error: one `Error: …` line, exit code 2."""

    def error(self, message: str):
        self.exit(2, f"Error: {message} (see `{self.prog} --help`)\n")


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """Every command is listed; only the one `argv` names gets its options (and its module imported)."""
    parser = _Parser(
        prog="acquaint", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"acquaint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    chosen = next((word for word in argv if not word.startswith("-")), None)
    for name, (_, summary) in COMMANDS.items():
        if name != chosen:
            commands.add_parser(name, help=summary)
            continue
        command = load(name)
        sub = commands.add_parser(
            name,
            help=summary,
            description=f"{summary}\n\nexamples:\n{command.EXAMPLES}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


READ_ATTEMPTS = 5


def main(argv: Sequence[str] | None = None, context: Context | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    from .store import StaleSnapshot  # loaded once a command runs: --help stays quick

    context = context or Context()
    try:
        if args.command not in ("sync", "doctor", "restore"):
            _pull_first(context)
        for _ in range(READ_ATTEMPTS):
            output = io.StringIO()
            try:
                code = args.run(args, context.writing_to(output)) or 0
            except StaleSnapshot:
                continue  # another program pruned the version being read meanwhile: read the new one
            context.out.write(output.getvalue())
            return code
        raise HistoryBusy("the history kept changing while it was read; try again")
    except AcquaintError as error:
        context.err.write(f"Error: {error}\n")
        return 1
    except KeyboardInterrupt:
        context.err.write("Interrupted.\n")
        return 130


def _pull_first(context: Context) -> None:
    """A synced history first takes in what the other computers wrote. Whatever stops that (a damaged history,
    a busy one) is the command's to report, or `acquaint sync status`'s."""
    try:
        context.history.sync_pull()
    except AcquaintError:
        pass


if __name__ == "__main__":
    sys.exit(main())
