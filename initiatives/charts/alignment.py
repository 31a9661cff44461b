"""Alignment: how often actors take the same side, as a heatmap, and an actor's closest and furthest
peers. The maths is initiatives.analysis.agreement's; this module reads what it compares.

Three measures (MEASURES), each shown with its n:
- "open": the frameworks open to both actors, no recorded position counted as such (the default);
- "shared": the frameworks on which both have a recorded position (the older figure);
- "un_votes": the General Assembly's recorded plenary votes on AI texts, scored as UN-voting
  research scores them (Voeten's agreement index: abstaining beside a yes or a no is half an
  agreement; absences left out). First Committee votes are left out: they are the same texts again,
  and their roll calls here name only the states that voted against or abstained.

Who a framework is open to (frameworks_open_to): the members of the organisation it is open to and
the others it names, where a source says so; otherwise every actor for a global framework, and only
those with a recorded position for a regional or national one (whose audience no source gives).
Anyone with a recorded position on it was evidently able to take part.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from ..analysis.agreement import (
    ALL,
    MIN_N,
    Agreement,
    average_linkage_order,
    open_agreement,
    open_to_both,
    shared_agreement,
    vote_agreement,
)
from ..as_of import AsOf
from ..choices import FrameworkScope, VoteBody
from ..models import Actor, Framework, Membership, Stance
from ..params import FilterError
from .figures import CIVIDIS, Chart, base_layout, build_figure, trace
from .positions import actor_set_ids, current_vectors, fetch_rows

# The alignment heatmap stays readable up to about this many actors; "all" keeps the most active.
ALIGNMENT_MAX_ACTORS = 40
# Numbers are written in the cells up to this many actors; beyond, the hover still gives them.
CELL_TEXT_MAX_ACTORS = 25
FEW_COLOUR = "#d9d9d6"

MEASURES = {
    "open": "frameworks open to both",
    "shared": "frameworks both have a position on",
    "un_votes": "UN recorded votes on AI texts",
}
DEFAULT_MEASURE = "open"

METHOD_NOTE = (
    "Agreement over the frameworks open to both: each actor is for, neutral, against or has no recorded "
    "position, and the same answer counts as agreeing (not joining is an answer). κ is Cohen's kappa, "
    "the agreement beyond what two actors with the same habits would reach by chance (0: chance, 1: "
    "always agreeing; Häge 2011 argues for it on UN votes). UN votes: the General Assembly's recorded "
    "plenary votes on AI texts, scored as in Voeten's UN voting data (Bailey, Strezhnev and Voeten 2017, "
    "doi:10.1177/0022002715595700): the same vote 1, a yes or a no beside an abstention ½, yes beside "
    f"no 0, absences left out. No pair with fewer than {MIN_N} in common is ranked or coloured."
)


def read_measure(params) -> str:
    """The `measure` parameter: one of MEASURES (FilterError, a 400, otherwise)."""
    value = params.get("measure") or DEFAULT_MEASURE
    if value not in MEASURES:
        raise FilterError(
            {"measure": [f"Unknown measure {value[:40]!r}. Use one of: {', '.join(MEASURES)}."]}
        )
    return value


def alignment_set_ids(name: str, as_of: AsOf) -> list[int]:
    """Actors for an alignment heatmap: an organisation's members, or the most active actors for "all"."""
    ids = actor_set_ids(name, as_of.day)
    stances = as_of.stances(actors=ids)
    busiest = stances.values("actor_id").annotate(n=Count("id")).order_by("-n", "actor_id")
    return [row["actor_id"] for row in busiest[:ALIGNMENT_MAX_ACTORS]]


# --- what the measures compare ---------------------------------------------------------------------


