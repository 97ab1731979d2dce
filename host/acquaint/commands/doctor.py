"""acquaint doctor: check the browser setup, the host round trip and the history."""

from pathlib import Path

from ..doctor import diagnose, report
from ..installer import System

NAME = "doctor"
SUMMARY = "check that each browser can reach the host, that it answers, and that the history reads"
EXAMPLES = """\
  acquaint doctor
  acquaint doctor --user-data-dir /tmp/test-profile
"""


def configure(parser):
    parser.add_argument("--user-data-dir", action="append", default=[], type=Path, metavar="DIR",
                        help="also check a Chromium-family profile started with --user-data-dir=DIR")


def run(args, context):
    text, code = report(diagnose(System.current(), args.user_data_dir))
    context.out.write(text)
    return code
