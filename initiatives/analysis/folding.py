"""Case and punctuation folding with a map back to the original text.

Text is cut into word tokens; each token is folded (case, accents, British spellings, a trailing
possessive) and the folded tokens are joined by single spaces, framed by spaces. An alias folded the
same way, framed by spaces, can then only match whole words, and "U.S." matches "US", "AI" matches
"artificial intelligence", "Organisation" matches "Organization". Sentence-ending punctuation and
line breaks become a "|" token so that no alias spans two sentences.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import add

BOUNDARY = "|"

# Abbreviations with dots ("U.S.", "U.K"), words with inner apostrophes ("America's"), sentence punctuation that
# ends a sentence (not "No. 225", "2.5" or "e.g. a"), and line breaks.
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){1,}[^\W\d_]\.?(?![^\W\d_])|\b[Cc]o-(?:operat|ordinat)\w*|\w+(?:['’]\w+)*|[!?;]|[.:](?!\s*[a-z0-9])|\n"
)
# With the Spanish "EE. UU." as one token, for the texts that hold it (the extra alternative costs every other
# text a try at each token).
_TOKEN_EE_UU = re.compile(r"\bEE\.\s?UU\.?(?![^\W\d_])|" + _TOKEN.pattern)
# A title's dot ("St. Lucia", "Mr. Li") ends no sentence, as sentences.py reads it: no boundary there.
_TITLES = frozenset({"St", "Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Gen", "Prof"})
_TITLE_DOT = re.compile(r"(?:St|Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Prof)\. [A-Z]")

# One spelling for words whose British and American forms differ, as far as names and cues need it.
_SPELLING = {
    "organisation": "organization",
    "organisations": "organizations",
    "organise": "organize",
    "organised": "organized",
    "criticise": "criticize",
    "criticised": "criticized",
    "criticises": "criticizes",
    "criticising": "criticizing",
    "programme": "program",
    "programmes": "programs",
    "defence": "defense",
    "centre": "center",
    "labour": "labor",
    "favour": "favor",
    "recognise": "recognize",
    "harmonise": "harmonize",
    "co": "co",
}


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """The folded form of one token."""
    if word == "\n" or word in ".!?;:":
        return BOUNDARY
    word = word.replace("’", "'")
    if "." in word:  # an abbreviation: U.S. -> us, EE. UU. -> eeuu
        word = word.replace(".", "").replace(" ", "")
    if "-" in word:  # co-operation -> cooperation
        word = word.replace("-", "")
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    return _SPELLING.get(word, word)


class FoldedText:
    """A text's folded tokens, the folded string, and the way back to original offsets."""

    __slots__ = ("ends", "folded", "starts", "text", "token_fstarts", "words")

    def __init__(self, text: str):
        self.text = text
        # Built with map() over C functions, not a loop of Python steps per token, and kept as three lists,
        # not one object per token: folding was a fifth of the analysis' time (benchmarks/bench_analysis.py).
        matches = list((_TOKEN_EE_UU if "EE." in text else _TOKEN).finditer(text))
        words = list(map(fold_word, map(re.Match.group, matches)))
        starts = list(map(re.Match.start, matches))
        ends = list(map(re.Match.end, matches))
        if "" in words:  # a word that folds to nothing is no token
            kept = [i for i, word in enumerate(words) if word]
            words, starts, ends = [words[i] for i in kept], [starts[i] for i in kept], [ends[i] for i in kept]
        if _TITLE_DOT.search(text):
            words, starts, ends = _keep_titles_dots(text, words, starts, ends)
        if "artificial" in words:
            words, starts, ends = _merge_artificial_intelligence(words, starts, ends)
        # Token i: its folded form, and where it starts and ends in the original text.
        self.words, self.starts, self.ends = words, starts, ends
        self.folded = f" {' '.join(words)} " if words else " "
        # Where each token starts in the folded string: after the leading space and every earlier token.
        self.token_fstarts = list(map(add, accumulate(map(len, words), initial=1), count()))[:-1]

    def token_at(self, folded_position: int) -> int:
        """Index of the token that starts at or contains a position in the folded string."""
        return bisect_right(self.token_fstarts, folded_position) - 1

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Original offsets covering tokens first..last (inclusive)."""
        return self.starts[first], self.ends[last]


def _keep_titles_dots(text: str, words: list[str], starts: list[int], ends: list[int]):
    """The lists without the boundary token of a title's dot ("St. Lucia"): read boundary by boundary."""
    dropped, i = [], 0
    while True:
        try:
            i = words.index(BOUNDARY, i + 1)
        except ValueError:
            break
        if (
            text[starts[i]] == "."
            and text[starts[i - 1] : ends[i - 1]] in _TITLES
            and ends[i - 1] == starts[i]
            and text[ends[i] : ends[i] + 1] == " "
            and text[ends[i] + 1 : ends[i] + 2].isupper()
        ):
            dropped.append(i)
    if not dropped:
        return words, starts, ends
    keep = [True] * len(words)
    for i in dropped:
        keep[i] = False
    return list(compress(words, keep)), list(compress(starts, keep)), list(compress(ends, keep))


def _merge_artificial_intelligence(words: list[str], starts: list[int], ends: list[int]):
    """ "artificial intelligence" and "AI" are one and the same word for matching: one token "ai"."""
    keep, i = [True] * len(words), -1
    while True:
        try:
            i = words.index("artificial", i + 1)
        except ValueError:
            break
        if i + 1 < len(words) and words[i + 1] == "intelligence":
            words[i], ends[i], keep[i + 1] = "ai", ends[i + 1], False
    return list(compress(words, keep)), list(compress(starts, keep)), list(compress(ends, keep))


def fold_phrase(phrase: str) -> str:
    """An alias folded the way text is, without the framing spaces ("" if nothing is left)."""
    return " ".join(word for word in FoldedText(phrase).words if word != BOUNDARY)
