"""Summits and their outcomes named by place and date rather than by name.

- "the APEC leaders' summit held in the South Korean city of Gyeongju", "the leaders' meeting in Gyeongju",
  in an article dated during or just after an edition: that edition. A summit word, then the host city in
  the same sentence (or the organiser named right before the word), and the article's date inside the
  edition's window (from a few days before it to a month after).
- "an AI summit in Paris" in an undated article: the one summit the tracker knows in that city (a city
  that has held several needs the date), for the word "summit" only (a "meeting" or "conference" in a city
  is too often another one). A dated article names an edition only inside its window.
- "the first Ministerial Summit held in Santiago de Chile in October 2023", "the Paris summit of February
  2025": the one edition held in a city the sentence names, in a year it names, whatever the article's
  date; a capitalised "Summit" or "Conference" (part of a name the tracker lacks) needs this much.
- "past summits in The Hague and Seoul", "prior summits in France and Britain": one edition per city (or
  organising state) of the list, held before the article's day; of several held there, the one of the
  series of a summit the text names, else the one whose name's own words the text holds.
- "the summit in Seoul last May": the one edition held in the city in the month named.
- "the Seoul statement", "the Bletchley agreement", "the New Delhi text": the outcome document of the
  summit whose city (or own name) stands before a document word. Where the city has held several summits,
  the one nearest before the article's date; where the summit has several outcomes, the one whose names
  hold the document word (a generic "agreement" or "text" needs the summit to have one outcome only).

Both read the summits' places from the index (AliasIndex.places): (slug, city, first day, last day,
organiser code, name, series; tuples of six have no series).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from bisect import bisect_left

from .folding import fold_phrase
from .paraphrase import canonical
from .results import MentionHit, mention
from .spans import Spans

# Lower case "summit", "meeting": "the OECD Ministerial Council Meeting" is another meeting's name.
# In Spanish, Portuguese and French the word is a common noun, capitalised or not ("la Cimeira de Paris", "le
# sommet de Séoul").
_SUMMIT_WORD = re.compile(
    r"\b(?:summit|leaders['’]? (?:meeting|session|retreat|week)|meeting|gathering|conference|forum|"
    r"(?i:cumbre|c[uú]pula|cimeira|sommet|conferencia|confer[eê]ncia|conf[ée]rence))\b"
)
# The words for a summit itself, as "summit" is (not "meeting" or "conference").
_SUMMIT_ITSELF = {"summit", "cumbre", "cúpula", "cupula", "cimeira", "sommet"}
# Any summit word, whatever its case ("the first Ministerial Summit held in Santiago de Chile in October 2023").
_ANY_SUMMIT_WORD = re.compile(_SUMMIT_WORD.pattern, re.I)
# After a capitalised summit word: its own name goes on ("Meeting on International Cooperation").
_OWN_NAME_GOES_ON = re.compile(r"\s+(?:on|of|for)\s+(?:the\s+)?[A-Z]")
_YEAR = re.compile(r"(?<![\w-])(20[1-3][0-9])(?![\w-])")  # a year of AI governance, not "2000 people"
# Days before an edition's first day, and after its last, in which an article's "the summit" is that edition.
_BEFORE_DAYS, _AFTER_DAYS = 3, 31
# How far the host city may stand from the summit word, within the sentence.
_CITY_WINDOW = 90
# Document words after a place: the outcome of the summit held there. Those with no name of their own
# ("agreement", "text") can only mean a summit's single outcome.
_DOCUMENT = re.compile(
    r"\b((?i:declaration|statement|agreement|accord|communiqu[eé]|text|document|pact|charter|blueprint|"
    r"declaraci[oó]n|declara[cç][aã]o|d[eé]claration|comunicado))\b"
)
# The words in Spanish, Portuguese and French for the documents the framework names hold in English.
_ROMANCE_HEADS = {
    "declaración": "declaration",
    "declaracion": "declaration",
    "declaração": "declaration",
    "declaracao": "declaration",
    "déclaration": "declaration",
    "comunicado": "communique",
}
# After such a word, the place it comes from: "la Declaración de Delhi", "la déclaration finale de Séoul".
_ROMANCE_OF = re.compile(
    r"(?:\s+(?:final|finale|conjunta|commune))?[»”\"]?\s+(?:de|da|do|del|du|d['’])\s*(?:la\s+|l['’]\s*)?"
)
_GENERIC_DOCUMENTS = {"agreement", "accord", "text", "document", "pact", "communique", "communiqué"}
# Between the place and the document word: at most a possessive and one modifier ("Seoul's final statement",
# "the Bletchley AI agreement", "the New Delhi summit declaration").
_BETWEEN = re.compile(
    r"(?:['’]s)?\s+(?:(?:summit|leaders['’]?|final|closing|joint|ministerial|ai|AI)\s+){0,2}$", re.I
)


def summits_by_place(
    text: str, hits: list[MentionHit], places, sentences, published: datetime.date | None
) -> list[MentionHit]:
    """Summit mentions for "the summit held in <city>" and "the <organiser> leaders' meeting" (see above)."""
    if not places:
        return []
    taken = Spans((h.start, h.end) for h in hits if h.target_type != "actor")
    named = {h.key for h in hits if h.target_type == "summit"}
    actors = sorted((h for h in hits if h.target_type == "actor"), key=lambda h: h.end)
    actor_ends = [h.end for h in actors]
    current = [p for p in places if published is not None and _in_window(p, published)]
    # Undated: the summit held in the city named nearest (of several held there, the one the sentence's other
    # words name: "the REAIM summit in Seoul").
    alone = [p for p in places if p[1]] if published is None else []
    if not current and not alone and not _YEAR.search(text) and not _IN_MONTH.search(text):
        return _summits_in_cities(text, places, actors, published, named)
    found = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        for word in _ANY_SUMMIT_WORD.finditer(sentence):
            start, end = s_start + word.start(), s_start + word.end()
            if taken.overlaps(start, end):
                continue
            if not _SUMMIT_WORD.fullmatch(word.group()):
                # "Summit" or "Conference" as part of a name: only a city and a year say which.
                fits = _by_date_and_place(places, sentence, _codes_within(actors, s_start, s_end))
                if (
                    len({p[0] for p in fits}) == 1
                    and fits[0][0] not in named
                    and not _another_name_goes_on(sentence, word.end(), fits[0])
                ):
                    found.append(mention(text, "summit", fits[0][0], fits[0][5], start, end))
                    named.add(fits[0][0])
                continue
            window = text[max(s_start, start - _CITY_WINDOW) : min(s_end, end + _CITY_WINDOW)]
            i = bisect_left(actor_ends, start + 1) - 1
            organiser = actors[i].key if i >= 0 and 0 <= start - actor_ends[i] <= 25 else None
            fits = [
                p
                for p in current
                if (p[1] and _names_city(window, p[1])) or (organiser is not None and organiser == p[4])
            ]
            if not fits:
                # "the first Ministerial Summit held in Santiago de Chile in October 2023": a city and a year.
                fits = _by_date_and_place(places, sentence, _codes_within(actors, s_start, s_end))
            if not fits and word.group().lower() in _SUMMIT_ITSELF:
                fits = _edition_in_nearest_city(
                    alone, window, start - max(s_start, start - _CITY_WINDOW), sentence
                )
                if not fits and published is None:
                    # "a summit in France": the one summit the tracker knows that country organised.
                    host = _country_after(text, actors, actor_ends, end)
                    organised = [p for p in places if host is not None and p[4] == host]
                    fits = organised if len(organised) == 1 else []
            if len({p[0] for p in fits}) != 1 or fits[0][0] in named:
                continue
            slug = fits[0][0]
            found.append(mention(text, "summit", slug, fits[0][5], start, end))
            named.add(slug)
    return found + _summits_in_cities(text, places, actors, published, named)


# "Past summits in The Hague and Seoul", "the previous editions were held in Bletchley, Seoul, and Paris",
# "prior summits in France, South Korea, and Britain": one edition per place of the list.
_SUMMITS_IN = re.compile(r"\b(?:summits|editions|meetings)\s+(?:(?:were|was)\s+)?(?:held\s+)?in\s+")
_SUMMITS_IN_WORDS = ("summits", "editions", "meetings")
_CITY_TAIL = re.compile(r"(?:\s+[A-Z][\w-]*)*")  # "Bletchley Park": words of the place after the city
_CITY_JOINT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_OPEN_SERIES = "other"  # a series that groups nothing: its editions' own words say which


def _summits_in_cities(text: str, places, actors, published, named: set[str]) -> list[MentionHit]:
    """The edition held in each city (or organised by each state) of a list after the plural "summits in",
    of two places or more. Of the editions a place has held (before the article's day, where it has one), the
    one of the series of a summit the text names; else the one whose name's own words the text holds ("REAIM"
    picks the REAIM summit in Seoul, not the AI Seoul Summit)."""
    if not any(word in text for word in _SUMMITS_IN_WORDS):
        return []  # a quick test before the pattern: most texts name no summits in the plural
    cities = sorted({p[1] for p in places if p[1]}, key=len, reverse=True)
    by_start = {h.start: h for h in actors}
    found: list[MentionHit] = []
    words = None
    for match in _SUMMITS_IN.finditer(text):
        listed, at = [], match.end()
        while True:
            city = next(
                (
                    c
                    for c in cities
                    if text.startswith(c, at) and not text[at + len(c) : at + len(c) + 1].isalnum()
                ),
                None,
            )
            if city is not None:
                listed.append((lambda p, c=city: p[1] == c, at, at + len(city)))
                at = _CITY_TAIL.match(text, at + len(city)).end()
            elif at in by_start or text.startswith("the ", at) and at + 4 in by_start:
                host = by_start.get(at) or by_start[at + 4]
                listed.append((lambda p, code=host.key: p[4] == code, host.start, host.end))
                at = host.end
            else:
                break
            joint = _CITY_JOINT.match(text, at)
            if joint is None:
                break
            at = joint.end()
        if len(listed) < 2:
            continue
        series = {_series(p) for p in places if p[0] in named} - {_OPEN_SERIES, ""}
        for held_there, start, end in listed:
            editions = [
                p for p in places if held_there(p) and (published is None or (p[2] and p[2] <= published))
            ]
            if len(editions) > 1:
                editions = [p for p in editions if _series(p) in series] or editions
            if len(editions) > 1:
                words = words if words is not None else set(fold_phrase(text).split())
                editions = [p for p in editions if _own_words(p) & words]
            if len(editions) == 1 and editions[0][0] not in named:
                found.append(mention(text, "summit", editions[0][0], editions[0][5], start, end))
                named.add(editions[0][0])
    return found


def _series(place) -> str:
    return place[6] if len(place) > 6 else ""


def _another_name_goes_on(sentence: str, end: int, place) -> bool:
    """Whether the name after a capitalised summit word is another meeting's: it goes on ("Meeting on
    International Cooperation on Capacity-building") with none of the edition's own words."""
    goes_on = _OWN_NAME_GOES_ON.match(sentence, end)
    if goes_on is None:
        return False
    own = _own_words(place)  # none: nothing to tell them apart by
    return bool(own) and not (own & set(fold_phrase(sentence[end : end + 80]).split()))


