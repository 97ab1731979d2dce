"""acquaint redo: make again the change the last `acquaint undo` reverted (repeatable)."""

from ._common import add_json_option

EXAMPLES = """\
  acquaint undo
  acquaint redo
"""


def configure(parser):
    add_json_option(parser)


def run(args, context):
    from ..output import print_json

    record = context.history.redo()
    if args.json:
        print_json({"redone": record["description"], "at": record["at"]}, context.out)
        return
    context.out.write(f"Redid: {record['description']} (from {record['at'].replace('T', ' ')[:16]} UTC)\n")
