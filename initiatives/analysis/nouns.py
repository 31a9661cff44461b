"""The document nouns ("declaration", "treaty", "body" …) from which references.py and descriptions.py read.

They are found in the one pass of the cue stems' automaton over the text (cues.CueReader.nouns): a pattern
of alternatives led by a word boundary, as those readers had, is tried at every character of the text (a
tenth of the analysis' time went to such scans; benchmarks/bench_analysis.py).
"""

from __future__ import annotations

import re

# In lower case; "organisation" and "organization", "communique" and "communiqué" are each looked for.
# The nouns by which a text refers back to a framework it has named (references.py: "the declaration").
REFERENCE_NOUNS = frozenset(
    [
        "declaration",
        "statement",
        "initiative",
        "plan",
        "convention",
        "treaty",
        "resolution",
        "act",
        "process",
        "group",
        "dialogue",
        "organisation",
        "organization",
        "body",
        "principles",
        "compact",
        "recommendation",
        "panel",
        "pact",
        "framework",
        "law",
        "text",
        "document",
        "network",
        "partnership",
        "strategy",
        "guide",
        "communique",
        "communiqué",
        "blueprint",
        # In texts in Spanish, Portuguese and French (language.py): "la declaración", "a declaração".
        *("declaración", "declaratoria", "resolución", "convención", "tratado", "documento", "texto"),
        *("declaração", "resolução", "convenção", "déclaration", "résolution", "traité", "texte"),
    ]
)
# The nouns by which a text describes a framework it does not name (descriptions.py: "a resolution on …").
DESCRIPTION_NOUNS = frozenset(
    [
        "declaration",
        "statement",
        "resolution",
        "convention",
        "treaty",
        "principles",
        "recommendation",
        "compact",
        "pact",
        "initiative",
        "organisation",
        "organization",
        "body",
        "text",
        "document",
        "agreement",
        "communique",
        "communiqué",
        "guide",
        "strategy",
        "charter",
        "group",
        "plan",
        "process",
        "call",  # "a joint call to action on the responsible … use of AI in the armed forces"
        # In Spanish, Portuguese and French: "una declaración", "uma declaração estabelecendo princípios".
        *("declaración", "declaração", "déclaration"),
    ]
)
NOUNS = tuple(sorted(REFERENCE_NOUNS | DESCRIPTION_NOUNS))


# After a capitalised document noun: the words of a name ("the Act on Promotion of Research", "the Convention on
# Certain Conventional Weapons"): another text's name, neither a reference back nor a description.
_NAME_GOES_ON = re.compile(r"\s+(?:on|of|for|against)\s+(?:the\s+)?[A-Z]")


def names_another_text(text: str, start: int, end: int) -> bool:
    """Whether the noun at text[start:end] is capitalised and a name goes on after it."""
    return text[start].isupper() and _NAME_GOES_ON.match(text, end) is not None


def whole_noun_ends_at(lowered: str, end: int) -> bool:
    """Whether a noun ending at end ends its word, not run into a hyphen ("act-based") or more letters."""
    if end >= len(lowered):
        return True
    after = lowered[end]
    return not (after.isalnum() or after == "_" or after == "-")