def _edition_in_nearest_city(places, window: str, at: int, sentence: str) -> list:
    """The editions held in the city named nearest to window[at] (the summit word); where several were held
    there, those whose names' own words the sentence holds, if one only."""
    nearest, window = None, _plain(window)
    for p in places:
        for match in re.finditer(rf"(?<![\w-]){re.escape(_plain(p[1]))}(?![\w-])", window):
            distance = abs(match.start() - at)
            if nearest is None or distance < nearest[0]:
                nearest = (distance, p[1])
    if nearest is None:
        return []
    editions = [p for p in places if p[1] == nearest[1]]
    if len(editions) == 1:
        return editions
    words = set(fold_phrase(sentence).split())
    named = [p for p in editions if _own_words(p) & words]
    return named if len(named) == 1 else []


_NOT_OWN = {
    "summit",
    "ai",
    "the",
    "of",
    "on",
    "in",
    "for",
    "and",
    "first",
    "second",
    "third",
    "meeting",
    "conference",
}


def _own_words(place) -> set[str]:
    """The words of an edition's name that say which one it is ("REAIM", "Military"), not its city or year."""
    city = set(fold_phrase(place[1]).split())
    return {
        w
        for w in fold_phrase(place[5] or "").split()
        if w not in _NOT_OWN and w not in city and not w.isdigit()
    }


