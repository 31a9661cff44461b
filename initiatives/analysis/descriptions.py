"""Frameworks described, never named: "a declaration on inclusive and sustainable AI at a summit in Paris",
"a resolution on AI capacity building, led by China", "a UN resolution advocating for safe, secure and
trustworthy AI systems".

A document noun (declaration, resolution, treaty …) and the words of its noun phrase are weighed against
every framework's words (AliasIndex.vocab): each word they share counts by how few frameworks hold it, so
"capacity" or "trustworthy" says much and "AI" nothing. The words of the rest of the sentence count for
half ("The leaders of the BRICS nations … published a joint statement"), and a summit named in the sentence
adds its outcomes. The framework described is the one of the right kind whose words weigh most, by a
clear margin over the next; thin evidence or a tie gives nothing, and a generic noun ("an initiative",
"a text") needs more evidence than one that the framework's own names use.
"""

from __future__ import annotations

import datetime
import math
import re
from bisect import bisect_left, bisect_right

from .folding import fold_phrase
from .nouns import DESCRIPTION_NOUNS, names_another_text
from .paraphrase import FILLERS, canonical
from .results import MentionHit, mention
from .spans import Spans

# A described noun (nouns.DESCRIPTION_NOUNS) comes after a determiner and at most four modifiers ("a joint
# statement", "the Council of Europe's AI treaty").
_DETERMINERS = {"the", "a", "an", "its", "their", "this", "that", "una", "uma", "une", "la", "el", "le", "o"}
_DEFINITE = {"the", "its", "their", "this", "that"}
_MAX_MODIFIERS = 4
# Nouns that any framework can be described by, whatever its names say (more evidence needed).
_GENERIC = {"initiative", "text", "document", "agreement", "pact", "charter"}
# The noun phrase runs on after the head for this many words, up to a clause's end, where it goes on with a
# preposition, "that" or a participle ("a resolution on AI capacity building", "a declaration calling for",
# "a resolution that looks at"); a verb ("the declaration outlines …") ends it.
_AFTER_WORDS = 14
_LINKS = re.compile(
    r"(?:on|for|of|to|at|in|by|with|that|from|about|against|under|among|between|"
    r"\w+ing|led|adopted|agreed|signed|endorsed|backed|sponsored|drafted|proposed|launched|issued|released|"
    r"approved|introduced|aimed|designed|meant|intended|"
    r"\w+ndo)$",  # the Spanish and Portuguese gerund: "uma declaração estabelecendo princípios"
    re.I,
)
_COPULA_BEFORE = re.compile(r"[”\"’']?\s+(?:is|was|remains|became|becomes)\s+$")
_TO_ACTION = re.compile(r"\s+to\s+action\b", re.I)
# A General Assembly session named in the sentence ("at the 78th Session of the UNGA").
_SESSION = re.compile(r"\b(\d{2})(?:st|nd|rd|th)\s+(?:regular\s+)?[Ss]ession\b")
_CLAUSE_END = re.compile(r"[;:.!?]|\s[–—-]\s|\b(?:which|while|but|whereas|although)\b")
# Weighed evidence needed (in all, and from the noun phrase itself), and the margin over the next framework.
_ENOUGH, _ENOUGH_GENERIC, _ENOUGH_NEAR, _MARGIN = 5.0, 7.0, 2.5, 1.5
_SENTENCE_WEIGHT, _SUMMIT_WEIGHT = 0.5, 3.0
# "First" and "ever" say how new a text is, not what it is about: through the press names of resolution 78/265
# ("the first-ever resolution on artificial intelligence") every "first resolution on …" would be that one.
_NOT_EVIDENCE = FILLERS | {
    "ai",
    "intelligence",
    "by",
    "at",
    "with",
    "its",
    "their",
    "s",
    "this",
    "that",
    "first",
    "ever",
}


