"""acquaint merge: two records that are one person become one."""


EXAMPLES = """\
  acquaint merge 3 17
  acquaint merge linkedin:jane-doe-4a1b2c x:@janedoe
"""


def configure(parser):
    parser.add_argument("keep", metavar="A", help="the person to keep")
    parser.add_argument("drop", metavar="B", help="the person merged into A and removed")


def run(args, context):
    from ..people import label, merge_people, resolve

    with context.history.change(f"merge {args.drop} into {args.keep}") as tx:
        keep_id, drop_id = resolve(tx, args.keep), resolve(tx, args.drop)
        dropped = label(drop_id, tx.people[drop_id])
        moved = merge_people(tx, keep_id, drop_id, now=context.now)
        kept = label(keep_id, tx.people[keep_id])
    context.out.write(f"Merged {dropped} into {kept}; moved {moved} interactions\n")
