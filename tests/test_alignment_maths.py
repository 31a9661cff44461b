"""The alignment maths, checked against figures worked out by hand (no database)."""

import random

import pytest

from initiatives.analysis.agreement import (
    AGAINST,
    ALL,
    FOR,
    MIN_N,
    NEUTRAL,
    NO_POSITION,
    average_linkage_order,
    category,
    cohen_kappa,
    open_agreement,
    open_to_both,
    shared_agreement,
    vote_agreement,
)


def test_it_computes_cohens_kappa_as_worked_out_by_hand():
    # Ten frameworks. a: 4 for, 1 neutral, 2 against, 3 none; b: 4 for, 2 neutral, 1 against, 3 none.
    a = [FOR, FOR, FOR, FOR, NEUTRAL, AGAINST, AGAINST, NO_POSITION, NO_POSITION, NO_POSITION]
    b = [FOR, FOR, FOR, NEUTRAL, NEUTRAL, AGAINST, NO_POSITION, NO_POSITION, NO_POSITION, FOR]
    # Observed: 3 + 1 + 1 + 2 = 7 of 10. Chance: (4*4 + 1*2 + 2*1 + 3*3) / 100 = 0.29.
    # kappa = (0.7 - 0.29) / (1 - 0.29) = 0.41 / 0.71.
    assert cohen_kappa(list(zip(a, b, strict=True))) == pytest.approx(0.41 / 0.71)


def test_kappa_is_zero_at_chance_negative_below_it_and_undefined_for_one_category():
    assert cohen_kappa([(FOR, FOR), (FOR, AGAINST), (AGAINST, FOR), (AGAINST, AGAINST)]) == 0
    assert cohen_kappa([(FOR, AGAINST), (AGAINST, FOR)]) == -1
    assert cohen_kappa([(FOR, FOR)] * 6) is None  # both always "for": chance agreement is 1
    assert cohen_kappa([]) is None


def test_it_counts_a_non_participation_on_a_framework_open_to_both():
    # The case: three shared positions, all on the same side, score 100% on the old figure.
    usa = {1: "signs", 2: "supports", 3: "opposes", 4: "signs", 5: "signs", 6: "ratifies", 7: "signs"}
    rus = {1: "signs", 2: "signs", 3: "declines"}
    shared = shared_agreement(usa, rus)
    assert (shared.agree, shared.n, shared.share) == (3, 3, 1.0)
    assert not shared.enough  # fewer than MIN_N: never ranked, greyed in the heatmap
    # Over the eight frameworks open to both (8: neither took part), four non-participations by
    # Russia disagree with four US signatures; neither joining 8 is an agreement.
    both = open_agreement(usa, rus, open_keys=range(1, 9))
    assert (both.agree, both.n, both.share) == (4, 8, 0.5)
    # Categories: usa for 6, against 1, none 1; rus for 2, against 1, none 5.
    # Observed 4/8; chance (6*2 + 1*1 + 1*5) / 64 = 18/64.
    assert both.kappa == pytest.approx((4 / 8 - 18 / 64) / (1 - 18 / 64))
    assert both.enough and MIN_N == 5


def test_categories_follow_the_positions_direction():
    assert [category(p) for p in ("proposes", "ratifies", "abstains", "withdraws", None)] == [
        FOR,
        FOR,
        NEUTRAL,
        AGAINST,
        NO_POSITION,
    ]


def test_it_scores_un_votes_as_voetens_index_with_an_abstention_half_an_agreement():
    a = {"v1": "voted_for", "v2": "voted_for", "v3": "abstained", "v4": "voted_against", "v5": "voted_for"}
    b = {"v1": "voted_for", "v2": "abstained", "v3": "abstained", "v4": "voted_for"}  # absent on v5
    score = vote_agreement(a, b)
    # 1 (yes, yes) + 0.5 (yes, abstain) + 1 (abstain, abstain) + 0 (no, yes) over the 4 votes both cast.
    assert (score.agree, score.n, score.share) == (2.5, 4, 0.625)
    # kappa on the codes: observed 2/4; chance (2*2 + 1*2 + 1*0) / 16 = 6/16; (0.5 - 0.375) / 0.625.
    assert score.kappa == pytest.approx(0.2)


def test_it_lists_the_frameworks_open_to_both():
    open_to = {1: ALL, 2: {10, 11}, 3: {10}, 4: set()}
    assert open_to_both(open_to, 10, 11) == [1, 2]
    assert open_to_both(open_to, 10, 12) == [1]


def _line(points):
    return lambda i, j: abs(points[i] - points[j])


def test_it_orders_by_average_linkage_as_worked_out_by_hand():
    # 5 and 6 join first (1), then 0 and 1 (1, the later tie), then those four (average 5), then 20.
    points = [20, 5, 0, 6, 1]
    assert average_linkage_order(points, _line(points)) == [20, 5, 6, 0, 1]


def test_the_order_groups_a_planted_structure():
    rng = random.Random(14)
    groups = {name: [f"{name}{i}" for i in range(6)] for name in "ABCD"}
    centre = {"A": 0.0, "B": 10.0, "C": 20.0, "D": 30.0}
    items = [item for members in groups.values() for item in members]
    rng.shuffle(items)
    # Within a group distances up to 3; between groups at least 10 minus that noise.
    noise = {item: rng.uniform(0, 1.5) for item in items}
    where = {item: centre[item[0]] + noise[item] for item in items}
    order = average_linkage_order(items, lambda i, j: abs(where[items[i]] - where[items[j]]))
    assert sorted(order) == sorted(items)
    runs = [order[i][0] for i in range(len(order)) if i == 0 or order[i][0] != order[i - 1][0]]
    assert sorted(runs) == list("ABCD")  # each group in one run


def test_it_keeps_two_tight_groups_whole_with_a_point_half_way_between_them():
    # Started from the point between them, the order still keeps each group in one run: the point
    # joins one group last and sits at an end.
    points = [5.0, 0.0, 0.2, 0.4, 9.6, 9.8, 10.0]
    order = average_linkage_order(points, _line(points))
    assert order.index(5.0) in (0, 6)
    low = [order.index(p) for p in (0.0, 0.2, 0.4)]
    high = [order.index(p) for p in (9.6, 9.8, 10.0)]
    assert max(low) - min(low) == 2 and max(high) - min(high) == 2
