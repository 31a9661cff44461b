"""CSV exports: one column definition per export, used by the writer, the data dictionary and the zip.

Every export streams and its memory stays flat whatever the row count: on PostgreSQL the
database writes the CSV (COPY ... TO STDOUT, see sql.py); elsewhere rows come from
`values_list(...).iterator()` and the csv module writes them in blocks. Either way each cell is
formatted by the database, the number of queries does not depend on the row count, and the
bytes are the same. A text cell that a spreadsheet would run as a formula starts with a single
quote (formulas.py).

Conventions of every file: UTF-8, comma-separated, one header row, LF line ends, fields quoted
only when needed; dates in ISO 8601 at their known precision ("2025-09-02", "2025-09" or
"2025"); times in ISO 8601 in UTC ("2025-02-11T09:30:00Z"); booleans as true/false; empty cells
for unknown values. Every row carries the record's stable numeric `id`, its code or slug beside
its name, and `last_updated`.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import F, OuterRef
from django.http import QueryDict

from ..as_of import AsOf
from ..choices import POSITION_ORDER, Act
from ..filters import (
    ActorFilter,
    ArticleFilter,
    FilterError,
    FrameworkFilter,
    MembershipFilter,
    StanceFilter,
    SummitFilter,
    VoteFilter,
    apply_filters,
    check_parameter_names,
)
from ..models import Actor, Article, Framework, Membership, Stance, Summit, Vote
from ..params import read_day
from . import sql
from .formulas import neutralise

BOM = "\ufeff"
# Rows per block written to the response when Python writes the CSV: large enough that per-yield
# overhead vanishes, small enough that a block stays well under a megabyte.
ROWS_PER_BLOCK = 2000
# Rows fetched per round trip from the server-side cursor.
CHUNK_SIZE = 5000
# Parameters every CSV export takes besides its filters.
EXPORT_OPTIONS = {
    "excel": "1 adds a UTF-8 byte-order mark, so that spreadsheet programs read non-ASCII names right."
}


class Column:
    """One column of an export: its header, what it means, and the SQL expression that makes the cell.

    `source` is a field path (text, empty sent as NULL) or an expression from sql.py; by default
    the field named like the column.
    """

    def __init__(self, name: str, description: str, source=None):
        self.name = name
        self.description = description
        self.expression = sql.text(source or name) if source is None or isinstance(source, str) else source

    def __repr__(self):
        return f"Column({self.name!r})"


def ident(description="Stable numeric id of the record; never reused.") -> Column:
    return Column("id", description, F("pk"))


def last_updated() -> Column:
    return Column(
        "last_updated",
        "When the record last changed (ISO 8601, UTC): use it to sync incrementally.",
        sql.timestamp("updated_at"),
    )


def date_column(name: str, description: str, value: str, precision: str) -> Column:
    return Column(
        name,
        description + " ISO 8601 at its known precision (YYYY-MM-DD, YYYY-MM or YYYY).",
        sql.partial_date(value, precision),
    )


@dataclass
class Export:
    """A CSV export: which rows (a FilterSet over a model) and which columns."""

    kind: str
    title: str
    description: str
    model: type
    filterset_class: type
    columns: list[Column]
    order_by: tuple[str, ...] = ("pk",)
    # The manager method that gives the rows anyone may download (Article: public()).
    rows: str = "all"

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def parameters(self) -> list[str]:
        return [*self.filterset_class.base_filters, *EXPORT_OPTIONS]

    def filtered(self, params, request=None):
        """The filtered queryset (validated: raises FilterError)."""
        check_parameter_names(params, self.parameters, f"The {self.kind} export")
        rows = getattr(self.model.objects, self.rows)()
        queryset, _ = apply_filters(self.filterset_class, params, rows, request=request)
        return queryset

    def values(self, queryset):
        """The queryset as rows of cells, in column order, every cell formatted by the database."""
        aliases = {f"cell_{index}": column.expression for index, column in enumerate(self.columns)}
        return queryset.order_by(*self.order_by).annotate(**aliases).values_list(*aliases)

    def blocks(self, queryset, excel: bool = False) -> Iterator[bytes]:
        # A generator, so that closing it (a client that goes away) ends the COPY or the cursor too.
        values = self.values(queryset)
        if sql.database_writes_csv():
            yield from csv_blocks(self.header, (), excel)
            yield from sql.copy_blocks(values)
        else:
            yield from csv_blocks(self.header, values.iterator(chunk_size=CHUNK_SIZE), excel)


# --- The exports ----------------------------------------------------------------------------------

ACTORS = Export(
    kind="actors",
    title="Actors",
    description="Countries and economies, blocs and intergovernmental organisations, companies and civil-society groups.",
    model=Actor,
    filterset_class=ActorFilter,
    columns=[
        ident(),
        Column(
            "code",
            "Stable code: ISO 3166-1 alpha-3 for countries (CHN, USA), short codes for organisations (EU, G20).",
        ),
        Column("name", "The name analysts expect to read."),
        Column("official_name", "Official name, where different."),
        Column("kind", "country, organisation, company or civil_society."),
        Column("region", "UN M49 region."),
        Column("iso_alpha2", "ISO 3166-1 alpha-2 code, where one exists."),
        Column("website", "Official website."),
        last_updated(),
    ],
)

FRAMEWORKS = Export(
    kind="frameworks",
    title="Frameworks",
    description="Treaties, declarations, laws, principles, resolutions, plans and proposed bodies that govern AI.",
    model=Framework,
    filterset_class=FrameworkFilter,
    columns=[
        ident(),
        Column("slug", "Stable identifier used in URLs and in the other files (framework_slug)."),
        Column("name", "Full name."),
        Column("short_name", "Short name, where there is one."),
        Column(
            "kind",
            "treaty, declaration, law, principles, proposed_organisation, initiative, resolution or national_plan.",
        ),
        Column(
            "status",
            "Declared status: proposed, under_negotiation, open_for_signature, adopted, in_force, superseded or abandoned. For treaties with an entry-into-force rule the site shows the status computed from recorded ratifications.",
        ),
        Column("binding", "true if legally binding on those who join it.", sql.boolean("binding")),
        Column("scope", "global, regional or national."),
        Column(
            "proposed_by_code", "Code of the actor that proposed it (see actors.csv).", "proposed_by__code"
        ),
        Column("proposed_by_name", "Name of the actor that proposed it.", "proposed_by__name"),
        date_column("date_proposed", "When it was proposed.", "date_proposed", "date_proposed_precision"),
        date_column("date_adopted", "When it was adopted.", "date_adopted", "date_adopted_precision"),
        Column(
            "date_opened_for_signature",
            "When it opened for signature (YYYY-MM-DD).",
            sql.day("date_opened_for_signature"),
        ),
        date_column(
            "date_in_force",
            "When it entered into force, as recorded.",
            "date_in_force",
            "date_in_force_precision",
        ),
        Column("parent_slug", "Slug of the framework it belongs to, if any.", "parent__slug"),
        Column("official_url", "Official text or page."),
        last_updated(),
    ],
)

SUMMITS = Export(
    kind="summits",
    title="Summits",
    description="Summits and high-level meetings where positions are stated and frameworks launched.",
    model=Summit,
    filterset_class=SummitFilter,
    columns=[
        ident(),
        Column("slug", "Stable identifier used in URLs and in stances.csv (summit_slug)."),
        Column("name", "Name of the summit."),
        Column("series", "ai_summits, apec, g7, g20, unga, waic, hap or other."),
        Column("status", "held or planned."),
        Column("host_code", "Code of the host country.", "host__code"),
        Column("host_name", "Name of the host country.", "host__name"),
        Column(
            "organiser_code",
            "Code of the organisation or country under whose name it meets.",
            "organiser__code",
        ),
        Column("organiser_name", "Name of the organiser.", "organiser__name"),
        Column("city", "City."),
        Column("venue", "Venue."),
        date_column("start_date", "First day.", "start_date", "start_precision"),
        date_column("end_date", "Last day.", "end_date", "end_precision"),
        last_updated(),
    ],
)

STANCES = Export(
    kind="stances",
    title="Stances",
    description="The acts by which actors took positions on frameworks, each with its date, source and evidence. Published stances only, unless a curator asks for another status. With as_of: the record up to that date; with current=true: one row per actor and framework, the position on the as_of date (today without it).",
    model=Stance,
    filterset_class=StanceFilter,
    columns=[
        ident(),
        Column("actor_code", "Code of the actor (see actors.csv).", "actor__code"),
        Column("actor_name", "Name of the actor.", "actor__name"),
        Column("framework_slug", "Slug of the framework (see frameworks.csv).", "framework__slug"),
        Column("framework_name", "Name of the framework.", "framework__name"),
        Column("act", "What the record shows the actor did: " + ", ".join(Act.values) + "."),
        Column(
            "position", "The position the act takes, as charts colour it: " + ", ".join(POSITION_ORDER) + "."
        ),
        Column("position_detail", "For ratified: ratification, acceptance, approval or accession."),
        date_column("date", "When the position was taken or stated.", "date", "date_precision"),
        Column("date_precision", "day, month or year: how precisely the date is known."),
        Column(
            "summit_slug", "Slug of the summit where it was stated, if any (see summits.csv).", "summit__slug"
        ),
        Column("vote_id", "Id of the recorded vote it is a ballot in, if any (see votes.csv).", F("vote_id")),
        Column("evidence", "The sentence from the source, or the curator's wording."),
        Column("source_id", "Id of the source article (see articles.csv).", F("source_id")),
        Column("source_url", "URL of the source document.", "source__url"),
        Column("source_title", "Title of the source document.", "source__title"),
        Column("source_publisher", "Publisher of the source document.", "source__publisher"),
        Column(
            "source_kind",
            "primary (the depositary, the host government, the UN's or the organisation's own record) or secondary (news, analysis, third-party datasets).",
        ),
        Column(
            "last_verified", "When a curator last checked the source (YYYY-MM-DD).", sql.day("last_verified")
        ),
        Column("status", "published, pending or rejected."),
        Column(
            "origin", "curated (entered by a curator) or ingested (suggested from the news and reviewed)."
        ),
        Column(
            "confidence",
            "0 to 1 with three decimals; 1.000 for curated entries.",
            sql.fixed_point("confidence"),
        ),
        last_updated(),
    ],
)

ARTICLES = Export(
    kind="articles",
    title="Articles",
    description="Source documents: news reports, official pages and analyses (without their full text). Pages that could not be fetched are left out, unless a published stance cites them.",
    model=Article,
    filterset_class=ArticleFilter,
    rows="public",
    columns=[
        ident(),
        Column("url", "Normalised URL (no tracking parameters); unique."),
        Column("title", "Title."),
        Column("publisher", "Publisher or outlet."),
        Column("published_at", "Publication time (ISO 8601, UTC).", sql.timestamp("published_at")),
        Column("language", "Language code (BCP 47)."),
        Column("kind", "news, official or analysis."),
        last_updated(),
    ],
)

MEMBERSHIPS = Export(
    kind="memberships",
    title="Memberships",
    description="Which actors belong to which organisations, and when.",
    model=Membership,
    filterset_class=MembershipFilter,
    columns=[
        ident(),
        Column("organisation_code", "Code of the organisation (see actors.csv).", "organisation__code"),
        Column("organisation_name", "Name of the organisation.", "organisation__name"),
        Column("member_code", "Code of the member.", "member__code"),
        Column("member_name", "Name of the member.", "member__name"),
        Column("role", "member, participant or observer."),
        date_column(
            "start_date",
            "When it joined; empty for founding or long-standing members.",
            "start_date",
            "start_precision",
        ),
        date_column("end_date", "When it left; empty while still a member.", "end_date", "end_precision"),
        Column("source_url", "Where the membership and its dates come from."),
        last_updated(),
    ],
)


def _ballots(act: str):
    return sql.count_of(Stance.objects.filter(vote=OuterRef("pk"), act=act), "vote")


VOTES = Export(
    kind="votes",
    title="Recorded votes",
    description="Recorded votes on resolutions (General Assembly plenary, First Committee, other bodies) and "
    "adoptions without a vote: the official totals beside the ballots recorded. Each state's ballot is a "
    "row of stances.csv with its vote_id. Where the recorded counts fall short of the official ones, the "
    "roll call is incomplete by that many names.",
    model=Vote,
    filterset_class=VoteFilter,
    order_by=("framework__slug", F("date").asc(nulls_first=True), "body", "pk"),
    columns=[
        ident(),
        Column("framework", "Slug of the resolution voted on (see frameworks.csv).", "framework__slug"),
        Column("symbol", "The UN symbol of the resolution or decision, e.g. A/RES/78/241."),
        Column("draft_symbol", "The draft voted on, e.g. A/C.1/78/L.56."),
        Column("body", "plenary (General Assembly), first_committee or other."),
        Column("date", "The day of the vote (YYYY-MM-DD); empty where no source gives it.", sql.day("date")),
        Column(
            "adopted_without_vote",
            "true for a consensus adoption: no totals, no ballots.",
            sql.boolean("adopted_without_vote"),
        ),
        Column("official_for", "Votes in favour, as the record states them.", F("official_for")),
        Column("official_against", "Votes against, as the record states them.", F("official_against")),
        Column("official_abstain", "Abstentions, as the record states them.", F("official_abstain")),
        Column("recorded_for", "States recorded here as voting in favour.", _ballots(Act.VOTED_FOR)),
        Column("recorded_against", "States recorded here as voting against.", _ballots(Act.VOTED_AGAINST)),
        Column("recorded_abstain", "States recorded here as abstaining.", _ballots(Act.ABSTAINED)),
        Column("meeting_record", "The meeting record or coverage."),
        Column("source_url", "Where the totals and the roll call were read.", "source__url"),
        Column("source_kind", "primary (the UN's own record) or secondary (a third party's copy or report)."),
        Column("primary_record", "The UN's own record of the vote, where known."),
        Column("note", "Caveats, in our words."),
        last_updated(),
    ],
)

EXPORTS: dict[str, Export] = {
    e.kind: e for e in (ACTORS, FRAMEWORKS, SUMMITS, STANCES, VOTES, ARTICLES, MEMBERSHIPS)
}


# --- The matrix -----------------------------------------------------------------------------------

# Matrix parameter -> (which FilterSet, its parameter name). The matrix filters two lists at once,
# so the actor and framework filters that share a name (kind, q) are prefixed.
MATRIX_PARAMETERS = {
    "actor": ("actors", "code"),
    "actor_kind": ("actors", "kind"),
    "region": ("actors", "region"),
    "member_of": ("actors", "member_of"),
    "framework": ("frameworks", "slug"),
    "framework_kind": ("frameworks", "kind"),
    "framework_status": ("frameworks", "status"),
    "binding": ("frameworks", "binding"),
    "scope": ("frameworks", "scope"),
    "proposed_by": ("frameworks", "proposed_by"),
}


class Matrix:
    """Actors × frameworks: each actor's position on each framework as of a date (StanceQuerySet.as_of)."""

    kind = "matrix"
    title = "Matrix of positions"
    description = (
        "One row per actor, one column per framework: the actor's position on that date (the latest "
        "published stance on or before it). Filters: actor, actor_kind, region, member_of (which actors); "
        "framework, framework_kind, framework_status, binding, scope, proposed_by (which frameworks); "
        "as_of (YYYY-MM-DD, default: today)."
    )
    columns = [
        Column("actor_code", "Code of the actor (see actors.csv)."),
        Column("actor_name", "Name of the actor."),
        Column(
            "<framework slug>",
            "One column per framework, named by its slug, holding the actor's position as of the date "
            f"({', '.join(POSITION_ORDER)}); empty if it has none.",
        ),
    ]

    @property
    def parameters(self) -> list[str]:
        return [*MATRIX_PARAMETERS, "as_of", *EXPORT_OPTIONS]

    def build(self, params, request=None):
        """Validate params and return (as_of, frameworks, actor rows); raises FilterError."""
        check_parameter_names(params, self.parameters, f"The {self.kind} export")
        split = {"actors": QueryDict(mutable=True), "frameworks": QueryDict(mutable=True)}
        for name, (target, target_name) in MATRIX_PARAMETERS.items():
            if name in params:
                split[target].setlist(target_name, _getlist(params, name))
        # as_of reads member_of on that date and leaves out frameworks not yet proposed by then.
        split["actors"]["as_of"] = split["frameworks"]["as_of"] = params.get("as_of") or ""
        errors = {}
        results = {}
        for target, filterset_class, model in (
            ("actors", ActorFilter, Actor),
            ("frameworks", FrameworkFilter, Framework),
        ):
            try:
                results[target] = apply_filters(filterset_class, split[target], model.objects.all(), request)
            except FilterError as error:
                # Report each problem under the matrix's own parameter name.
                names = {t_name: name for name, (t, t_name) in MATRIX_PARAMETERS.items() if t == target}
                errors.update({names.get(name, name): messages for name, messages in error.errors.items()})
        if errors:
            raise FilterError(errors)
        actors_qs, actor_filterset = results["actors"]
        frameworks = list(results["frameworks"][0].order_by("slug").values_list("pk", "slug"))
        actors = list(actors_qs.order_by("name", "code").values_list("pk", "code", "name"))
        return actor_filterset.as_of, frameworks, actors

    def rows(self, as_of: AsOf, frameworks, actors) -> Iterator[list]:
        framework_ids = [pk for pk, _slug in frameworks]
        actor_ids = [pk for pk, _code, _name in actors]
        positions = {}
        # Restricting to a long list of actors costs more than reading every actor's positions.
        stances = as_of.stances(frameworks=framework_ids, actors=actor_ids if len(actor_ids) < 1000 else None)
        for actor_id, framework_id, position in stances.values_list("actor_id", "framework_id", "position"):
            positions[actor_id, framework_id] = position
        for pk, code, name in actors:
            yield [code, name, *(positions.get((pk, fw), "") for fw in framework_ids)]

    def header(self, frameworks) -> list[str]:
        return ["actor_code", "actor_name", *(slug for _pk, slug in frameworks)]


