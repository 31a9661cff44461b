"""A set of character spans, asked whether any of them overlaps or covers a range."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import itemgetter


class Spans:
    """Character spans (start, end), asked whether any overlaps or covers a range in O(log n)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = list(map(itemgetter(0), self.spans))
        # The furthest end among the spans up to each one, as C's accumulate builds it.
        self.max_end = list(accumulate(map(itemgetter(1), self.spans), max))

    def _reach(self, position: int, inclusive: bool) -> int:
        i = (bisect_right if inclusive else bisect_left)(self.starts, position)
        return self.max_end[i - 1] if i else -1

    def overlaps(self, start: int, end: int) -> bool:
        return self._reach(end, inclusive=False) > start

    def covers(self, start: int, end: int) -> bool:
        return self._reach(start, inclusive=True) >= end

    def contains(self, position: int) -> bool:
        """Whether a span holds the position (start <= position < end)."""
        return self._reach(position, inclusive=True) > position
