"""acquaint restore: put a backup back in place of a damaged or unwanted history file."""

import shutil
from pathlib import Path

from ..dates import now_utc
from ..errors import InvalidValue
from ..output import print_json
from ..storage import parse_history
from ._common import add_json_option

NAME = "restore"
SUMMARY = "replace the history with a backup (the newest good one by default)"
EXAMPLES = """\
  acquaint restore
  acquaint restore --list
  acquaint restore history.json.bak-3
"""


def configure(parser):
    parser.add_argument("backup", nargs="?", help="backup file (default: the newest one that reads)")
    parser.add_argument("--list", action="store_true", help="list the backups and whether each reads")
    add_json_option(parser)


def _readable(path: Path) -> bool:
    try:
        parse_history(path.read_bytes())
        return True
    except (OSError, ValueError):
        return False


def run(args, context):
    history = context.history
    storage = history.storage
    if args.list:
        backups = storage.backup_paths()
        if args.json:
            print_json([{"path": str(p), "bytes": p.stat().st_size, "readable": _readable(p)} for p in backups],
                       context.out)
            return
        for path in backups:
            state = "good" if _readable(path) else "damaged"
            context.out.write(f"{path}  {path.stat().st_size} bytes  {state}\n")
        if not backups:
            context.out.write(f"No backups beside {history.path} yet\n")
        return
    if args.backup:
        chosen = Path(args.backup)
        if not chosen.is_absolute() and not chosen.exists():
            chosen = history.path.parent / chosen
        if not chosen.exists():
            raise InvalidValue(f"no backup {args.backup}; `acquaint restore --list` shows them")
        if not _readable(chosen):
            raise InvalidValue(f"{chosen} is damaged too; `acquaint restore --list` shows which backups read")
    else:
        chosen = storage.newest_good_backup()
        if chosen is None:
            raise InvalidValue(f"no readable backup beside {history.path}")
    with storage.locked():
        if history.path.exists():
            # The file being replaced is kept, damaged or not: restoring must not lose anything either.
            kept = history.path.with_name(f"{history.path.name}.replaced-{now_utc():%Y%m%dT%H%M%S}")
            shutil.copy2(history.path, kept)
            context.out.write(f"Kept the replaced file as {kept}\n")
        storage.write(parse_history(chosen.read_bytes()))
    context.out.write(f"Restored {history.path} from {chosen}\n")