MATRIX = Matrix()


def _getlist(params, name):
    getlist = getattr(params, "getlist", None)
    if getlist:
        return getlist(name)
    value = params[name]
    return list(value) if isinstance(value, list | tuple) else [value]


# --- Writing --------------------------------------------------------------------------------------


class _Block(io.StringIO):
    def take(self) -> bytes:
        data = self.getvalue().encode("utf-8")
        self.seek(0)
        self.truncate()
        return data


def csv_blocks(header: list[str], rows: Iterable, excel: bool = False) -> Iterator[bytes]:
    """UTF-8 CSV in blocks of ROWS_PER_BLOCK rows: what StreamingHttpResponse, files and the zip consume.

    Every cell that a spreadsheet would run as a formula is marked as text (formulas.py); cells the
    database formatted already are, and marking is idempotent.
    """
    buffer = _Block()
    if excel:
        buffer.write(BOM)
    buffer.write(csv_line(header))
    yield buffer.take()
    rows = iter(rows)
    while block := list(itertools.islice(rows, ROWS_PER_BLOCK)):
        buffer.writelines(map(csv_line, block))
        yield buffer.take()


# What PostgreSQL's COPY ... (FORMAT csv) quotes: the delimiter, the quote, CR, LF, and a lone "\."
# (its end-of-data marker). Python's csv module with LF line ends leaves a bare CR unquoted, which
# a reader takes for the end of the row: the rest of the cell would start a row of its own.
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _csv_cell(cell) -> str:
    if cell is None:
        return ""
    if not isinstance(cell, str):
        return str(cell)
    cell = neutralise(cell)
    if _NEEDS_QUOTES.search(cell) or cell == "\\.":
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_line(cells) -> str:
    """One CSV line, LF-terminated, quoted as PostgreSQL's COPY quotes it, so both backends give the same bytes."""
    return ",".join(map(_csv_cell, cells)) + "\n"