def stem(word: str) -> str:
    """A word's first seven letters: "inclusive" and "inclusivity", "military" and "militaries" meet."""
    return canonical(word)[:7]


class DescriptionIndex:
    """Per word stem, the frameworks whose names hold it and its weight (log of frameworks over holders)."""

    def __init__(self, vocab: dict[str, set[str]], heads: dict[str, set[str]], facts=None):
        holders: dict[str, set[str]] = {}
        for key, words in vocab.items():
            for word in words:
                if word not in _NOT_EVIDENCE:
                    holders.setdefault(stem(word), set()).add(key)
        total = max(len(vocab), 1)
        self.weights = {s: (math.log(total / len(keys)), frozenset(keys)) for s, keys in holders.items()}
        self.heads = heads
        self.days = {key: day for key, (_, day) in (facts or {}).items() if day is not None}

    def __bool__(self):
        return bool(self.weights)

    def best(
        self,
        near: list[str],
        sentence: list[str],
        head: str,
        bonus: dict[str, float],
        published=None,
        sessions: frozenset[int] = frozenset(),
    ) -> str | None:
        """The framework that the words describe, or None (see the module's note)."""
        close: dict[str, float] = {}
        for word in set(near):
            found = self.weights.get(word)
            if found is not None:
                for key in found[1]:
                    close[key] = close.get(key, 0.0) + found[0]
        if not close:
            return None
        scores = dict(close)
        for key, extra in bonus.items():
            scores[key] = scores.get(key, 0.0) + extra
        for word in set(sentence) - set(near):
            found = self.weights.get(word)
            if found is not None:
                for key in found[1]:
                    scores[key] = scores.get(key, 0.0) + _SENTENCE_WEIGHT * found[0]
        generic = head in _GENERIC
        ranked = sorted(
            ((score, key) for key, score in scores.items() if generic or head in self.heads.get(key, ())),
            reverse=True,
        )
        if not ranked or ranked[0][0] < (_ENOUGH_GENERIC if generic else _ENOUGH):
            return None
        if close.get(ranked[0][1], 0.0) < _ENOUGH_NEAR:
            return None  # the sentence says much, the noun phrase itself nothing ("a declaration of intent")
        if len(ranked) > 1 and ranked[0][0] < _MARGIN * ranked[1][0]:
            # Several fit alike ("the UN resolution on autonomous weapons"): in a dated article, the one
            # adopted last before it, if all of them have a day.
            close_ones = [key for score, key in ranked if score * _MARGIN > ranked[0][0]]
            return self.latest_before(close_ones, published) or self.of_session(close_ones, sessions)
        return ranked[0][1]

    def best_of(self, keys: list[str], words: list[str]) -> str | None:
        """Of the keys, the one the words weigh most for, by the margin; None on a tie or no evidence. A word
        that all the keys hold tells them nothing and is not counted."""
        scores = dict.fromkeys(keys, 0.0)
        for word in {stem(w) for w in words if w not in _NOT_EVIDENCE}:
            found = self.weights.get(word)
            holding = found[1] & scores.keys() if found is not None else ()
            if 0 < len(holding) < len(scores):
                for key in holding:
                    scores[key] += found[0]
        ranked = sorted(((score, key) for key, score in scores.items()), reverse=True)
        if not ranked or ranked[0][0] <= 0 or (len(ranked) > 1 and ranked[0][0] < _MARGIN * ranked[1][0]):
            return None
        return ranked[0][1]

    def of_session(self, keys: list[str], sessions: frozenset[int]) -> str | None:
        """Of the keys, the one adopted in the General Assembly session the text names ("the 78th Session",
        from September 2023 to September 2024), if one only."""
        fitting = [
            key
            for key in keys
            if key in self.days
            and any(
                datetime.date(1945 + n, 9, 1) <= self.days[key] < datetime.date(1946 + n, 9, 1)
                for n in sessions
            )
        ]
        return fitting[0] if len(fitting) == 1 else None

    def latest_before(self, keys: list[str], published) -> str | None:
        """Of the keys, the one adopted last on or before the article's day; None if undated or unknown."""
        if published is None or any(key not in self.days for key in keys):
            return None
        before = sorted((self.days[key], key) for key in keys if self.days[key] <= published)
        if not before or (len(before) > 1 and before[-1][0] == before[-2][0]):
            return None
        return before[-1][1]