def _codes_within(actors: list[MentionHit], start: int, end: int) -> set[str]:
    return {h.key for h in actors if start <= h.start < end}


def _by_date_and_place(places, sentence: str, codes: set[str]) -> list:
    """The editions held in a city the sentence names, in a year it names (a year and a city say which); else
    those held on a day the sentence names ("which the Netherlands co-organized from Feb. 15-16"), with
    their city or their organiser named too, in a year it names if it names one."""
    years = {int(y) for y in _YEAR.findall(sentence)}
    if years:
        fits = [
            p
            for p in places
            if p[1] and p[2] is not None and p[2].year in years and _names_city(sentence, p[1])
        ]
        if not fits:
            # "In February 2026 the REAIM Summit took place in Spain": the edition its host organised that year.
            fits = [p for p in places if p[2] is not None and p[2].year in years and p[4] in codes]
        if fits:
            return fits
    days = _days_named(sentence)
    if not days and not years:
        # "At the next summit in Seoul last May": the one edition held in the city in that month.
        months = {_MONTHS.index(m[:3].lower()) + 1 for m in _IN_MONTH.findall(sentence)}
        fits = [
            p
            for p in places
            if months and p[1] and p[2] is not None and p[2].month in months and _names_city(sentence, p[1])
        ]
        return fits if len(fits) == 1 else []
    return [
        p
        for p in places
        if days
        and p[2] is not None
        and any(_held_on(p, day) for day in days)
        and (not years or p[2].year in years)
        and (p[4] in codes or (p[1] and _names_city(sentence, p[1])))
    ]


