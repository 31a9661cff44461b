"""Fuzzing with hypothesis: one function per target, in a registry that tests/test_fuzz.py runs.

A target is a strategy for inputs and a function that checks one input: it returns when the code
under test answered as it should (a value, or one of its own documented errors) and raises anything
else, which is a crash. Register one with the decorator, in any module of this package whose name
ends in `_targets` (they are all imported by `load_targets()`):

    @target("query_parameters", st.dictionaries(...), weight=2, db=True)
    def query_parameters(params, client):
        ...

`db=True` gives the check the test database and a second argument: what `setup(request)` returns
(it may ask pytest for fixtures: request.getfixturevalue("governance_world")), or by default
Django's test client. `weight` says how large a share of the inputs the target gets. `make fuzz` runs FUZZ_INPUTS inputs in all
(12,000 by default); `make test` runs a short, repeatable version.
"""

from __future__ import annotations

import importlib
import pkgutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis.strategies import SearchStrategy


@dataclass(frozen=True)
class Target:
    name: str
    strategy: SearchStrategy
    check: Callable[..., Any]
    weight: float = 1.0
    db: bool = False
    setup: Callable[..., Any] | None = None

    @property
    def description(self) -> str:
        return (self.check.__doc__ or self.name).strip().splitlines()[0]


TARGETS: dict[str, Target] = {}


def target(name: str, strategy: SearchStrategy, *, weight: float = 1.0, db: bool = False, setup=None):
    """Register the decorated function as the check of a fuzz target."""

    def register(check: Callable[..., Any]) -> Callable[..., Any]:
        if name in TARGETS:
            raise ValueError(f"Two fuzz targets are called {name!r}.")
        TARGETS[name] = Target(
            name=name, strategy=strategy, check=check, weight=weight, db=db or setup is not None, setup=setup
        )
        return check

    return register


def load_targets() -> dict[str, Target]:
    """Import every *_targets module of this package, which registers its targets."""
    for module in pkgutil.iter_modules(__path__):
        if module.name.endswith("_targets"):
            importlib.import_module(f"{__name__}.{module.name}")
    return TARGETS


def shares(total: int, targets: dict[str, Target]) -> dict[str, int]:
    """How many inputs each target gets of `total`, by weight (at least 10 each)."""
    weights = sum(t.weight for t in targets.values()) or 1
    return {name: max(10, round(total * t.weight / weights)) for name, t in targets.items()}


@dataclass
class Run:
    """What this session's fuzzing did: inputs per target, which finished without a crash."""

    inputs: dict[str, int] = field(default_factory=dict)
    finished: set[str] = field(default_factory=set)
    seconds: float = 0.0
    _since: float = 0.0

    def started(self, name: str) -> None:
        self.inputs[name] = 0
        self._since = time.monotonic()

    def ran(self, name: str) -> None:
        self.inputs[name] += 1

    def passed(self, name: str) -> None:
        self.finished.add(name)
        self.seconds += time.monotonic() - self._since

    def summary(self) -> list[str]:
        if not self.inputs:
            return []
        crashed = sorted(set(self.inputs) - self.finished)
        each = ", ".join(f"{name} {count:,}" for name, count in sorted(self.inputs.items()))
        return [
            f"fuzz: {sum(self.inputs.values()):,} inputs over {len(self.inputs)} targets in {self.seconds:.0f} s ({each})",
            f"fuzz: crashed or failed: {', '.join(crashed)}" if crashed else "fuzz: no crash",
        ]


RUN = Run()
