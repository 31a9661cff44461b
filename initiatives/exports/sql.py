"""Cells formatted by the database, and CSV written by PostgreSQL's COPY.

Why in SQL: on a million stances, turning timestamps and dates into Python objects and back into
text cost more than the rest of the export; and even with plain text columns, fetching rows into
Python tuples and writing them with the csv module runs at about a third of PostgreSQL's
`COPY ... TO STDOUT WITH CSV` (benchmarks/bench_export.py). So every cell is text or an integer
by the time it leaves the database, and on PostgreSQL the database writes the CSV itself.

Both backends give the same bytes: empty text is sent as NULL (COPY would quote an empty string
as ""), lines end in LF as COPY's do, and numbers and dates are formatted here, not by each
backend's defaults.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection
from django.db.models import Case, CharField, Count, F, Func, IntegerField, Subquery, Value, When
from django.db.models.functions import Coalesce

from .formulas import neutralised_text

# Bytes per block handed to the response: COPY sends one message per row, and a response that
# writes each 400-byte row to the socket on its own spends its time in system calls.
COPY_BLOCK_BYTES = 256 * 1024


class _Formatted(Func):
    """A date or timestamp as text, in each backend's own formatting function."""

    output_field = CharField()
    postgresql_format = ""
    sqlite_format = ""

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=f"to_char(%(expressions)s, '{self.postgresql_format}')"
        )

    def as_sqlite(self, compiler, connection, **extra):
        # Doubled twice: once for this template, once for the backend's parameter style.
        sqlite_format = self.sqlite_format.replace("%", "%%%%")
        return self.as_sql(compiler, connection, template=f"strftime('{sqlite_format}', %(expressions)s)")


class DayText(_Formatted):
    postgresql_format = "YYYY-MM-DD"
    sqlite_format = "%Y-%m-%d"


class MonthText(_Formatted):
    postgresql_format = "YYYY-MM"
    sqlite_format = "%Y-%m"


class YearText(_Formatted):
    postgresql_format = "YYYY"
    sqlite_format = "%Y"


class UtcTimestampText(_Formatted):
    """ISO 8601 in UTC to the second: 2025-02-11T09:30:00Z."""

    sqlite_format = "%Y-%m-%dT%H:%M:%SZ"  # SQLite stores Django's aware datetimes as UTC text

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
        )


class FixedPointText(Func):
    """A number with three decimals (0.750), the same on every backend."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'FM0.000')")

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="printf('%%%%.3f', %(expressions)s)")


def text(path: str):
    """A text field, with empty text sent as NULL (see the module docstring) and a cell that a
    spreadsheet would run as a formula marked as text (formulas.py)."""
    return neutralised_text(path)


def day(path: str):
    return DayText(F(path))


def partial_date(value: str, precision: str):
    """A date at its precision: 2025-09-02, 2025-09 or 2025."""
    return Case(
        When(**{precision: "year"}, then=YearText(F(value))),
        When(**{precision: "month"}, then=MonthText(F(value))),
        default=DayText(F(value)),
        output_field=CharField(),
    )


def timestamp(path: str):
    return UtcTimestampText(F(path))


def boolean(path: str):
    return Case(
        When(**{path: True}, then=Value("true")),
        When(**{path: False}, then=Value("false")),
        default=None,
        output_field=CharField(),
    )


def fixed_point(path: str):
    return FixedPointText(F(path))


def count_of(queryset, by: str):
    """How many rows of `queryset`, correlated to the outer row through the field `by` (filtered on
    OuterRef by the caller), 0 for none: an integer cell."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), Value(0), output_field=IntegerField())


def copy_blocks(queryset) -> Iterator[bytes]:
    """The rows of a values_list queryset as CSV written by PostgreSQL's COPY, in blocks."""
    sql, params = queryset.query.sql_with_params()
    # psycopg 3 binds the parameters into the COPY statement on the client side.
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with (
        connection.cursor() as cursor,
        _logged(cursor, statement, params),
        cursor.cursor.copy(statement, params) as copy,
    ):
        block = bytearray()
        for data in copy:
            block += data
            if len(block) >= COPY_BLOCK_BYTES:
                yield bytes(block)
                block.clear()
        if block:
            yield bytes(block)


def _logged(cursor, statement, params):
    """Record the COPY like any other query when Django logs queries (DEBUG, query-count tests)."""
    debug_sql = getattr(cursor, "debug_sql", None)
    return debug_sql(statement, params) if debug_sql else contextlib.nullcontext()


def database_writes_csv() -> bool:
    return connection.vendor == "postgresql"
