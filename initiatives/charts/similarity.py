"""How alike two actors' positions are, and an order that puts like next to like. Pure functions over
{framework: position} vectors; no database.

The charts order actors by an average-linkage hierarchical clustering (cluster_order) of the
distance below, in pure Python (initiatives.analysis.agreement: scipy is not installed). The
greedy nearest-neighbour chain that ordered them before (similarity_order) is kept for comparison:
it can split a group that the clustering keeps whole. The agreement measures themselves are in
initiatives.analysis.agreement; agreement() here is the both-have-a-position count.
"""

from __future__ import annotations

from ..analysis.agreement import average_linkage_order
from ..choices import POSITION_DIRECTION, POSITION_ORDER, Position

POSITION_INDEX = {position.value: i for i, position in enumerate(POSITION_ORDER)}


# Distances in quarters, so that they are whole numbers: same position 0, same direction 1, one of the
# two without a position 2, opposite directions 4.
def distance(a: dict, b: dict, keys) -> float:
    """The distance similarity_order minimises, spelled out key by key (the reference for its bit sums)."""
    total = 0.0
    for key in keys:
        pa, pb = a.get(key), b.get(key)
        if pa == pb:
            continue
        if pa is None or pb is None:
            total += 0.5
        elif POSITION_DIRECTION[Position(pa)] == POSITION_DIRECTION[Position(pb)]:
            total += 0.25
        else:
            total += 1.0
    return total


def agreement_bits(vector: dict, bit: dict, width: int) -> int:
    """A position vector as one bit set: per key, its direction three times over (so that a shared
    direction counts 3) and its position once (a shared position counts 1 more)."""
    bits = 0
    for key, position in vector.items():
        at = bit[key]
        direction = (POSITION_DIRECTION[position] + 1) * width
        bits |= (
            (1 << (at + direction))
            | (1 << (at + direction + 3 * width))
            | (1 << (at + direction + 6 * width))
        )
        bits |= 1 << (at + (9 + POSITION_INDEX[position]) * width)
    return bits


def similarity_order(vectors: dict) -> list:
    """Order keys so that neighbours have similar position vectors: greedy nearest neighbour.

    A hierarchical clustering would need scipy and numpy, which the project does not install; a
    greedy chain, started from the actor with the most positions, puts like next to like, which is
    what a reader of the matrix needs. Ties go to the smaller str(key).

    The chain compares every actor with every other one, so distance is not looped over the
    frameworks for each pair. Counted in quarters it is 2 for each framework that only one of the
    two has a position on, 1 where both have one in the same direction but not the same position,
    4 where their directions differ; that is 2 * (positions of a + positions of b) minus 3 per
    shared direction and 1 per shared position: one AND of two bit sets and a bit count per pair.
    """
    if not vectors:
        return []
    keys = sorted({k for vector in vectors.values() for k in vector}, key=str)
    bit = {key: i for i, key in enumerate(keys)}
    items = sorted(vectors, key=lambda item: (-len(vectors[item]), str(item)))
    n = len(items)
    # Ties on distance go to the smaller str(item), then to the earlier item in that start order.
    rank = {i: r for r, i in enumerate(sorted(range(n), key=lambda i: (str(items[i]), i)))}
    # Per item: 2 * its positions * n + its rank, so that one integer compares (distance, rank).
    remaining = [
        (2 * len(vectors[item]) * n + rank[i], agreement_bits(vectors[item], bit, len(keys)), item)
        for i, item in enumerate(items)
    ]
    _base, shared, first = remaining.pop(0)
    order = [first]
    while remaining:
        scores = [base - (shared & bits).bit_count() * n for base, bits, _item in remaining]
        _base, shared, item = remaining.pop(scores.index(min(scores)))
        order.append(item)
    return order


def cluster_order(vectors: dict) -> list:
    """Keys in the leaf order of an average-linkage clustering of their vectors under distance().

    Started from the key with the most positions (ties: the smaller str(key)), which comes first.
    The distance of every pair is one AND of two bit sets and a bit count (see similarity_order), so
    the matrix of a few hundred actors costs milliseconds before the clustering.
    """
    if not vectors:
        return []
    keys = sorted({k for vector in vectors.values() for k in vector}, key=str)
    bit = {key: i for i, key in enumerate(keys)}
    items = sorted(vectors, key=lambda item: (-len(vectors[item]), str(item)))
    sizes = [2 * len(vectors[item]) for item in items]
    bits = [agreement_bits(vectors[item], bit, len(keys)) for item in items]
    return average_linkage_order(items, lambda i, j: sizes[i] + sizes[j] - (bits[i] & bits[j]).bit_count())


def agreement(a: dict, b: dict) -> tuple[int, int]:
    """(agreements, frameworks both have a position on): agreeing means the same direction."""
    shared = a.keys() & b.keys()
    agree = sum(
        POSITION_DIRECTION[Position(a[key])] == POSITION_DIRECTION[Position(b[key])] for key in shared
    )
    return agree, len(shared)
