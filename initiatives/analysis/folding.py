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
from typing import NamedTuple

BOUNDARY = "|"

# Abbreviations with dots ("U.S.", "U.K"), words with inner apostrophes ("America's"), sentence punctuation
# that ends a sentence (not "No. 225", "2.5" or "e.g. a"), and line breaks.
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){1,}[^\W\d_]\.?(?![^\W\d_])|\b[Cc]o-(?:operat|ordinat)\w*|\w+(?:['’]\w+)*|[!?;]|[.:](?!\s*[a-z0-9])|\n"
)

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
    if "." in word:  # an abbreviation: U.S. -> us
        word = word.replace(".", "")
    if "-" in word:  # co-operation -> cooperation
        word = word.replace("-", "")
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    return _SPELLING.get(word, word)


class Token(NamedTuple):
    folded: str
    start: int  # offsets into the original text
    end: int


class FoldedText:
    """A text's folded tokens, the folded string, and the way back to original offsets."""

    __slots__ = ("folded", "text", "token_fstarts", "tokens")

    def __init__(self, text: str):
        self.text = text
        tokens: list[Token] = []
        pending_artificial: Token | None = None
        for match in _TOKEN.finditer(text):
            folded = fold_word(match.group())
            if not folded:
                continue
            token = Token(folded, match.start(), match.end())
            # "artificial intelligence" and "AI" are one and the same word for matching.
            if pending_artificial is not None:
                if folded == "intelligence":
                    tokens[-1] = Token("ai", pending_artificial.start, token.end)
                    pending_artificial = None
                    continue
                pending_artificial = None
            if folded == "artificial":
                pending_artificial = token
            tokens.append(token)
        self.tokens = tokens
        parts = [" "]
        fstarts = []
        position = 1
        for token in tokens:
            fstarts.append(position)
            parts.append(token.folded)
            parts.append(" ")
            position += len(token.folded) + 1
        self.folded = "".join(parts)
        self.token_fstarts = fstarts

    def token_at(self, folded_position: int) -> int:
        """Index of the token that starts at or contains a position in the folded string."""
        return bisect_right(self.token_fstarts, folded_position) - 1

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Original offsets covering tokens first..last (inclusive)."""
        return self.tokens[first].start, self.tokens[last].end


def fold_phrase(phrase: str) -> str:
    """An alias folded the way text is, without the framing spaces ("" if nothing is left)."""
    return " ".join(token.folded for token in FoldedText(phrase).tokens if token.folded != BOUNDARY)
