"""How alike two actors' records are, and an order that puts like next to like. Pure functions over
plain dicts: no database, so that every figure here can be checked by hand.

Three measures, each with its n (what it was computed over):

- open_agreement: over the frameworks open to both actors (both could have joined). Each actor's
  record on a framework is one of four categories: for (proposes, supports, signs, ratifies),
  neutral (neutral, abstains), against (opposes, declines, withdraws) or no recorded position. Not
  taking part counts as what it is: the United States signing a declaration that Russia did not
  join is a disagreement, and neither joining one is an agreement.
- shared_agreement: over the frameworks on which both have a recorded position, in three categories.
  The older figure, kept beside the first and labelled as what it is: two actors with three shared
  positions, all on the same side, score 100% on it.
- vote_agreement: the agreement index of UN voting research (Voeten's data; Bailey, Strezhnev and
  Voeten 2017): over the recorded votes both cast, yes, abstain and no coded 1, 2, 3 and each vote
  scored 1 - |a - b| / 2, so that a yes beside an abstention is half an agreement. Absences and
  votes a state could not cast are left out, as in that data.

Each comes with Cohen's kappa: the observed agreement corrected for the agreement two actors with
the same overall habits would reach by chance, (p_o - p_e) / (1 - p_e), p_e being the sum over the
categories of the two actors' shares in each. It answers Häge's (2011) objection to raw agreement
in UN votes: most states vote yes on most texts, and most actors join few frameworks, so raw
agreement is high for any two of them. kappa is None where it is undefined (p_e = 1: both actors
in one and the same category throughout).

Hierarchical clustering: average_linkage_order orders items by an average-linkage (UPGMA)
clustering, built with the nearest-neighbour chain algorithm in O(n^2) distance reads. Pure Python:
scipy is not installed, and the charts order at most a few hundred actors.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

from ..choices import POSITION_DIRECTION, Position

FOR, NEUTRAL, AGAINST, NO_POSITION = "for", "neutral", "against", "no recorded position"
_DIRECTION_CATEGORY = {1: FOR, 0: NEUTRAL, -1: AGAINST}

# Below this many frameworks (or votes) in common a share says little: 3 of 3 is "100%". Cells with
# fewer are greyed out, and no list ranks an actor on them.
MIN_N = 5

# UN roll-call votes as coded in Voeten's data (1 yes, 2 abstain, 3 no).
VOTE_CODES = {"voted_for": 1, "abstained": 2, "voted_against": 3}


@dataclass(frozen=True)
class Agreement:
    """One pair's agreement: `agree` out of `n` (a sum of half points for votes) and kappa."""

    agree: float
    n: int
    kappa: float | None

    @property
    def share(self) -> float | None:
        return self.agree / self.n if self.n else None

    @property
    def enough(self) -> bool:
        """Enough in common to be shown in colour or ranked (MIN_N)."""
        return self.n >= MIN_N


def category(position: str | None) -> str:
    """A position's category: for, neutral, against, or no recorded position (None)."""
    if position is None:
        return NO_POSITION
    return _DIRECTION_CATEGORY[POSITION_DIRECTION[Position(position)]]


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of paired categories [(a's, b's), ...]; None when undefined (no pairs, or
    chance agreement 1: both always in the same single category)."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _b in pairs)
    second = Counter(b for _a, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if math.isclose(expected, 1.0):
        return None
    return (observed - expected) / (1 - expected)


def open_agreement(a: dict, b: dict, open_keys: Iterable) -> Agreement:
    """Agreement over `open_keys` (the frameworks open to both), no recorded position a category."""
    pairs = [(category(a.get(key)), category(b.get(key))) for key in open_keys]
    return Agreement(sum(x == y for x, y in pairs), len(pairs), cohen_kappa(pairs))


def shared_agreement(a: dict, b: dict) -> Agreement:
    """Agreement over the frameworks both have a recorded position on (for, neutral, against)."""
    pairs = [(category(a[key]), category(b[key])) for key in a.keys() & b.keys()]
    return Agreement(sum(x == y for x, y in pairs), len(pairs), cohen_kappa(pairs))


def vote_agreement(a: dict, b: dict) -> Agreement:
    """Voeten's agreement index over the votes both cast: {vote: act} per state, act one of
    voted_for, abstained, voted_against (anything else is left out, as absences are)."""
    pairs = [
        (VOTE_CODES[a[key]], VOTE_CODES[b[key]])
        for key in a.keys() & b.keys()
        if a[key] in VOTE_CODES and b[key] in VOTE_CODES
    ]
    score = sum(1 - abs(x - y) / 2 for x, y in pairs)
    return Agreement(score, len(pairs), cohen_kappa(pairs))


def open_to_both(open_to: dict, a: Hashable, b: Hashable) -> list:
    """The keys of {framework: actors it is open to, or ALL} open to both a and b."""
    return [key for key, actors in open_to.items() if (actors is ALL or (a in actors and b in actors))]


class _All:
    """Stands for "every actor" in open_to: a framework open to anyone."""

    def __contains__(self, item) -> bool:
        return True

    def __repr__(self) -> str:
        return "ALL"


ALL = _All()


def average_linkage_order(items: Sequence, distance: Callable[[int, int], float]) -> list:
    """`items` in the leaf order of their average-linkage clustering.

    `distance(i, j)` is the distance between items[i] and items[j] (indices). Items are taken in the
    order given (put the one you want first, first): ties go to the earlier item, and of the two
    clusters joined at each step, the one holding the earlier item comes first. The tree is built
    by the nearest-neighbour chain (Murtagh 1983), which gives the same tree as the textbook
    algorithm for average linkage, with Lance and Williams' update d(k, i+j) = (|i| d(k, i) + |j|
    d(k, j)) / (|i| + |j|).
    """
    n = len(items)
    if n <= 2:
        return list(items)
    dist = [[0.0] * n for _ in range(n)]
    for i in range(n):
        row = dist[i]
        for j in range(i + 1, n):
            row[j] = dist[j][i] = float(distance(i, j))
    size = [1] * n
    members = [[i] for i in range(n)]
    active = list(range(n))
    alive = [True] * n
    chain: list[int] = []
    while len(active) > 1:
        if not chain:
            chain.append(active[0])
        here = chain[-1]
        previous = chain[-2] if len(chain) > 1 else None
        row = dist[here]
        best, best_d = -1, math.inf
        for k in active:
            if k != here and row[k] < best_d:
                best, best_d = k, row[k]
        # Prefer the chain's previous link on a tie: the chain then ends in a reciprocal pair.
        if previous is not None and row[previous] <= best_d:
            best = previous
        if best != previous:
            chain.append(best)
            continue
        chain.pop()
        chain.pop()
        keep, gone = min(here, best), max(here, best)
        total = size[keep] + size[gone]
        for k in active:
            if k not in (keep, gone):
                merged = (size[keep] * dist[keep][k] + size[gone] * dist[gone][k]) / total
                dist[keep][k] = dist[k][keep] = merged
        members[keep] = members[keep] + members[gone]
        size[keep] = total
        alive[gone] = False
        active = [k for k in active if alive[k]]
    return [items[i] for i in members[active[0]]]
