"""acquaint doctor: check the browser setup, the host round trip and the history."""

from pathlib import Path

from ._common import add_json_option

EXAMPLES = """\
  acquaint doctor
  acquaint doctor --user-data-dir /tmp/test-profile
"""


def configure(parser):
    parser.add_argument("--user-data-dir", action="append", default=[], type=Path, metavar="DIR",
                        help="also check a Chromium-family profile started with --user-data-dir=DIR")
    add_json_option(parser)


def run(args, context):
    from dataclasses import asdict

    from ..doctor import diagnose, report  # the installer's knowledge: loaded for this command only
    from ..installer import System
    from ..output import print_json

    findings = diagnose(System.current(), args.user_data_dir)
    text, code = report(findings)
    if args.json:
        print_json({"ok": code == 0, "findings": [asdict(f) for f in findings]}, context.out)
    else:
        context.out.write(text)
    return code