def frameworks_open_to(day, vectors: dict[int, dict]) -> dict[int, object]:
    """{framework_id: the set of actor ids it was open to on the day, or ALL}, for the frameworks that
    existed by then. `vectors` ({actor: {framework: position}}) adds those with a recorded position."""
    frameworks = list(Framework.objects.known_on(day).values_list("pk", "scope", "eligible_members_of_id"))
    organisations = {org for _pk, _scope, org in frameworks if org}
    members: dict[int, set] = defaultdict(set)
    for org, member in (
        Membership.objects.active_on(day)
        .filter(organisation_id__in=organisations, role="member")
        .values_list("organisation_id", "member_id")
    ):
        members[org].add(member)
    named: dict[int, set] = defaultdict(set)
    for framework_id, actor_id in Framework.eligible_also.through.objects.values_list(
        "framework_id", "actor_id"
    ):
        named[framework_id].add(actor_id)
    positioned: dict[int, set] = defaultdict(set)
    for actor_id, vector in vectors.items():
        for framework_id in vector:
            positioned[framework_id].add(actor_id)
    open_to: dict[int, object] = {}
    for pk, scope, org in frameworks:
        if org or named[pk]:
            open_to[pk] = members[org] | named[pk] | positioned[pk]
        elif scope == FrameworkScope.GLOBAL:
            open_to[pk] = ALL
        else:
            open_to[pk] = positioned[pk]
    return open_to


def ballot_vectors(day, actor_ids=None) -> dict[int, dict[int, str]]:
    """{actor_id: {vote_id: act}}: each state's published ballots in plenary recorded votes up to the day."""
    ballots = (
        Stance.objects.history_until(day)
        .filter(vote__isnull=False, vote__body=VoteBody.PLENARY)
        .values_list("actor_id", "vote_id", "act")
    )
    if actor_ids is not None:
        ballots = ballots.filter(actor_id__in=actor_ids)
    vectors: dict[int, dict[int, str]] = defaultdict(dict)
    for actor_id, vote_id, act in fetch_rows(ballots):
        vectors[actor_id][vote_id] = act
    return dict(vectors)


class Comparison:
    """The records one measure compares, for a set of actors (None: every actor), and each pair's score."""

    def __init__(self, as_of: AsOf, measure: str, actor_ids=None):
        self.measure = measure
        if measure == "un_votes":
            self.vectors = ballot_vectors(as_of.day, actor_ids)
            self.positions = {}
        else:
            self.vectors = current_vectors(as_of.day, actor_ids)
            self.positions = self.vectors
        self.open_to = frameworks_open_to(as_of.day, self.vectors) if measure == "open" else None

    def pair(self, a: int, b: int) -> Agreement:
        mine, theirs = self.vectors.get(a, {}), self.vectors.get(b, {})
        if self.measure == "un_votes":
            return vote_agreement(mine, theirs)
        if self.measure == "shared":
            return shared_agreement(mine, theirs)
        return open_agreement(mine, theirs, open_to_both(self.open_to, a, b))

    def shared(self, a: int, b: int) -> Agreement:
        """The both-have-a-position figure, shown beside the others."""
        return shared_agreement(self.positions.get(a, {}), self.positions.get(b, {}))


# --- an actor's closest and furthest -----------------------------------------------------------------


def closest_actors(actor: Actor, as_of: AsOf, limit: int = 10) -> list[dict]:
    """The actors that agree most with `actor` over the frameworks both have a position on, among those
    sharing at least MIN_N of them (3 of 3 is not "100%"): the older figure, labelled as such."""
    comparison = Comparison(as_of, "shared")
    scores = []
    for other_id in comparison.vectors:
        if other_id == actor.pk:
            continue
        score = comparison.pair(actor.pk, other_id)
        if score.enough:
            scores.append((score.share, score.n, other_id, score.agree))
    scores.sort(key=lambda s: (-s[0], -s[1], s[2]))
    top = scores[:limit]
    actors = Actor.objects.in_bulk([s[2] for s in top])
    return [
        {"code": actors[s[2]].code, "name": actors[s[2]].name, "share": s[0], "agree": s[3], "shared": s[1]}
        for s in top
    ]


def _peer_rank(measure: str, score: Agreement) -> tuple:
    """Closest first. Frameworks: by kappa (raw agreement is high for any two actors that join little);
    UN votes: by the agreement index, as that research ranks, kappa breaking ties."""
    # Undefined kappa: both gave one and the same answer throughout, a perfect agreement.
    kappa = score.kappa if score.kappa is not None else 1.0
    if measure == "un_votes":
        return (score.share, kappa, score.n)
    return (kappa, score.share, score.n)


