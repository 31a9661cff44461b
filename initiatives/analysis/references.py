"""References: mentions that are not names. A framework referred back to ("the declaration", "the body"),
a summit's outcome ("the statement at the Paris AI summit"), a summit named only generically where its
outcome is adopted, and a tracked summit named by its host ("India would host the next summit").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .descriptions import described_frameworks
from .folding import fold_phrase
from .index import AliasIndex
from .nouns import REFERENCE_NOUNS, names_another_text
from .officials import officials
from .paraphrase import canonical
from .places import outcomes_by_place, outcomes_of_summits_after, summits_by_place
from .proposals import proposed_bodies
from .results import MentionHit, mention
from .spans import Spans
from .symbols import frameworks_by_symbol_tail
from .tallies import frameworks_by_tally


def with_references(
    text: str, names: list[MentionHit], index, sentences, published, nouns: list[tuple[int, int]]
) -> list[MentionHit]:
    """The names, the references back to them and the summits named by their host, in text order.
    nouns: where the document nouns stand (cues.CueReader.nouns)."""
    outcomes = outcomes_by_place(text, names, index, published)
    if outcomes:
        # "the Bletchley agreement": the summit's name stands for its outcome here, not for the summit.
        spans = Spans((h.start, h.end) for h in outcomes)
        names = [h for h in names if not (h.target_type == "summit" and spans.covers(h.start, h.end))]
    hits = list(names) + outcomes
    hits += officials(text, hits)
    hits += proposed_bodies(text, hits, index, sentences)
    # Summits first: a reference or a description may be to the outcome of a summit named by place.
    hits += summits_by_place(text, hits, getattr(index, "places", []), sentences, published)
    hits += _hosted_summits(text, hits, index, sentences, published)
    hits += _summits_referred_to(text, hits)
    hits += outcomes_of_summits_after(text, hits, index)
    hits += frameworks_by_symbol_tail(text, hits, index, sentences, published)
    hits += frameworks_by_tally(text, hits, index, sentences)
    hits += described_frameworks(text, hits, index, sentences, nouns, published)
    hits += _references(text, hits, index, sentences, nouns)
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


_HOST = re.compile(r"\b(?:(?:co-?)?host|co-?chair)(?:s|ed|ing)?\b", re.I)
# Lower case: "the OECD Ministerial Council Meeting" is the name of another meeting.
_SUMMIT_WORD = re.compile(r"\b(?:summit|meeting|gathering|conference|next one)\b")
_FUTURE = re.compile(r"\b(?:will|would|to|is set to|plans to|next)\b", re.I)


def _hosted_summits(text, hits, index, sentences, published) -> list[MentionHit]:
    """A tracked summit named by its host: "South Korea will co-host a virtual summit in six months",
    "India would host the next summit". The host's summit nearest the article's date, after it for the
    future tense and before it for the past, within a year and a half. An undated article is read as of the
    one summit it names ("… the Paris summit … India will host the next one")."""
    hosts = getattr(index, "hosts", [])
    if not hosts:
        return []
    day = published if published is not None else _day_of_the_summit_named(hits, index)
    names = getattr(index, "names", {})
    hits = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in hits]
    summits: dict[str, list] = {}
    for h in hits:
        if h.target_type == "summit":
            summits.setdefault(h.key, []).append((h.start, h.end))
    named_at = {key: Spans(spans) for key, spans in summits.items()}
    found = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        if "host" not in sentence and "chair" not in sentence:
            continue  # a quick test before the pattern
        for cue in _HOST.finditer(sentence):
            # "will host a summit", "the AI summit the two leaders co-chaired"
            word = _SUMMIT_WORD.search(sentence, cue.end(), min(len(sentence), cue.end() + 60)) or next(
                iter(list(_SUMMIT_WORD.finditer(sentence, max(0, cue.start() - 40), cue.start()))[-1:]), None
            )
            if word is None or (word.group() == "next one" and "summit" not in sentence):
                continue
            start, end = s_start + word.start(), s_start + word.end()
            if sentence[cue.start() - 1 : cue.start()] == "-":
                # "the French-hosted AI summit": the host is the word joined to the cue, or nobody named.
                joined = s_start + cue.start() - 1
                i = bisect_left(starts, joined) - 1
                while i >= 0 and hits[i].end > joined:
                    i -= 1
                host = (
                    hits[i].key
                    if i >= 0 and hits[i].end == joined and hits[i].target_type == "actor"
                    else None
                )
            else:
                host = _last_actor_before(hits, starts, s_start, s_start + cue.start())
            if host is None:
                continue
            following = "next" in sentence[min(cue.end(), word.start()) : max(cue.start(), word.end())]
            future = following or bool(_FUTURE.search(sentence, max(0, cue.start() - 25), cue.start()))
            best = None
            for slug, codes, first_day in hosts if day is not None else ():
                if host not in codes:
                    continue
                days = (first_day - day).days
                if (future and not (14 if following else -7) <= days <= 550) or (
                    not future and not -550 <= days <= 7
                ):
                    continue
                if best is None or abs(days) < best[0]:
                    best = (abs(days), slug)
            if best is None or (best[1] in named_at and named_at[best[1]].contains(start)):
                continue  # the word is inside that summit's own name
            found.append(
                mention(text, "summit", best[1], names.get(("summit", best[1]), best[1]), start, end)
            )
    return found


# "the summit", "the two-day AI summit", "the French-hosted summit": a summit referred back to. Not "the next
# summit" or "the G20 summit" (another one); capitalised modifiers only "AI" and "X-hosted".
_SUMMIT_REFERENCE = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s+((?:[\w’'-]+\s+){0,3}?)summit\b(?!\s+(?:in|of|on)\s+[A-Z])"
)
# "la cumbre", "du sommet", "da cimeira": the same in Spanish, Portuguese and French (not "le sommet de Séoul").
_ROMANCE_SUMMIT_REFERENCE = re.compile(
    r"\b(?:[Ll]a|[Ee]l|[Ll]e|[Aa]|[Oo]|du|del|da|do|au|al|na|no|ce|cette|esta|este|essa)\s+()"
    r"(?:cumbre|c[uú]pula|cimeira|sommet)\b(?!\s+(?:de|da|do|du|del|d['’])\s*(?:l['’]\s*)?[A-Z])"
)
_OTHER_SUMMIT = re.compile(
    r"\b(?:next|last|previous|first|second|third|fourth|upcoming|future|inaugural|following|another|"
    r"other|new|each|every|year['’]s)\b",
    re.I,
)
_REFERENCE_MODIFIER = re.compile(r"AI|[\w’'-]+-(?:hosted|led|organi[sz]ed)|[a-z0-9][\w’'-]*")


def _summits_referred_to(text: str, hits: list[MentionHit]) -> list[MentionHit]:
    """ "The summit" where the text has named one summit only before it: that summit."""
    summits = sorted((h for h in hits if h.target_type == "summit"), key=lambda h: h.start)
    if not summits:
        return []
    spans = Spans((h.start, h.end) for h in hits if h.target_type != "actor")
    found = []
    matches = list(_SUMMIT_REFERENCE.finditer(text))
    if not text.isascii():
        matches += _ROMANCE_SUMMIT_REFERENCE.finditer(text)
    for match in matches:
        start, end = match.start(), match.end()
        modifiers = match.group(1).split()
        if spans.overlaps(start, end) or _OTHER_SUMMIT.search(match.group(1)):
            continue
        if not all(_REFERENCE_MODIFIER.fullmatch(w) for w in modifiers):
            continue
        before = {h.key for h in summits if h.end <= start}
        if len(before) != 1:
            continue
        named = next(h for h in summits if h.end <= start)
        found.append(mention(text, "summit", named.key, named.name, start, end))
    return found


def _day_of_the_summit_named(hits, index):
    """The first day of the one summit the text names, or None (none, or several)."""
    named = {h.key for h in hits if h.target_type == "summit"}
    if len(named) != 1:
        return None
    slug = named.pop()
    return next((p[2] for p in getattr(index, "places", []) if p[0] == slug), None)


def _last_actor_before(hits, starts, start: int, position: int) -> str | None:
    """The code of the last actor named between start and position (hits sorted by start)."""
    for j in range(bisect_left(starts, position) - 1, bisect_left(starts, start) - 1, -1):
        if hits[j].target_type == "actor" and hits[j].end <= position:
            return hits[j].key
    return None


# "the declaration", "the final statement", "its proposed body", "the Friends Group", "the New Delhi text",
# "the Chinese-proposed organisation": a head noun after a determiner and at most two modifiers. The nouns
# are found first (nouns.py), then what stands before each is read by _BEFORE_HEAD.
_BEFORE_HEAD = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]his|[Tt]hat|[Ll]a|[Ee]l|[Ee]sta|[Ee]ste|[Dd]icha|[Dd]icho|[Ee]ssa|[Ee]sse|[Cc]ette)\s+"
    r"((?:(?!(?:and|or|of|to|for|in|at|on|by|with|same)\b)[A-Za-z][\w.’'-]*\s+){0,2})$"
)
_BEFORE_REACH = 60
# Heads that can refer back to any framework, not only one whose name holds the word.
_GENERIC_HEADS = {"text", "document", "framework", "initiative"}
_ATTRIBUTE = re.compile(r"[\w.’'-]+-(?:proposed|led|backed|drafted|sponsored|initiated|brokered)$")
# After a reference: the summit whose outcome it is ("the statement at the Paris AI summit").
_OF_SUMMIT = re.compile(
    r"\s+(?:(?:adopted|agreed|issued|signed|released|endorsed)\s+)?(?:at|of|from)\s+(?:the\s+)?$"
)
# A summit named only generically, in a sentence where one of its outcomes is adopted.
_GENERIC_SUMMIT = re.compile(r"\b(?:summit|leaders['’]? meeting|leaders['’]? session|meeting)\b", re.I)
_ADOPTION = re.compile(r"\b(?:adopt|agree|sign|issu|endors|unveil|releas|approv)\w*", re.I)


def _references(text: str, hits: list[MentionHit], index: AliasIndex, sentences, nouns) -> list[MentionHit]:
    found = _frameworks_referred_to(text, hits, index, sentences, nouns)
    return found + _summits_named_generically(text, hits, found, index, sentences)


def _head_phrases(text: str, nouns: list[tuple[int, int]]):
    """(start, modifiers, head start, head end) of each head noun after a determiner and at most two
    modifiers, in text order; where two heads share a determiner, the later one is the head if a name runs
    from the earlier to it ("the Framework Convention"), and phrases do not overlap."""
    phrases = []
    for start, end in nouns:
        if text[start:end].lower() not in REFERENCE_NOUNS or not text[start - 1 : start].isspace():
            continue
        before = _BEFORE_HEAD.search(text, _sentence_start(text, start), start)
        if before is None:
            continue
        if phrases and phrases[-1][0] == before.start():
            # The same determiner: the later noun is the head where the words from the earlier one are a
            # name ("the Framework Convention"); else the earlier ("the declaration outlines principles").
            words = text[phrases[-1][2] : start].split()
            if not all(word[:1].isupper() for word in words):
                continue
            phrases.pop()
        if phrases and before.start() < phrases[-1][3]:
            continue
        phrases.append((before.start(), before.group(1), start, end))
    return phrases


def _sentence_start(text: str, start: int) -> int:
    """Where the phrase before a head may start: within _BEFORE_REACH and not before a sentence's end
    ("… The Guardian. The declaration"); an abbreviation's dot ("the U.S. plan") ends no sentence."""
    low = max(0, start - _BEFORE_REACH)
    i = start
    while True:
        i = max(text.rfind(".", low, i), text.rfind("!", low, i), text.rfind("?", low, i))
        if i < 0:
            return low
        after = i + 1
        while after < start and text[after] in '"”’)':
            after += 1
        if after >= start or not text[after].isspace():
            continue  # "2.5", "U.S.-led": no sentence ends here
        word_start = i
        while word_start > low and not text[word_start - 1].isspace():
            word_start -= 1
        word = text[word_start:i]
        if "." in word or (len(word) == 1 and word.isupper()):
            continue  # "U.S.", "A."
        while after < start and text[after].isspace():
            after += 1
        return after


