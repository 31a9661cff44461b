"""The fuzz targets of tests/fuzz/, each run under hypothesis.

In `make test` each target runs a short, repeatable set of inputs. `make fuzz` sets FUZZ_INPUTS
(12,000 by default) and shares them among the targets by weight, with fresh random inputs each run.
The run ends with lines saying how many inputs ran and whether anything crashed (tests/conftest.py
prints RUN.summary()).
"""

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz import RUN, load_targets, shares

TARGETS = load_targets()
FUZZ_INPUTS = int(os.environ.get("FUZZ_INPUTS") or 0)
SHORT_RUN = 40  # inputs per target in make test


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=[pytest.mark.django_db] if TARGETS[name].db else [])
        for name in sorted(TARGETS)
    ],
)
def test_fuzz_target(name, request):
    fuzz_target = TARGETS[name]
    inputs = shares(FUZZ_INPUTS, TARGETS)[name] if FUZZ_INPUTS else SHORT_RUN
    context = ()
    if fuzz_target.db:
        made = fuzz_target.setup(request) if fuzz_target.setup else request.getfixturevalue("client")
        context = (made,)
    RUN.started(name)

    @settings(
        max_examples=inputs,
        # An input that takes seconds is a finding too (a quadratic path); make test stays repeatable.
        deadline=dt.timedelta(seconds=10) if FUZZ_INPUTS else None,
        derandomize=not FUZZ_INPUTS,
        database=None if not FUZZ_INPUTS else settings.default.database,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(fuzz_target.strategy)
    def run(value):
        RUN.ran(name)
        fuzz_target.check(value, *context)

    run()
    RUN.passed(name)
