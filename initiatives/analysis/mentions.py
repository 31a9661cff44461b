"""Names: where a text names an actor, a framework or a summit, read in one pass over its folded words.

Every alias occurrence the index finds is checked by the guards, then one reading is chosen where
names overlap: the longest name first. Inside a chosen framework or summit name, organisations are
mentions too (the EU in "the EU AI Act"), and so are summits and frameworks ("the Paris AI Action
Summit declaration" names the summit, "the meeting of the HAP Friends Group" the group); countries and
cities are not ("Seoul Declaration"). A leader named in full is then found by one part of the name.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..choices import AliasKind
from .descriptions import stem
from .folding import FoldedText, fold_phrase
from .guards import accept
from .index import AliasEntry, AliasIndex
from .language import applies
from .paraphrase import canonical
from .results import MentionHit, mention
from .spans import Spans

_LED = re.compile(r"-(?:led|backed|proposed|sponsored|drafted|brokered|initiated)\b")


def find_names(
    folded: FoldedText, index: AliasIndex, *, published=None, skipped: Spans, language: str = "en"
) -> list[MentionHit]:
    """The names in the text, in text order; nothing inside the skipped regions (datelines, link lists).
    language: the text's (language.py); names in another language that is told apart are not read."""
    chosen, nested = _longest_first(_candidates(folded, index, published, skipped, language))
    chosen += _short_forms(folded, chosen)
    chosen += _named_inside(folded, chosen, nested)
    chosen.sort(key=lambda c: (c[0], c[1]))
    hits = []
    for first, last, entry in chosen:
        start, end = folded.span(first, last)
        hits.append(
            mention(folded.text, entry.target_type, entry.key, entry.name, start, end, entry.is_organisation)
        )
    return hits


def _candidates(
    folded: FoldedText, index: AliasIndex, published, skipped: Spans, language: str = "en"
) -> list:
    """(first, -length, last, entry, accepted entries) of every alias occurrence the guards accept."""
    candidates = []
    for first, last, group in index.find(folded):
        start, end = folded.span(first, last)
        if skipped.overlaps(start, end):
            continue  # datelines and link lists are read before anything else, so they hide nothing
        accepted = [
            e
            for e in group
            if applies(e.language, language)
            and accept(e, folded, first, last, published)
            and (e.target_type != "framework" or not _topic_goes_on(e, folded, last, index))
        ]
        if accepted:
            candidates.append((first, -(last - first), last, accepted[0], accepted))
    candidates.sort(key=lambda c: c[:3])
    return candidates


_TOPIC_ENDS = ("ai", "intelligence")


def _topic_goes_on(entry: AliasEntry, folded: FoldedText, last: int, index: AliasIndex) -> bool:
    """(For a framework's entry.) Whether its paraphrase that ends on its topic ("the first resolution on artificial
    intelligence") goes on with a word of other frameworks' names that its own lack: "the first resolution on
    AI risks in nuclear weapons" is another resolution."""
    if entry.kind != AliasKind.PARAPHRASE or last + 1 >= len(folded.words):
        return False
    if folded.words[last] not in _TOPIC_ENDS:
        return False
    descriptions = getattr(index, "descriptions", None)
    found = descriptions.weights.get(stem(folded.words[last + 1])) if descriptions else None
    return found is not None and entry.key not in found[1]


def _longest_first(candidates: list) -> tuple[list, list]:
    """The names read where occurrences overlap, longest first, and the occurrences nested inside them.

    A window alias ("APEC … Shenzhen") counts only where no framework or summit name is read over its
    words. Chosen names never overlap one another, and windows come in text order, so one bisection into
    the names and the furthest end of the windows taken so far answer each window: linear in the text.
    """
    chosen, nested, windows, taken_until = [], [], [], -1
    for first, _, last, entry, accepted in candidates:
        if entry.is_window:
            windows.append((first, last, entry))  # words near each other: only where no name is read
            continue
        if first <= taken_until:
            nested.append((first, last, accepted))
            continue
        taken_until = last
        chosen.append((first, last, entry))
    # Token ranges are inclusive: (first, last + 1) as character-like spans for Spans.overlaps.
    names = Spans((f, t + 1) for f, t, e in chosen if e.target_type != "actor")
    windows_until = -1
    for first, last, entry in windows:
        if names.overlaps(first, last + 1) or first <= windows_until:
            continue
        chosen.append((first, last, entry))
        if entry.target_type != "actor":
            windows_until = max(windows_until, last)
    return chosen, nested


def _named_inside(folded: FoldedText, chosen: list, nested: list) -> list:
    """Organisations, and summits or frameworks, named inside a chosen framework or summit name."""
    # Chosen names do not overlap: the one that can hold a nested match is the last to start before it.
    names = sorted(
        ((f, t, e) for f, t, e in chosen if e.target_type in ("framework", "summit")), key=lambda n: n[0]
    )
    name_starts = [f for f, _, _ in names]
    found, inner_until = [], -1
    for first, last, accepted in nested:
        if first <= inner_until:
            continue
        i = bisect_right(name_starts, first) - 1
        if i < 0 or names[i][1] < last:
            continue
        outer = names[i][2]
        inner = next((e for e in accepted if _named_inside_name(folded, last, e, outer)), None)
        if inner is not None:
            found.append((first, last, inner))
            inner_until = last
    return found


def _named_inside_name(folded: FoldedText, last: int, entry: AliasEntry, outer: AliasEntry) -> bool:
    return (
        (entry.is_organisation and entry.kind in (AliasKind.NAME, AliasKind.ABBREVIATION))
        # "the China-led resolution": a country that leads or backs it is named, not a place
        or (entry.target_type == "actor" and bool(_LED.match(folded.text, folded.ends[last])))
        or (entry.target_type == "framework" and outer.target_type == "summit")
        # "the Paris AI Action Summit declaration" names the summit; "the Bletchley Declaration" does not
        or (
            entry.target_type == "summit"
            and outer.target_type == "framework"
            and _names_a_meeting(entry.text)
        )
    )


def _names_a_meeting(alias: str) -> bool:
    return bool({canonical(w) for w in fold_phrase(alias).split()} & {"summit", "forum", "session"})


def _short_forms(folded: FoldedText, chosen) -> list:
    """A leader named in full is later named by one part of the name ("Lee Jae-myung" … "Lee said")."""
    forms: dict[str, tuple[int, AliasEntry]] = {}
    for first, last, entry in chosen:
        if entry.kind == AliasKind.LEADER and last > first:
            for position in (first, last):
                word = folded.words[position]
                if len(word) > 2 and folded.text[folded.starts[position]].isupper():
                    forms.setdefault(word, (last, entry))
    if not forms:
        return []
    taken = {p for f, t, _ in chosen for p in range(f, t + 1)}
    found = []
    for position, word in enumerate(folded.words):
        form = forms.get(word)
        if (
            form
            and position > form[0]
            and position not in taken
            and folded.text[folded.starts[position]].isupper()
        ):
            found.append((position, position, form[1]))
    return found
