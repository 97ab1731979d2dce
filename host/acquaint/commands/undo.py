"""acquaint undo: revert the last change (repeatable), or list the changes that can be undone."""

from ._common import add_json_option

EXAMPLES = """\
  acquaint undo
  acquaint undo --list
"""


def configure(parser):
    parser.add_argument("--list", action="store_true", help="list the changes that can be undone, newest first")
    add_json_option(parser)


def run(args, context):
    from ..output import print_json, table

    if args.list:
        entries = context.history.read().undo_entries()
        if args.json:
            print_json([{"at": e["at"], "description": e["description"]} for e in entries], context.out)
            return
        if not entries:
            context.out.write("Nothing to undo\n")
            return
        rows = [(e["at"].replace("T", " ")[:16], e["description"]) for e in entries]
        context.out.write(table(rows, ("WHEN (UTC)", "CHANGE")) + "\n")
        return
    record = context.history.undo()
    if args.json:
        print_json({"undone": record["description"], "at": record["at"]}, context.out)
        return
    context.out.write(f"Undid: {record['description']} (from {record['at'].replace('T', ' ')[:16]} UTC)\n")