def described_frameworks(
    text: str, hits: list[MentionHit], index, sentences, nouns, published=None
) -> list[MentionHit]:
    """A framework mention for each noun phrase that describes one tracked framework (see above)."""
    descriptions = getattr(index, "descriptions", None)
    if not descriptions:
        return []
    names = getattr(index, "names", {})
    outcomes = getattr(index, "outcomes", {})
    taken = Spans((h.start, h.end) for h in hits if h.target_type == "framework")
    heads = getattr(index, "heads", {})
    kind_heads = getattr(index, "kind_heads", {})
    named = sorted((h for h in hits if h.target_type == "framework"), key=lambda h: h.start)
    named_starts = [h.start for h in named]
    summits = sorted((h for h in hits if h.target_type == "summit"), key=lambda h: h.start)
    summit_starts = [h.start for h in summits]
    sentence_starts = [a for a, _ in sentences]
    words_of: dict[int, list[str]] = {}
    found = []
    for start, end in nouns:
        if text[start:end].lower() not in DESCRIPTION_NOUNS or taken.overlaps(start, end):
            continue  # a framework's own name ("… Cooperation Organization")
        if text[start:end].lower() == "call" and not _TO_ACTION.match(text, end):
            continue  # "call upon States to …": a verb; only "a call to action" names a text
        if names_another_text(text, start, end):
            continue  # another instrument's name ("the Convention on Certain Conventional Weapons")
        found_determiner = _determiner_before(text, start)
        if found_determiner is None or taken.overlaps(found_determiner[0], end):
            continue
        modifiers = found_determiner[1]
        # The mention runs from the first modifier: an organisation among them ("The BRICS leaders'
        # statement") is named inside the description, as inside a name, and takes no position by it.
        phrase_start = start - len(modifiers)
        copula = _COPULA_BEFORE.search(text, max(0, found_determiner[0] - 30), found_determiner[0])
        if copula and taken.overlaps(copula.start() - 3, copula.start()):
            continue  # "The Bletchley Declaration is a call to action …": the framework named, described
        i = bisect_right(sentence_starts, start) - 1
        if i < 0:
            continue
        s_start, s_end = sentences[i]
        rest = text[end : min(s_end, end + 200)]
        clause = _CLAUSE_END.search(rest)
        after = (rest[: clause.start()] if clause else rest).split()[:_AFTER_WORDS]
        if after and not _LINKS.match(after[0].strip(",“”\"'’()")):
            after = []
        if not after and not modifiers.strip():
            continue  # "the declaration": a reference back (references.py), not a description
        near = _stems(modifiers + " " + " ".join(after))
        if i not in words_of:
            words_of[i] = _stems(text[s_start:s_end])
        bonus: dict[str, float] = {}
        for summit in summits[bisect_left(summit_starts, s_start) : bisect_left(summit_starts, s_end)]:
            for key in outcomes.get(summit.key, ()):
                bonus[key] = bonus.get(key, 0.0) + _SUMMIT_WEIGHT
        head = canonical(fold_phrase(text[start:end]))
        outcome = _summits_one_outcome(
            summits, summit_starts, sentences, i, start, outcomes, head, heads, kind_heads
        )
        phrase_end = end + len(" ".join(after)) + 1
        if outcome is not None and not _names_inside(named, named_starts, end, phrase_end):
            # "Spain hosted a summit on military AI. The US and China did not sign the declaration outlining
            # principles …": the summit's own declaration, whatever else the words fit (but for another
            # framework named in the phrase: "the resolution … on enhancing international cooperation on …").
            found.append(
                mention(
                    text, "framework", outcome, names.get(("framework", outcome), outcome), phrase_start, end
                )
            )
            continue
        sessions = frozenset(int(n) for n in _SESSION.findall(text, s_start, s_end))
        key = descriptions.best(near, words_of[i], head, bonus, published, sessions)
        if key is not None and text[found_determiner[0] : start].split()[0].lower() in _DEFINITE:
            # "vote for the resolution to collectively address the risks such weapons pose", after the
            # resolution was named: the one named, not another that the words also fit.
            earlier = _named_before(named, named_starts, found, start, head, heads)
            if earlier is not None and earlier != key:
                continue
        if key is not None:
            found.append(
                mention(text, "framework", key, names.get(("framework", key), key), phrase_start, end)
            )
    return found