def _held_on(place, day: tuple[int, int]) -> bool:
    """Whether the edition was held on the (month, day), whatever the year."""
    first, last = place[2], place[3] or place[2]
    return (first.month, first.day) <= day <= (last.month, last.day)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH}))\b"
)


_IN_MONTH = re.compile(rf"\b(?:in|last|this|next|of)\s+({_MONTH})\b(?!\s+\d)")


def _days_named(sentence: str) -> set[tuple[int, int]]:
    """(month, day) of each date the sentence names ("Feb. 15-16", "15 February")."""
    days = set()
    for match in _DAY_MONTH.finditer(sentence):
        month, day = (match["month"], match["day"]) if match["month"] else (match["month2"], match["day2"])
        days.add((_MONTHS.index(month[:3].lower()) + 1, int(day)))
    return days


_IN_COUNTRY = re.compile(r"\s+(?:held\s+|hosted\s+)?in\s+(?:the\s+)?$")


def _country_after(text: str, actors, actor_ends, end: int) -> str | None:
    """The code of the actor named right after a summit word, as its place ("summit in France"), or None."""
    i = bisect_left(actor_ends, end + 1)
    if i < len(actors) and actors[i].start - end <= 15 and _IN_COUNTRY.fullmatch(text, end, actors[i].start):
        return actors[i].key
    return None


def outcomes_by_place(
    text: str, hits: list[MentionHit], index, published: datetime.date | None
) -> list[MentionHit]:
    """Framework mentions for "the Seoul statement", "the Bletchley agreement" (see above)."""
    places = getattr(index, "places", [])
    outcomes = getattr(index, "outcomes", {})
    if not places or not outcomes:
        return []
    heads = getattr(index, "heads", {})
    names = getattr(index, "names", {})
    taken = Spans((h.start, h.end) for h in hits if h.target_type == "framework")
    summits = sorted((h for h in hits if h.target_type == "summit"), key=lambda h: h.end)
    summit_ends = [h.end for h in summits]
    cities = {}
    for place in places:
        if place[1]:
            cities.setdefault(place[1], []).append(place)
    plain = _plain(text)
    if not summits and not any(_plain(city) in plain for city in cities):
        return []
    found = []
    for match in _DOCUMENT.finditer(text):
        start, end = match.span(1)
        if taken.overlaps(start, end):
            continue
        head = match.group(1).lower()
        before = text[max(0, start - 60) : start]
        # A summit named right before ("the Bletchley agreement", "the AI Action Summit's statement").
        i = bisect_left(summit_ends, start + 1) - 1
        candidates, first = [], start
        if i >= 0 and _BETWEEN.fullmatch(text, summits[i].end, start):
            candidates, first = [summits[i].key], summits[i].start
        elif head in _ROMANCE_HEADS and (city := _city_after(text, end, cities)) is not None:
            editions = cities[city]
            if published is not None:  # not a summit still to come
                editions = [p for p in editions if p[2] is not None and p[2] <= published]
            candidates = [p[0] for p in editions]
        else:
            for city, editions in cities.items():
                at = _city_before(before, city)
                if at is None:
                    continue
                # A city alone and a word with no name of its own: "the Paris agreement" is the climate one.
                if head in _GENERIC_DOCUMENTS and "summit" not in before[at:].lower():
                    break
                if published is not None:  # not a summit still to come
                    editions = [p for p in editions if p[2] is not None and p[2] <= published]
                candidates, first = [p[0] for p in editions], start - (len(before) - at)
                break
        slug = _nearest(candidates, places, published)
        if slug is None:
            continue
        key = _outcome(outcomes.get(slug, ()), head, heads, names)
        if key is None:
            continue
        found.append(mention(text, "framework", key, names.get(("framework", key), key), first, end))
    return found


