"""acquaint restore: make an earlier version of the history current again (the newest good one by default)."""

from pathlib import Path

from ..errors import AcquaintError, InvalidValue
from ._common import add_json_option

EXAMPLES = """\
  acquaint restore
  acquaint restore --list
  acquaint restore 41
  acquaint restore history.json.bak-3        # a copy from before the history folder
"""


def configure(parser):
    parser.add_argument("version", nargs="?",
                        help="a version number from --list, or a history.json copy (default: the newest that reads)")
    parser.add_argument("--list", action="store_true", help="list the versions and copies, and whether each reads")
    add_json_option(parser)


def _listing(history) -> list[dict]:
    from ..legacy import leftovers, read

    store = history.store
    try:
        current = store.head()
    except AcquaintError:  # a damaged or missing current version is what restore is for
        current = None
    rows = [{"version": m["seq"], "at": m["at"], "description": m.get("description", ""),
             "people": m["counts"]["people"], "readable": store.readable(m),
             "current": bool(current) and m["seq"] == current["seq"]} for m in history.versions()]
    if history.legacy_file is not None:
        for path in leftovers(history.legacy_file):
            try:
                people = len(read(path)[0].get("people", {}))
            except AcquaintError:
                people = None
            rows.append({"version": path.name, "at": "", "description": "a copy from before the history folder",
                         "people": people, "readable": people is not None, "current": False})
    return rows


def run(args, context):
    from ..legacy import read
    from ..output import print_json, table

    history = context.history
    if args.list:
        rows = _listing(history)
        if args.json:
            print_json(rows, context.out)
            return
        if not rows:
            context.out.write(f"No versions of {history.path} yet\n")
            return
        shown = [(str(r["version"]) + (" (current)" if r["current"] else ""), r["at"].replace("T", " ")[:16],
                  "" if r["people"] is None else str(r["people"]), "good" if r["readable"] else "damaged",
                  r["description"]) for r in rows]
        context.out.write(table(shown, ("VERSION", "WHEN (UTC)", "PEOPLE", "STATE", "CHANGE")) + "\n")
        return
    if args.version and not args.version.isdecimal():
        chosen = Path(args.version)
        if not chosen.is_absolute() and history.legacy_file is not None and not chosen.exists():
            chosen = history.legacy_file.parent / chosen
        if not chosen.exists():
            raise InvalidValue(f"no version or copy {args.version!r}; `acquaint restore --list` shows them")
        data, _ = read(chosen)
        result = history.restore(legacy_data=data, source=chosen.name)
    else:
        result = history.restore(int(args.version) if args.version else None)
    context.out.write(f"Restored {result['restored']} as version {result['version']}.\n")
    if result["replaced"]:
        context.out.write(f"The state it replaced is kept as version {result['replaced']}: "
                          f"`acquaint restore {result['replaced']}` brings it back.\n")
