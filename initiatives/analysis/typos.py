"""Misspelt long words of framework and summit names, read as the word meant ("Framwork Convention on
Artificial Inteligence").

A word of the text is corrected when it is one edit (a letter left out, added, changed or two swapped) from
exactly one long word of a framework's or summit's name of three words or more, and a word next to it is a
word of such a name too: a typo inside a name, not any word that happens to be near one. Plurals are not
typos. Candidates are found by deleting one letter (a symmetric-delete table built with the index), and
each distinct word of a text is looked up once, so the cost is a few set lookups per distinct long word.
"""

from __future__ import annotations

from .folding import FoldedText

# Words shorter than this are left as written: one edit makes too many other words of short ones.
MIN_LENGTH = 7
# A neighbour at least this long that is a name word confirms a correction ("convention", "ai" does not).
_NEIGHBOUR_LENGTH = 4
# Words remembered per index, their answers with them, before the memory starts again.
_MEMO_SIZE = 200_000


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoTable:
    """Long name words, and every form of them with one letter deleted."""

    def __init__(self, phrases):
        self.words: set[str] = set()  # every word of a long name
        self.long: set[str] = set()
        for phrase in phrases:
            words = phrase.split()
            if len(words) < 3:
                continue
            self.words.update(words)
            self.long.update(w for w in words if len(w) >= MIN_LENGTH and w.isalpha())
        self._memo: dict[str, str | None] = {}
        self.by_delete: dict[str, set[str]] = {}
        for word in self.long:
            for form in _deletes(word) | {word}:
                self.by_delete.setdefault(form, set()).add(word)

    def __bool__(self) -> bool:
        return bool(self.long)

    def meant(self, word: str) -> str | None:
        """The one long name word that word is a misspelling of, or None (remembered: words recur)."""
        try:
            return self._memo[word]
        except KeyError:
            pass
        if len(self._memo) > _MEMO_SIZE:
            self._memo.clear()
        right = self._memo[word] = self._meant(word)
        return right

    def _meant(self, word: str) -> str | None:
        if len(word) < MIN_LENGTH - 1 or word in self.words or not word.isalpha():
            return None
        found = set()
        for form in _deletes(word) | {word}:
            found |= self.by_delete.get(form, set())
        found = {w for w in found if w + "s" != word and word + "s" != w and abs(len(w) - len(word)) <= 1}
        return found.pop() if len(found) == 1 else None


def corrected(folded: FoldedText, table: TypoTable) -> FoldedText:
    """The folded text with misspelt name words replaced by the words meant, offsets unchanged."""
    if not table:
        return folded
    words = folded.words
    meant = {}
    shortest = MIN_LENGTH - 1
    for word in set(words).difference(table.words):
        if len(word) >= shortest:
            right = table.meant(word)
            if right is not None:
                meant[word] = right
    if not meant:
        return folded
    fixed = list(words)
    changed = False
    for i, word in enumerate(words):
        right = meant.get(word)
        if right is None:
            continue
        neighbours = [meant.get(w, w) for w in words[max(0, i - 1) : i] + words[i + 1 : i + 2]]
        if any(len(n) >= _NEIGHBOUR_LENGTH and n in table.words for n in neighbours):
            fixed[i], changed = right, True
    if not changed:
        return folded
    copy = object.__new__(FoldedText)
    copy.text, copy.starts, copy.ends, copy.words = folded.text, folded.starts, folded.ends, fixed
    copy.folded = f" {' '.join(fixed)} "
    lengths, position, fstarts = map(len, fixed), 1, []
    for length in lengths:
        fstarts.append(position)
        position += length + 1
    copy.token_fstarts = fstarts
    return copy
