"""manage.py export_csv KIND [--filter key=value ...] [--as-of DATE] [--output FILE] [--excel]

The same code path as /export/<kind>.csv: the same filters, columns and errors. For scheduled
reports, e.g. `manage.py export_csv stances --filter member_of=G20 --as-of 2025-01-01 --output g20.csv`.
Public data only: stances are the published ones.
"""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from ...exports import all_kinds, export_blocks
from ...filters import FilterError


class Command(BaseCommand):
    help = "Write a CSV export (the same as /export/<kind>.csv) to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=all_kinds())
        parser.add_argument(
            "--filter",
            dest="filters",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="A filter, as in the export's URL (repeat it; e.g. --filter actor=CHN,USA). See /data/dictionary/.",
        )
        parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="The state on that date.")
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="Where to write (default: standard output)."
        )
        parser.add_argument("--excel", action="store_true", help="Start with a UTF-8 byte-order mark.")

    def handle(self, *args, kind, filters, as_of, output, excel, **options):
        params = QueryDict(mutable=True)
        for item in filters:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"--filter takes key=value, got {item!r}.")
            params.appendlist(key.strip(), value.strip())
        if as_of:
            params["as_of"] = as_of
        try:
            _filename, blocks = export_blocks(kind, params, excel=excel)
        except FilterError as error:
            raise CommandError(error.message) from error
        if not output:
            for block in blocks:
                # Blocks end at row boundaries, so each decodes on its own.
                self.stdout.write(block.decode("utf-8"), ending="")
            return
        # Write beside the target and rename: a scheduled report never leaves a half-written file.
        target = Path(output)
        handle, temporary = tempfile.mkstemp(
            dir=target.parent or ".", prefix=f".{target.name}.", suffix=".part"
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                for block in blocks:
                    stream.write(block)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if options.get("verbosity", 1) > 1:
            sys.stderr.write(f"Wrote {target}\n")
