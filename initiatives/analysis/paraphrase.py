"""Word-order variants and paraphrases of long framework and summit names, in one pass.

A long name is reported under many forms: "World AI Cooperation Organization", "global AI cooperation
organisation", "a world organisation for AI cooperation", "China's proposed global AI cooperation body".
Each framework or summit alias of three or more distinctive words becomes a *signature*: the set of its
words, each reduced to a canonical form (synonyms such as world/global/international or
organization/body share one form, plurals lose their "s"), without function words.

A text matches a signature where a run of consecutive tokens inside one sentence holds every word of
the signature, in any order, and nothing else but a few function words ("of", "for", "the" …): "World
Trade Organization … AI cooperation" holds a word that is not in the signature ("trade") and does not
match. Each signature is filed under one *anchor*, its most distinctive word; the text is read once,
token by token, and only a token that is some signature's anchor leads to a check of the run around it.
The cost per token is one dictionary lookup whatever the number of aliases.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .folding import BOUNDARY

# Words that may sit between a signature's words without breaking the run.
FILLERS = frozenset({"of", "for", "on", "the", "a", "an", "and", "in", "to"})
# Adjectives that reporters put inside names ("the EU's landmark AI law", "the first legally binding
# international treaty on AI"): skipped like function words, without counting against MAX_FILLERS.
MODIFIERS = frozenset(
    {
        "landmark",
        "new",
        "proposed",
        "planned",
        "draft",
        "final",
        "joint",
        "nonbinding",
        "non",
        "binding",
        "legally",
        "sweeping",
        "flagship",
        "so",
        "called",
    }
)
SKIPPABLE = FILLERS | MODIFIERS
# Words never part of a signature: they say nothing about which name is meant.
_STOP = FILLERS | {"by", "at", "with", "its", "their", "s", "new", "proposed", "planned"}
# One canonical form for words that name the same thing in paraphrases and translations.
_SYNONYMS = {
    "global": "world",
    "international": "world",
    "worldwide": "world",
    "organization": "organization",
    "body": "organization",
    "agency": "organization",
    "institution": "organization",
    "collaboration": "cooperation",
    "statement": "declaration",
    "meeting": "summit",
    "conference": "summit",
    "gathering": "summit",
    "treaty": "convention",
    "artificial": "ai",
    # The document nouns of texts in Spanish, Portuguese and French, folded (nouns.py).
    **dict.fromkeys(("declaracion", "declaratoria", "declaracao"), "declaration"),
    **dict.fromkeys(("resolucion", "resolucao"), "resolution"),
    **dict.fromkeys(("convencion", "convencao", "tratado", "traite"), "convention"),
    "documento": "document",
    "texto": "text",
    "texte": "text",
}
# Fewer distinctive words than this and a name is only matched as written (Aho-Corasick).
MIN_WORDS = 3
# At most this many function words inside a matched run (half the signature's length for long names).
MAX_FILLERS = 2


@lru_cache(maxsize=100_000)
def canonical(word: str) -> str:
    """The form a folded word takes in signatures: synonyms merged, a plural "s" dropped."""
    word = _SYNONYMS.get(word, word)
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = _SYNONYMS.get(word[:-1], word[:-1])
    return word


# Words of a window alias ("APEC … Shenzhen") may stand this many tokens apart, within one sentence.
WINDOW = 8
ELLIPSIS = ("…", "...")


def signature(folded_words: list[str], *, window: bool = False) -> frozenset[str] | None:
    """The signature of an alias given as folded words, or None when it is too short to match loosely."""
    words = {canonical(w) for w in folded_words if w != BOUNDARY and w not in _STOP}
    return frozenset(words) if len(words) >= (2 if window else MIN_WORDS) else None


class SignatureIndex:
    """Signatures filed under their anchor word; matched against a text's folded tokens in one pass."""

    def __init__(
        self, signatures: dict[frozenset[str], tuple], windows: dict[frozenset[str], tuple] | None = None
    ):
        windows = windows or {}
        frequency = Counter(word for sig in [*signatures, *windows] for word in sig)
        self.by_anchor: dict[str, list[tuple[frozenset[str], tuple, bool]]] = {}
        for is_window, table in ((False, signatures), (True, windows)):
            for sig, group in table.items():
                # The rarest word among the signatures (never "ai" when there is another), longest on ties.
                anchor = min(sig, key=lambda w: (w == "ai", frequency[w], -len(w), w))
                self.by_anchor.setdefault(anchor, []).append((sig, group, is_window))

    def __bool__(self) -> bool:
        return bool(self.by_anchor)

    def find(self, words: list[str]):
        """(first_token, last_token, group) for every run of tokens that holds a whole signature.

        `words` are the text's tokens in canonical form (BOUNDARY between sentences).
        """
        by_anchor = self.by_anchor
        n = len(words)
        for i, word in enumerate(words):
            candidates = by_anchor.get(word)
            if not candidates:
                continue
            for sig, group, is_window in candidates:
                if is_window:
                    found = _window_match(words, i, sig)
                    if found:
                        yield found[0], found[1], group
                    continue
                limit = len(sig) + max(MAX_FILLERS, len(sig) // 2) + 4  # a word may repeat ("AI … AI")
                first = i
                while (
                    first > 0
                    and i - first < limit
                    and (words[first - 1] in sig or words[first - 1] in SKIPPABLE)
                ):
                    first -= 1
                last = i
                while (
                    last < n - 1
                    and last - first < limit
                    and (words[last + 1] in sig or words[last + 1] in SKIPPABLE)
                ):
                    last += 1
                while words[first] not in sig:
                    first += 1
                while words[last] not in sig:
                    last -= 1
                run = words[first : last + 1]
                if sum(1 for w in run if w not in sig and w in FILLERS) > max(MAX_FILLERS, len(sig) // 2):
                    continue
                if sig.issubset(run):
                    yield first, last, group


def _window_match(words: list[str], i: int, sig: frozenset[str]):
    """Every word of `sig` within WINDOW tokens of position i, in the same sentence: (first, last) or None."""
    n = len(words)
    first = i
    while first > 0 and i - first < WINDOW and words[first - 1] != BOUNDARY:
        first -= 1
    last = i
    while last < n - 1 and last - i < WINDOW and words[last + 1] != BOUNDARY:
        last += 1
    positions = [j for j in range(first, last + 1) if words[j] in sig]
    if not sig.issubset(words[j] for j in positions):
        return None
    # The tightest span around i that holds every word.
    need = set(sig)
    span = [i, i]
    for j in sorted(positions, key=lambda j: abs(j - i)):
        if words[j] in need:
            need.discard(words[j])
            span = [min(span[0], j), max(span[1], j)]
        if not need:
            break
    return (span[0], span[1]) if span[1] - span[0] <= WINDOW else None