# A reference in the headline or the first sentences, before any framework is named, may point forward
# ("The 64 signatories of the document included …" and then "… agreed to the Statement on Inclusive …").
_LEDE_SENTENCES = 3


def _named_next(frameworks: list[MentionHit], sentences, i: int, fits) -> str | None:
    """The one framework that fits named in the sentence after sentence i, or None."""
    if i + 1 >= len(sentences):
        return None
    start, end = sentences[i + 1]
    keys = {f.key for f in frameworks if start <= f.start < end and fits(f.key)}
    return keys.pop() if len(keys) == 1 else None


def _frameworks_referred_to(
    text: str, hits: list[MentionHit], index: AliasIndex, sentences, nouns
) -> list[MentionHit]:
    """ "The declaration", "its proposed body", "the statement at the Paris AI summit": the framework meant."""
    heads = getattr(index, "heads", {})
    kind_heads = getattr(index, "kind_heads", {})
    vocab = getattr(index, "vocab", {})
    outcomes = getattr(index, "outcomes", {})
    names = getattr(index, "names", {})
    spans = Spans((h.start, h.end) for h in hits if h.target_type != "actor")
    frameworks = sorted((h for h in hits if h.target_type == "framework"), key=lambda h: h.start)
    summits = sorted((h for h in hits if h.target_type == "summit"), key=lambda h: h.start)
    # The frameworks named before a reference, taken in order of their ends as the references come in text
    # order: for each framework key, where the last of its mentions ended so far starts (a scan back over
    # every earlier mention was quadratic where many of them did not fit). A reference found counts as a
    # mention for the next ("The final declaration of the summit … the declaration").
    by_end = sorted(range(len(frameworks)), key=lambda j: frameworks[j].end)
    ended, latest = 0, {}
    summit_starts = [h.start for h in summits]
    sentence_starts = [a for a, _ in sentences]
    found = []
    for first, modifiers, start, end in _head_phrases(text, nouns):
        if spans.overlaps(first, end):
            continue
        head = canonical(fold_phrase(text[start:end]))
        if names_another_text(text, start, end):
            continue  # "the Act on Promotion of Research …": another text's name; bare, "the Convention" refers back
        # Capitalised modifiers must come from the name referred to ("the Friends Group", not "the Data Act").
        proper = [
            canonical(fold_phrase(w))
            for w in modifiers.split()
            if w[:1].isupper() and not _ATTRIBUTE.search(w)
        ]

        def fits(key, head=head, proper=proper):
            if head not in _GENERIC_HEADS and head not in heads.get(key, ()) and head != kind_heads.get(key):
                return False
            return all(word in vocab.get(key, ()) for word in proper)

        s_index = bisect_right(sentence_starts, start) - 1
        sentence = sentences[s_index] if s_index >= 0 else (start, end)
        key = None
        # "the statement at the Paris AI summit", "after the Paris AI summit, where … the final statement":
        # the outcome of a summit named next to it.
        i = bisect_left(summit_starts, end)
        summit = (
            summits[i] if i < len(summits) and _OF_SUMMIT.fullmatch(text, end, summits[i].start) else None
        )
        if summit is None:
            j = bisect_left(summit_starts, first) - 1
            while j >= 0 and summits[j].end > first:
                j -= 1
            if j >= 0 and summits[j].start >= sentence[0]:
                summit = summits[j]
        if summit is None and i < len(summits) and summits[i].start < sentence[1]:
            summit = summits[i]  # "signed a declaration calling for … at an AI summit in Paris"
        if summit is not None and head not in _GENERIC_HEADS:
            matching = [f for f in outcomes.get(summit.key, ()) if fits(f)]
            if len(matching) == 1:
                key = matching[0]
        if key is None:
            if head in (
                "act",
                "process",
                "group",
                "framework",
                "law",
                "plan",
                "dialogue",
            ) and text.startswith(" of", end):
                continue  # "the process of", "the act of": not a name
            while ended < len(by_end) and frameworks[by_end[ended]].end <= first:
                j = by_end[ended]
                latest[frameworks[j].key] = max(latest.get(frameworks[j].key, -1), frameworks[j].start)
                ended += 1
            at, key = max(((at, k) for k, at in latest.items() if fits(k)), default=(-1, None))
            if key is None and not latest and 0 <= s_index < _LEDE_SENTENCES:
                key = _named_next(frameworks, sentences, s_index, fits)
        if key is not None:
            hit = mention(text, "framework", key, names.get(("framework", key), key), first, end)
            found.append(hit)
            latest[key] = max(latest.get(key, -1), first)
    return found


