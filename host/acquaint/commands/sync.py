"""acquaint sync: one history on every computer, through a folder the user already syncs (docs/SYNC.md)."""

from ._common import add_json_option

EXAMPLES = """\
  acquaint sync init ~/Sync/acquaint              the first computer: start syncing into this folder
  acquaint sync init ~/Dropbox/acquaint --join    another computer: join the history the folder holds
  acquaint sync status
  acquaint sync now                               merge what the others wrote (the browser does it too)
  acquaint sync off
"""


def configure(parser):
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="start syncing this history through DIR (made by the sync tool)")
    init.add_argument("folder", metavar="DIR", help="a folder Syncthing, Dropbox, iCloud Drive or OneDrive syncs")
    init.add_argument("--name", help="this computer's name, as the others show it (default: its host name)")
    init.add_argument("--join", action="store_true",
                      help="merge this computer's history into the one DIR holds (asked for when both have people)")
    add_json_option(init)
    status = actions.add_parser("status", help="the folder, each computer's last change merged, and any problem")
    add_json_option(status)
    now = actions.add_parser("now", help="merge the other computers' changes now, and publish this one's")
    add_json_option(now)
    off = actions.add_parser("off", help="stop syncing this computer (the folder and the others are left as they are)")
    add_json_option(off)


def run(args, context):
    from ..sync import engine

    history = context.history
    if args.action == "init":
        report = engine.init(history, args.folder, args.name, join_other=args.join)
        if args.json:
            return _json(report, context)
        joined = f"joined the history of {', '.join(report['devices'])}" if report["joined"] else \
            "started the shared history"
        context.out.write(f"Sync is on: this computer ('{report['name']}') {joined} in {args.folder}.\n"
                          "Run the same command on your other computers, with --join.\n")
        return
    if args.action == "now":
        report = engine.pull(history)
        if args.json:
            return _json(report, context)
        context.out.write(f"Merged {report['merged']} file(s) from other computers.\n" if report["merged"]
                          else "Nothing new from other computers.\n")
        for problem in report["problems"]:
            context.out.write(f"Problem: {problem}\n")
        return
    if args.action == "off":
        state = engine.off(history)
        if args.json:
            return _json({"was": state and state["folder"]}, context)
        context.out.write(f"Sync is off; {state['folder']} and the other computers are left as they are.\n"
                          if state else "Sync was not on.\n")
        return
    status = engine.status(history)
    if args.json:
        return _json(status, context)
    if status is None:
        context.out.write("Sync is off. `acquaint sync init DIR` turns it on (see `acquaint sync --help`).\n")
        return
    context.out.write(f"Syncing through {status['folder']} as '{status['name']}' (device {status['device']}).\n")
    context.out.write(f"This computer's last change published: {_when(status['last_published'])}\n")
    if not status["devices"]:
        context.out.write("No other computer has joined yet.\n")
    for device in status["devices"]:
        waiting = f"; {device['files_waiting']} file(s) not merged yet" if device["files_waiting"] else ""
        context.out.write(f"  {device['name']}: last change {_when(device['last_change'])}, merged "
                          f"{_when(device['merged'])}{waiting}\n")
    for problem in status["problems"]:
        context.out.write(f"Problem: {problem}\n")


def _when(moment):
    return moment.replace("T", " ")[:16] + " UTC" if moment else "never"


def _json(value, context):
    from ..output import print_json

    print_json(value, context.out)