# "a joint declaration on military AI at the REAIM summit", "the statement adopted at the AI Action Summit": a
# document word whose noun phrase runs on to a summit, with no clause break.
_TO_SUMMIT = re.compile(
    r"(?:\s+(?:on|for|about)\s+[^,;:.!?()\"“”]{1,60}?)?"
    r"\s+(?:(?:adopted|issued|agreed|signed|endorsed|released|unveiled|produced|launched|presented|reached)\s+)?"
    r"(?:at|during|from|of)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"|" + _ROMANCE_OF.pattern  # "la declaração da Cimeira de Paris", "la déclaration finale du sommet"
)
# A speech is not an outcome: "said in a statement at the summit".
_SPOKEN = re.compile(r"\b(?:a|in\s+(?:a|his|her|its|their))\s+(?:(?:written|brief|separate)\s+)?$", re.I)


def outcomes_of_summits_after(text: str, hits: list[MentionHit], index) -> list[MentionHit]:
    """Framework mentions for a document word followed by the summit it came from (_TO_SUMMIT): that summit's
    outcome, the one whose names hold the word where it has several."""
    outcomes = getattr(index, "outcomes", {})
    summits = sorted(
        (h for h in hits if h.target_type == "summit" and h.key in outcomes), key=lambda h: h.start
    )
    if not summits:
        return []
    heads = getattr(index, "heads", {})
    names = getattr(index, "names", {})
    taken = Spans((h.start, h.end) for h in hits if h.target_type == "framework")
    summit_starts = [h.start for h in summits]
    found = []
    for match in _DOCUMENT.finditer(text):
        start, end = match.span(1)
        i = bisect_left(summit_starts, end)
        if i == len(summits) or summits[i].start - end > 120 or taken.overlaps(start, end):
            continue
        head = match.group(1).lower()
        if not _TO_SUMMIT.fullmatch(text, end, summits[i].start) or (
            head not in _ROMANCE_HEADS and _SPOKEN.search(text, max(0, start - 20), start)
        ):
            continue  # (the Portuguese "a" is "the")
        keys = outcomes[summits[i].key]
        key = _outcome(keys, head, heads, names) or (keys[0] if len(keys) == 1 else None)
        if key is not None:
            found.append(mention(text, "framework", key, names.get(("framework", key), key), start, end))
    return found


def _outcome(keys, head: str, heads: dict, names: dict) -> str | None:
    if not keys:
        return None
    head = _ROMANCE_HEADS.get(head, head)
    word = canonical(fold_phrase(head))
    fitting = [k for k in keys if word in heads.get(k, ())]
    if len(fitting) > 1:  # "statement" and "declaration" are one head: the word as the name has it
        fitting = [k for k in fitting if head in names.get(("framework", k), "").lower().split()] or fitting
    if len(fitting) == 1:
        return fitting[0]
    if head in _GENERIC_DOCUMENTS and len(keys) == 1:
        return keys[0]
    return None


def _nearest(candidates: list[str], places, published) -> str | None:
    """The one summit of the candidates, or the one that began nearest before the article's date."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates or published is None:
        return None
    starts = [(p[2], p[0]) for p in places if p[0] in candidates and p[2] is not None and p[2] <= published]
    return max(starts)[1] if starts else None


def _in_window(place, published: datetime.date) -> bool:
    first, last = place[2], place[3] or place[2]
    if first is None:
        return False
    return (
        first - datetime.timedelta(days=_BEFORE_DAYS)
        <= published
        <= last + datetime.timedelta(days=_AFTER_DAYS)
    )


def _names_city(window: str, city: str) -> bool:
    """Whether the window names the city, whatever its accents ("París", "Séoul")."""
    return re.search(rf"(?<![\w-]){re.escape(_plain(city))}(?![\w-])", _plain(window)) is not None


def _plain(text: str) -> str:
    """The text without accents, character for character (the same length and offsets)."""
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFKD", ch)[0] if not ch.isascii() else ch for ch in text)


def _city_after(text: str, end: int, cities) -> str | None:
    """The city named right after a document word in Spanish, Portuguese or French ("Declaración de Delhi" is
    not "New Delhi": the city's own name only), whatever its accents."""
    link = _ROMANCE_OF.match(text, end)
    if link is None:
        return None
    following = _plain(text[link.end() : link.end() + 40])
    for city in cities:
        plain = _plain(city)
        if following.startswith(plain) and not following[len(plain) : len(plain) + 1].isalnum():
            return city
    return None


def _city_before(before: str, city: str) -> int | None:
    """Where the city starts in before, when it ends right before the document word (but for _BETWEEN)."""
    at = before.rfind(city)
    if at < 0 or (at > 0 and (before[at - 1].isalnum() or before[at - 1] == "-")):
        return None
    return at if _BETWEEN.fullmatch(before, at + len(city)) else None
