"""The language a text is written in, among those whose names and cues the analysis reads besides English.

Counted on the text's own short words: each language's function words that the others lack ("el", "los",
"del" in Spanish; "do", "da", "não" in Portuguese; "le", "les", "du" in French; "the", "of", "and" in
English). A text is in one of them where that language's words are many and outnumber English's twice over;
else it is read as English. Names and cues of a language (actor names from CLDR) are read only in its texts.
"""

from __future__ import annotations

import re

READ_IN = ("es", "pt", "fr")
_WORDS = {
    "en": frozenset({"the", "of", "and", "to", "is", "that", "with", "was", "for", "on", "by", "its"}),
    "es": frozenset(
        {"el", "los", "las", "del", "y", "con", "una", "es", "al", "lo", "su", "sus", "entre", "como", "más"}
    ),
    "pt": frozenset(
        {"o", "os", "do", "da", "dos", "das", "e", "com", "uma", "em", "não", "ao", "na", "pelo"}
    ),
    "fr": frozenset(
        {"le", "les", "du", "et", "avec", "une", "dans", "est", "au", "aux", "sur", "qui", "pour"}
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
_QUICK_ENGLISH = (" the ", " of ", " and ")  # none of them is a word of the other three
_SAMPLE = 3000  # characters: enough words to tell, and the same cost for a long article
_ENOUGH = 5


def language_of(text: str) -> str:
    """ "es", "pt" or "fr" where the text is written in one of them, else "en"."""
    sample = text[:_SAMPLE].lower()
    if sum(sample.count(word) for word in _QUICK_ENGLISH) >= _ENOUGH:
        return "en"  # most texts: a quick count of English words in C says so
    counts = dict.fromkeys(_WORDS, 0)
    for word in _WORD.findall(sample):
        for language, words in _WORDS.items():
            if word in words:
                counts[language] += 1
    best = max(READ_IN, key=lambda language: counts[language])
    if counts[best] >= _ENOUGH and counts[best] >= 2 * counts["en"]:
        return best
    return "en"


def applies(alias_language: str, text_language: str) -> bool:
    """Whether an alias of that language is read in a text of this one (English and the languages not told
    apart here, in their own scripts, everywhere)."""
    return alias_language not in READ_IN or alias_language == text_language