def peers(actor: Actor, as_of: AsOf, limit: int = 5) -> dict:
    """`actor`'s closest and furthest peers by each measure, among actors with at least MIN_N in common.

    {"min_n": 5, "measures": [{"key", "label", "closest": [...], "furthest": [...], "ranked": k}]}; each
    peer: code, name, agree, n, share, kappa and (for frameworks) the both-have-a-position figure.
    """
    measures, wanted = [], set()
    for measure in ("open", "un_votes"):
        comparison = Comparison(as_of, measure)
        scored = []
        # Actors with at least one recorded position (or ballot): one with none at all would only
        # say how much `actor` joined.
        for other_id in set(comparison.vectors) - {actor.pk}:
            score = comparison.pair(actor.pk, other_id)
            if score.enough:
                scored.append(
                    (_peer_rank(measure, score), other_id, score, comparison.shared(actor.pk, other_id))
                )
        scored.sort(key=lambda s: (tuple(-x for x in s[0]), s[1]))
        closest = scored[:limit]
        # An undefined kappa is two actors in one and the same category throughout: never "furthest".
        furthest = sorted(
            (s for s in scored if s[2].kappa is not None or measure == "un_votes"), key=lambda s: (s[0], s[1])
        )[:limit]
        wanted.update(s[1] for s in closest + furthest)
        measures.append(
            {"key": measure, "label": MEASURES[measure], "ranked": len(scored), "rows": (closest, furthest)}
        )
    # The actor itself is asked too: one query whether or not anyone was ranked (no empty IN skipped).
    names = {
        pk: (code, name)
        for pk, code, name in Actor.objects.filter(pk__in=[actor.pk, *wanted]).values_list(
            "pk", "code", "name"
        )
    }

    def row(entry):
        _rank, pk, score, shared = entry
        return {
            "code": names[pk][0],
            "name": names[pk][1],
            "agree": score.agree,
            "n": score.n,
            "share": score.share,
            "kappa": score.kappa,
            "shared_agree": shared.agree,
            "shared_n": shared.n,
        }

    for entry in measures:
        closest, furthest = entry.pop("rows")
        entry["closest"] = [row(e) for e in closest]
        entry["furthest"] = [row(e) for e in furthest]
        entry["lists"] = [("Closest", entry["closest"]), ("Furthest", entry["furthest"])]
    return {"min_n": MIN_N, "measures": measures, "note": METHOD_NOTE}


# --- the heatmap -------------------------------------------------------------------------------------


def _percent(share: float) -> str:
    return f"{share:.0%}"


def _kappa_text(kappa: float | None) -> str:
    return "κ undefined" if kappa is None else f"κ {kappa:+.2f}"


