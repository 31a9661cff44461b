"""The alias index: every alias of every actor, framework and summit, ready to be matched in one pass.

Built from AliasEntry values alone. Where the entries come from (the database, a test's list, a
benchmark's synthetic table) is the caller's business: initiatives/ingest/alias_index.py loads them
from the database and keeps the index fresh.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import ahocorasick

from ..choices import AliasKind
from .descriptions import DescriptionIndex
from .folding import FoldedText, fold_phrase
from .nouns import NOUNS
from .paraphrase import ELLIPSIS, SignatureIndex, canonical, signature
from .symbols import symbol_tails
from .typos import TypoTable


@dataclass(frozen=True)
class AliasEntry:
    text: str
    target_type: str  # "actor" | "framework" | "summit"
    key: str  # actor code or framework/summit slug
    name: str
    kind: str = AliasKind.NAME
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    # An organisation (EU, APEC, OECD) is named even inside a framework's or summit's name; a country is
    # not ("the Seoul Declaration"). None: decided from the code (ISO alpha-3 codes are countries).
    organisation: bool | None = None
    language: str = "en"  # an alias in Spanish, Portuguese or French is read in texts in it (language.py)

    def valid_on(self, day: datetime.date | None) -> bool:
        if self.valid_from is None and self.valid_to is None:
            return True
        if day is None:  # undated article: only an open-ended term can be meant
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    @property
    def is_organisation(self) -> bool:
        if self.target_type != "actor":
            return False
        if self.organisation is not None:
            return self.organisation
        return not _ISO3.fullmatch(self.key)

    @property
    def is_window(self) -> bool:
        """Written with "…" ("APEC … Shenzhen"): its words near each other in one sentence, in any order."""
        return any(mark in self.text for mark in ELLIPSIS)


_ISO3 = re.compile(r"[A-Z]{3}")
# Kinds never matched in another word order: too short, or read only as written.
_NOT_LOOSE_KINDS = {AliasKind.ABBREVIATION, AliasKind.LEADER, AliasKind.DEMONYM, AliasKind.CAPITAL}
# The nouns by which a text refers back to or describes a framework (nouns.py), in canonical form: a
# framework's heads are those its names hold ("the declaration", "the body").
_HEADS = frozenset(canonical(fold_phrase(noun)) for noun in NOUNS)
_KIND_NOUNS = {"proposed_organisation": "organisation", "national_plan": "plan"}  # else the kind is the noun


class AliasIndex:
    """Every alias folded into one Aho-Corasick automaton: matching costs the same for 100 or 10,000.

    Long framework and summit names are also matched in any word order and under paraphrases
    (paraphrase.py), in the same single reading of the text.
    """

    def __init__(
        self,
        entries,
        outcomes: dict[str, list[str]] | None = None,
        hosts: list[tuple[str, frozenset[str], datetime.date]] | None = None,
        places: list[tuple] | None = None,
        proposed_bodies: dict[str, list[str]] | None = None,
        frameworks: dict[str, tuple[str, datetime.date | None]] | None = None,
        tallies: list[tuple[str, int | None, int | None, int | None]] | None = None,
    ):
        self.entries = list(entries)
        table: dict[str, list[AliasEntry]] = {}
        signatures: dict[frozenset[str], list[AliasEntry]] = {}
        windows: dict[frozenset[str], list[AliasEntry]] = {}
        self.heads: dict[str, set[str]] = {}  # framework slug -> the nouns that can refer back to it
        # summit slug -> the frameworks launched or adopted there
        self.outcomes: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in (outcomes or {}).items()}
        # (summit slug, host and co-host codes, first day) of summits a text may name by their host alone
        # ("South Korea will host the next summit").
        self.hosts = list(hosts or [])
        # (summit slug, city, first day, last day, organiser code, name) of the summits a text may name by
        # their place and date ("the summit held in Gyeongju", "the Bletchley agreement"): places.py.
        self.places = list(places or [])
        # actor code -> the proposed organisations it proposed or co-proposed (proposals.py).
        self.proposed_bodies = {k: tuple(v) for k, v in (proposed_bodies or {}).items()}
        # framework slug -> (kind, the day it was adopted or proposed), where known.
        self.frameworks = dict(frameworks or {})
        # (framework slug, for, against, abstaining) of each recorded vote: a text's counts name it (tallies.py).
        self.tallies = list(tallies or [])
        self.names = {(e.target_type, e.key): e.name for e in self.entries}
        self.vocab: dict[str, set[str]] = {}  # framework slug -> every word of its names
        for entry in self.entries:
            folded = fold_phrase(entry.text)
            if not folded:
                continue
            if entry.target_type == "framework":
                self.vocab.setdefault(entry.key, set()).update(canonical(w) for w in folded.split())
                self.heads.setdefault(entry.key, set()).update(
                    canonical(w) for w in folded.split() if canonical(w) in _HEADS
                )
            if entry.is_window:
                sig = signature(folded.split(), window=True)
                if sig is not None:
                    windows.setdefault(sig, []).append(entry)
                continue
            table.setdefault(f" {folded} ", []).append(entry)
            if (
                entry.target_type in ("framework", "summit")
                and entry.kind not in _NOT_LOOSE_KINDS
                and entry.valid_from is None
                and entry.valid_to is None
            ):
                sig = signature(folded.split())
                if sig is not None:
                    signatures.setdefault(sig, []).append(entry)
        # framework slug -> its kind's noun: the press calls the REAIM Pathways to Action "the declaration",
        # whatever its names say. Read where a summit or an earlier mention says which text is meant.
        self.kind_heads: dict[str, str] = {}
        for key, (kind, _) in self.frameworks.items():
            noun = canonical(fold_phrase(_KIND_NOUNS.get(kind, kind)))
            if noun in _HEADS:
                self.kind_heads[key] = noun
        # Frameworks described by their words rather than named (descriptions.py).
        self.descriptions = DescriptionIndex(self.vocab, self.heads, self.frameworks)
        # UN draft resolutions named by their symbol's last part ("resolution L.56"): symbols.py.
        self.symbol_tails = symbol_tails(self.entries)
        # Misspellings of long framework and summit names (typos.py).
        self.typos = TypoTable(
            fold_phrase(e.text) for e in self.entries if e.target_type in ("framework", "summit")
        )
        self.automaton = ahocorasick.Automaton()
        for pattern, group in table.items():
            self.automaton.add_word(pattern, (len(pattern.split()), tuple(group)))
        if table:
            self.automaton.make_automaton()
        self._empty = not table
        # A signature that is also some other target's exact name would be ambiguous: keep one target only.
        self.signatures = SignatureIndex(
            {
                sig: tuple(group)
                for sig, group in signatures.items()
                if len({(e.target_type, e.key) for e in group}) == 1
            },
            {sig: tuple(group) for sig, group in windows.items()},
        )

    def find(self, folded: FoldedText):
        """(first_token, last_token, entries) for every alias occurrence, overlaps included."""
        if self._empty:
            return
        for end, (ntokens, group) in self.automaton.iter(folded.folded):
            last = folded.token_at(end - 1)
            yield last - ntokens + 1, last, group
        if self.signatures:
            yield from self.signatures.find(list(map(canonical, folded.words)))
