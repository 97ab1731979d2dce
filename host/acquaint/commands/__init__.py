"""One module per `acquaint` command. Each has NAME, SUMMARY, EXAMPLES, configure(parser), run(args, context)."""

from . import (
    add,
    alias,
    check,
    doctor,
    edit,
    export,
    find,
    importing,
    listing,
    log,
    merge,
    redo,
    remove,
    restore,
    show,
    undo,
)

COMMANDS = [add, edit, alias, remove, merge, log, listing, find, show, check, importing, export, undo, redo, restore,
            doctor]
