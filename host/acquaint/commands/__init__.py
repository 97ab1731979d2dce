"""One module per `acquaint` command. Each has NAME, SUMMARY, EXAMPLES, configure(parser), run(args, context)."""

from . import add, alias, check, doctor, edit, export, find, listing, log, merge, remove, restore, show, undo

COMMANDS = [add, edit, alias, remove, merge, log, listing, find, show, check, export, undo, restore, doctor]
