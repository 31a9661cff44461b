"""What an import did: per model, how many records were inserted, updated, unchanged or kept (a
curator's edit wins), and each row it could not use, with its number and the reason."""

from __future__ import annotations

from dataclasses import dataclass, field


class DataError(ValueError):
    """A file that cannot be read at all (not JSON, not the format): nothing of it is loaded."""


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    def line(self, name: str) -> str:
        return (
            f"{name}: {self.inserted} inserted, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.kept} kept"
        )

    @property
    def changed(self) -> int:
        return self.inserted + self.updated


@dataclass(frozen=True)
class RowProblem:
    """A row left out (or a value of it), and why. `row` counts from 1: the first row of data (a CSV's
    header is row 0), the first item of a JSON list."""

    source: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}, row {self.row}: {self.reason}"


@dataclass
class ImportReport:
    """Counts per model, in the order models were written, and the problems met."""

    counts: dict[str, Counts] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def __getitem__(self, name: str) -> Counts:
        return self.counts.setdefault(name, Counts())

    def problem(self, source: str, row: int, reason: str) -> None:
        self.problems.append(RowProblem(source, row, reason))

    def merge(self, other: ImportReport) -> None:
        for name, counts in other.counts.items():
            mine = self[name]
            for attribute in ("inserted", "updated", "unchanged", "kept"):
                setattr(mine, attribute, getattr(mine, attribute) + getattr(counts, attribute))
        self.problems += other.problems
        self.warnings += other.warnings

    @property
    def changed(self) -> int:
        return sum(counts.changed for counts in self.counts.values())

    def lines(self) -> list[str]:
        """One line of counts per model."""
        return [counts.line(name) for name, counts in self.counts.items()]

    def notes(self) -> list[str]:
        """The warnings and each row left out, with its number and reason."""
        return [f"warning: {warning}" for warning in self.warnings] + [
            f"left out: {problem}" for problem in self.problems
        ]