def _summits_named_generically(
    text: str, hits: list[MentionHit], found: list[MentionHit], index: AliasIndex, sentences
) -> list[MentionHit]:
    """ "The Gyeongju Declaration was adopted at the close of a two-day leaders' meeting": the summit."""
    outcomes = getattr(index, "outcomes", {})
    names = getattr(index, "names", {})
    frameworks = sorted((h for h in hits if h.target_type == "framework"), key=lambda h: h.start)
    summit_of = {}
    for summit_key, framework_keys in outcomes.items():
        for framework_key in framework_keys:
            summit_of.setdefault(framework_key, set()).add(summit_key)
    named_summits = {h.key for h in hits if h.target_type == "summit"}
    spans = Spans((h.start, h.end) for h in [*hits, *found] if h.target_type != "actor")
    named = sorted([*frameworks, *found], key=lambda h: h.start)
    found_set = set(found)
    named_starts = [h.start for h in named]
    generic = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        inside = named[bisect_left(named_starts, s_start) : bisect_left(named_starts, s_end)]
        candidates = {k for h in inside if len(summit_of.get(h.key, ())) == 1 for k in summit_of[h.key]}
        if len(candidates) > 1:  # the outcomes named by name, before those referred to ("the Declaration")
            candidates = {
                k
                for h in inside
                if h not in found_set and len(summit_of.get(h.key, ())) == 1
                for k in summit_of[h.key]
            }
        if len(candidates) != 1 or not _ADOPTION.search(sentence):
            continue
        summit_key = candidates.pop()
        if summit_key in named_summits:
            continue
        for match in _GENERIC_SUMMIT.finditer(sentence):
            start, end = s_start + match.start(), s_start + match.end()
            if not spans.overlaps(start, end):
                generic.append(
                    mention(
                        text, "summit", summit_key, names.get(("summit", summit_key), summit_key), start, end
                    )
                )
                named_summits.add(summit_key)
                break
    return generic