def export_blocks(kind: str, params, request=None, excel: bool = False) -> tuple[str, Iterator[bytes]]:
    """Validate params for an export and return (filename, CSV blocks). Raises FilterError before any row."""
    params = params if params is not None else {}
    if kind == MATRIX.kind:
        as_of, frameworks, actors = MATRIX.build(params, request)
        blocks = csv_blocks(MATRIX.header(frameworks), MATRIX.rows(as_of, frameworks, actors), excel)
        return filename_for(kind, as_of), blocks
    export = EXPORTS[kind]
    queryset = export.filtered(params, request)
    return filename_for(kind, AsOf.on(read_day(params, "as_of"))), export.blocks(queryset, excel)


def filename_for(kind: str, as_of: AsOf) -> str:
    if as_of:
        return f"{kind}-as-of-{as_of.isoformat()}.csv"
    return f"{kind}-{as_of.isoformat()}.csv"


def export_url(kind: str, params=None) -> str:
    """The /export/<kind>.csv link for a list page: its filters carried over, paging and sorting dropped.

    List pages use it for their "Export CSV" link: export_url("stances", request.GET).
    """
    from django.urls import reverse

    allowed = set(MATRIX.parameters if kind == MATRIX.kind else EXPORTS[kind].parameters)
    query = QueryDict(mutable=True)
    for name in params or {}:
        if name in allowed:
            query.setlist(name, _getlist(params, name))
    url = reverse("export-csv", args=[kind])
    return f"{url}?{query.urlencode()}" if query else url


def all_kinds() -> list[str]:
    return [*EXPORTS, MATRIX.kind]