def _names_inside(named, named_starts, start: int, end: int) -> bool:
    """Whether a framework is named between start and end (in the noun phrase after a head)."""
    i = bisect_left(named_starts, start)
    return i < len(named) and named[i].start < end


def _summits_one_outcome(summits, summit_starts, sentences, i, start, outcomes, head, heads, kind_heads):
    """The outcome of the one summit named in sentence i (before the noun at start) or the sentence before,
    where that summit has a single outcome of the noun's kind; else None."""
    first = sentences[i - 1][0] if i > 0 else sentences[i][0]
    named = {h.key for h in summits[bisect_left(summit_starts, first) : bisect_left(summit_starts, start)]}
    if len(named) != 1:
        return None
    keys = outcomes.get(named.pop(), ())
    if len(keys) != 1 or not (head in heads.get(keys[0], ()) or head == kind_heads.get(keys[0])):
        return None
    return keys[0]


def _named_before(named, named_starts, found, start: int, head: str, heads: dict) -> str | None:
    """The last framework named or described before start that the head can refer to, or None. (found: the
    descriptions so far, all before start, in text order; named: the names, starts beside them.)"""

    def last_fitting(hits):
        return next((h for h in hits if head in heads.get(h.key, ())), None)

    candidates = [
        last_fitting(reversed(found)),
        last_fitting(reversed(named[: bisect_left(named_starts, start)])),
    ]
    fitting = [h for h in candidates if h is not None]
    return max(fitting, key=lambda h: h.start).key if fitting else None


def _determiner_before(text: str, start: int) -> tuple[int, str] | None:
    """(where the determiner starts, the modifiers after it) for the noun at start, or None."""
    if text[start - 1 : start] != " ":
        return None  # the noun is inside a word or after a line break
    # One word per whitespace character, so that the lengths add up: a line may end before the determiner.
    words = _WHITESPACE.split(text[max(0, start - 80) : start - 1])

    def phrase_from(k: int) -> tuple[int, str]:
        modifiers = words[len(words) - k + 1 :]
        return start - len(" ".join(words[-k:])) - 1, " ".join(modifiers) + " " if modifiers else ""

    possessor = None
    for k in range(1, min(len(words), _MAX_MODIFIERS + 2) + 1):
        word = words[-k]
        if word.lower() in _DETERMINERS:
            return phrase_from(k)
        if possessor is None and k > 1 and word[:1].isupper() and word.endswith(("’s", "'s")):
            possessor = k  # with no determiner before it, it stands for one: "President Joe Biden’s “political declaration”"
        if word[:1] in _OPENING_QUOTES and len(word) > 1:
            word = word[1:]  # a quoted phrase
        if not word or not (word[0].isalnum()) or word[-1] in ",;:.!?)":
            break
    return phrase_from(possessor) if possessor is not None else None


_WHITESPACE = re.compile(r"\s")
_OPENING_QUOTES = ("“", '"', "‘", "'")


def _stems(words: str) -> list[str]:
    return [stem(w) for w in fold_phrase(words).split() if w not in _NOT_EVIDENCE]
