"""Regions of a text that name nothing: datelines and the link lists that survive extraction.

A dateline ("WASHINGTON (Reuters) -") names where a story was filed, not who acted; a menu or a list of
"related stories" names other stories. Both are read before anything else, so that no mention or
stance comes from them.
"""

from __future__ import annotations

import re

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTH}|{_MONTH}[ \t]+\d{{1,2}})(?:,?[ \t]+\d{{4}})?"
# "WASHINGTON (Reuters) -", "GYEONGJU, South Korea, Nov 1 (Reuters) -", "NEW DELHI:", "Beijing (Xinhua) --",
# "Paris, 11 February 2025 -", "NEW DELHI, 21st February, 2026 (WAM) --", "New Delhi, Feb 24 (IANS)",
# "New Delhi: The summit …": a place at the start of a line, then an agency or a date, then a dash (or, after a
# date, an agency in capitals; or a colon before the sentence's article or preposition).
_DATELINE = re.compile(
    rf"""^[ \t]*(?:
        [A-Z][A-Z'’.\-]{{2,}}(?:[ \t]+[A-Z][A-Z'’.\-]+)*(?:,[ \t]*[A-Z][\w.'’\- ]{{1,40}}?)*
            (?:,[ \t]*{_DATE})?(?:[ \t]*\([^)\n]{{2,40}}\))?[ \t]*(?:[-–—]{{1,2}}|:)
      | [A-Z][a-z'’.\-]+(?:[ \t]+[A-Z][a-z'’.\-]+){{0,2}}(?:,[ \t]*[A-Z][\w.'’\- ]{{1,40}}?)?
            (?:(?:,[ \t]*{_DATE})?[ \t]*\([A-Z][^)\n]{{1,40}}\)|,[ \t]*{_DATE})[ \t]*(?:[-–—]{{1,2}}|:)
      | [A-Z][a-z'’.\-]+(?:[ \t]+[A-Z][a-z'’.\-]+){{0,2}},[ \t]*{_DATE}[ \t]*\([A-Z]{{2,8}}\)
      | [A-Z][a-z'’.\-]+(?:[ \t]+[A-Z][a-z'’.\-]+){{0,2}}:(?=[ \t]+(?:The|A|An|In|On|At)[ \t])
    )[ \t]""",
    re.M | re.X,
)
_BOILERPLATE = re.compile(
    r"^[ \t]*(?:related(?:[ \t]+(?:stories|articles|news|content|coverage|reading|links|topics|posts))?\b[ \t]*:?[ \t]*$|"
    r"related[ \t]*:|read more\b|see also\b|more from\b|more on this\b|more stories\b|also read\b|read also\b|"
    r"recommended\b|most read\b|most popular\b|top stories\b|trending\b|latest news\b|further reading\b|"
    r"you (?:may|might) also like\b|don'?t miss\b|editor'?s picks?\b|advertisement\b|sign up\b|subscribe\b|"
    r"follow us\b|share this\b|topics:|tags:|we use cookies\b|this (?:site|website) uses cookies\b|"
    r"all rights reserved\b|©|copyright\b).*$",
    re.M | re.I,
)
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_SENTENCE_LINE = re.compile(r"[.!?][\"”’)\]]?\s*$")


def _link_list_spans(text: str) -> list[tuple[int, int]]:
    """Lines of link lists that survive extraction: menus, "related stories", "most read".

    A link list shows as a run of short lines that are not sentences. A run of three or more is dropped;
    so is any such line right after a boilerplate heading ("Read more", "Related stories").
    """
    spans, run, after_heading = [], [], False

    def close():
        if len(run) >= 3 or (run and run[0][2]):
            spans.extend((a, b) for a, b, _ in run)
        run.clear()

    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            if match.end() >= len(text):
                break
            continue
        if _BOILERPLATE.match(stripped):
            close()
            spans.append((match.start(), match.end()))
            after_heading = True
            continue
        words = len(stripped.split())
        # After a boilerplate heading, any short line is a link; elsewhere only menu-like items of a few words
        # (a list of content keeps its bullets: trafilatura writes them as "- …", and drops link lists itself).
        is_item = not _SENTENCE_LINE.search(stripped) and (
            words <= 16 if after_heading else words <= 4 and not stripped.startswith(("- ", "• "))
        )
        if is_item:
            run.append((match.start(), match.end(), after_heading))
        else:
            close()
            after_heading = False
    close()
    return spans


def skipped_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of every dateline and link-list line, in order."""
    spans = [(m.start(), m.end()) for m in _DATELINE.finditer(text)]
    spans += _link_list_spans(text)
    return sorted(spans)