def alignment(
    as_of: AsOf, *, actor_ids: list[int], title_suffix: str = "", measure: str = DEFAULT_MEASURE
) -> Chart:
    comparison = Comparison(as_of, measure, actor_ids)
    # "open": every chosen actor (one with no recorded position still agrees or not with the others);
    # the other measures: those with something to compare.
    present = set(actor_ids) if measure == "open" else set(comparison.vectors) & set(actor_ids)
    actors = {a.pk: a for a in Actor.objects.filter(pk__in=present)}
    # Most active first (ties by code): the clustering keeps the earlier of equals first.
    start = sorted(actors, key=lambda pk: (-len(comparison.vectors.get(pk, {})), actors[pk].code))
    scores = {}
    for i, a in enumerate(start):
        for b in start[i + 1 :]:
            scores[a, b] = scores[b, a] = comparison.pair(a, b)

    def distance(i, j):
        score = scores[start[i], start[j]]
        return 1.0 - score.share if score.n else 1.0

    order = average_linkage_order(start, distance)
    labels = [actors[pk].code for pk in order]
    unit = "votes both cast" if measure == "un_votes" else MEASURES[measure]
    z, few, text, hover, rows = [], [], [], [], []
    for a in order:
        z_row, few_row, text_row, hover_row = [], [], [], []
        for b in order:
            if a == b:
                z_row.append(None)
                few_row.append(None)
                text_row.append("")
                hover_row.append(f"{actors[a].name}")
                continue
            score = scores[a, b]
            share = score.share
            agree = f"{score.agree:g}"
            if score.n:
                detail = (
                    f"agree on {agree} of {score.n} {unit} ({_percent(share)}), {_kappa_text(score.kappa)}"
                )
            else:
                detail = f"nothing in common ({unit})"
            if measure == "open":
                shared = comparison.shared(a, b)
                detail += f"; on the {shared.n} both have a position on: {shared.agree} the same"
            if not score.enough:
                detail += f"; fewer than {MIN_N}: greyed out"
            hover_row.append(f"{actors[a].name} and {actors[b].name}: {detail}")
            z_row.append(share if score.enough else None)
            few_row.append(1 if not score.enough else None)
            text_row.append(f"{_percent(share)}<br>n={score.n}" if score.enough else f"n={score.n}")
            if a < b:
                row = [actors[a].name, actors[b].name, _percent(share) if score.n else "–", str(score.n)]
                row.append("" if score.kappa is None else f"{score.kappa:.2f}")
                if measure == "open":
                    shared = comparison.shared(a, b)
                    row += [_percent(shared.share) if shared.n else "–", str(shared.n)]
                rows.append((score, row))
        z.append(z_row)
        few.append(few_row)
        text.append(text_row)
        hover.append(hover_row)
    heading = {
        "open": "Alignment: agreement over the frameworks open to both",
        "shared": "Alignment: agreement where both have a position",
        "un_votes": "Alignment: agreement in UN recorded votes on AI",
    }[measure]
    title = heading + title_suffix
    size = max(360, 160 + 26 * len(order))
    written = len(order) <= CELL_TEXT_MAX_ACTORS
    common = {
        "x": labels,
        "y": labels,
        "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
        "texttemplate": "%{text}" if written else None,
        "textfont": {"size": 10},
        "xgap": 1,
        "ygap": 1,
        "hoverongaps": False,
    }
    figure = build_figure(
        [
            trace(
                "heatmap",
                z=z,
                zmin=0,
                zmax=1,
                colorscale=CIVIDIS,
                colorbar={"title": {"text": "Agreement"}, "tickformat": ".0%", "thickness": 14},
                name="agreement",
                # Each trace writes only its own cells: text written twice over a cell is unreadable.
                text=[
                    [t if value is not None else "" for t, value in zip(*rows_, strict=True)]
                    for rows_ in zip(text, z, strict=True)
                ],
                **common,
            ),
            # Pairs with too little in common, in grey: a share of 3 is no finding.
            trace(
                "heatmap",
                z=few,
                zmin=0,
                zmax=1,
                colorscale=[[0, FEW_COLOUR], [1, FEW_COLOUR]],
                showscale=False,
                name=f"fewer than {MIN_N} in common",
                text=[
                    [t if value else "" for t, value in zip(*rows_, strict=True)]
                    for rows_ in zip(text, few, strict=True)
                ],
                **common,
            ),
        ],
        base_layout(
            title,
            height=size,
            xaxis={"title": {"text": "Actor"}, "tickangle": -60, "automargin": True, "type": "category"},
            yaxis={
                "title": {"text": "Actor"},
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
            },
        ),
    )
    rows.sort(key=lambda item: (-(item[0].share or 0), -item[0].n, item[1][0], item[1][1]))
    headers = ["Actor", "Actor", "Agreement", "n (" + unit + ")", "κ"]
    if measure == "open":
        headers += ["Agreement where both have a position", "n (both have a position)"]
    captions = {
        "open": "Share of the frameworks open to both actors where they give the same answer: for, neutral, "
        "against, or no recorded position (not joining counts as an answer). Beside it in the table and on "
        "hover: the share of the frameworks both have a position on.",
        "shared": "Share of the frameworks both actors have a position on where they take the same side "
        "(both supportive, both neutral or both opposed); frameworks one of them did not join are left out.",
        "un_votes": "Voeten's agreement index over the General Assembly's recorded plenary votes on AI texts "
        "that both cast: the same vote 1, a yes or a no beside an abstention ½, yes beside no 0.",
    }
    return Chart(
        id="alignment",
        title=title,
        figure=figure,
        caption=captions[measure]
        + f" n in each cell: what the pair has in common; grey: fewer than {MIN_N}. Ordered by "
        "average-linkage hierarchical clustering, so that actors that side together sit together.",
        headers=headers,
        rows=[row for _score, row in rows],
        empty=len(order) < 2,
        extra={"measure": measure, "measures": MEASURES, "note": METHOD_NOTE},
    )
