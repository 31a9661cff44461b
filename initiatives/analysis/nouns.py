"""Where a text's document nouns stand ("declaration", "treaty", "body" …), found once for the readers that
start from them (references.py, descriptions.py).

Each noun is looked for alone: the regular-expression engine finds a lone word by its fast search, where a
pattern of alternatives led by a word boundary is tried at every character of the text (a tenth of the
analysis' time went to such scans; benchmarks/bench_analysis.py).
"""

from __future__ import annotations

import re
from functools import cache

# In lower case. "organisation" and "organization", "communique" and "communiqué" are each looked for.
NOUNS = (
    "declaration",
    "statement",
    "initiative",
    "plan",
    "convention",
    "treaty",
    "resolution",
    "act",
    "process",
    "group",
    "dialogue",
    "organisation",
    "organization",
    "body",
    "principles",
    "compact",
    "recommendation",
    "panel",
    "pact",
    "framework",
    "law",
    "text",
    "document",
    "agreement",
    "communique",
    "communiqué",
    "guide",
    "strategy",
    "charter",
)


@cache
def _alone(noun: str) -> re.Pattern:
    return re.compile(re.escape(noun) + r"\b(?!-)")


def noun_spans(lowered: str) -> list[tuple[int, int]]:
    """(start, end) of every whole document noun in the text (in lower case, offsets kept), in order; not
    one run into a hyphen ("act-based")."""
    found = []
    for noun in NOUNS:
        for match in _alone(noun).finditer(lowered):
            start = match.start()
            if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
                continue  # inside a word ("impact", "contract")
            found.append((start, match.end()))
    found.sort()
    return found
