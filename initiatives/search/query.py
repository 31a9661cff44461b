"""Reading what a reader typed, and asking the database's full-text index.

One syntax on both databases, PostgreSQL's `websearch_to_tsquery`: words are all required,
"quoted words" are a phrase, `or` between terms makes either do, and `-word` leaves out what has
it. The text is read here once, into terms of words (letters and digits, as both databases' word
splitters read them); PostgreSQL is then handed those terms written again in its websearch syntax
and SQLite's FTS5 the same terms in its own, each word quoted, so that no character a reader types
is ever an operator of either. A query with nothing to look for (only punctuation, only negations,
only "or") finds nothing, on both.

Snippets come back with the matched words between two control characters that the index never
holds (documents.clean strips them); SearchHit.title_html and snippet_html escape everything else
and only then turn those two into <mark> and </mark>, so no text of a record is ever markup.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..params import FilterError
from .models import SearchDocument, SearchKind

MAX_QUERY_LENGTH = 300
MAX_TERMS = 24  # more required words than this find nothing in practice, and each costs the index a lookup
START, STOP = "\x02", "\x03"  # around matched words in snippets: never in the index (documents.clean)
CONFIG = "english"  # PostgreSQL's stemming; SQLite's FTS5 table uses the Porter stemmer, its equivalent
SNIPPET_WORDS = 28

_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Term:
    """One word or one quoted phrase; `negated` for a -term."""

    words: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (split on `or`), each a list of terms that must all hold."""

    alternatives: tuple[tuple[Term, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.alternatives)

    def websearch(self) -> str:
        """The same query in PostgreSQL's websearch syntax, every term quoted."""

        def term(t: Term) -> str:
            return ("-" if t.negated else "") + '"' + " ".join(t.words) + '"'

        return " or ".join(" ".join(term(t) for t in terms) for terms in self.alternatives)

    def fts5(self) -> str:
        """The same query as an FTS5 expression: (a AND b NOT c) OR (d), every word quoted."""

        def phrase(t: Term) -> str:
            return '"' + " ".join(w.replace('"', '""') for w in t.words) + '"'

        groups = []
        for terms in self.alternatives:
            required = " AND ".join(phrase(t) for t in terms if not t.negated)
            left_out = "".join(f" NOT {phrase(t)}" for t in terms if t.negated)
            groups.append(f"(({required}){left_out})")
        return " OR ".join(groups)


def read_query(params, name: str = "q") -> tuple[str, ParsedQuery]:
    """The text of `?q=` (control characters dropped, spaces collapsed) and what it asks for.

    Blank is no query (an empty page, not an error); longer than MAX_QUERY_LENGTH is a 400.
    """
    raw = params.get(name) or ""
    text = " ".join(_CONTROL.sub(" ", raw).split())
    if len(text) > MAX_QUERY_LENGTH:
        raise FilterError(
            {name: [f"A search is at most {MAX_QUERY_LENGTH} characters; this one has {len(text)}."]}
        )
    return text, parse(text)


def parse(text: str) -> ParsedQuery:
    """Read websearch syntax: words, "phrases" (an unclosed quote runs to the end), -negation, or."""
    alternatives: list[list[Term]] = [[]]
    count, i, n = 0, 0, len(text)
    while i < n and count < MAX_TERMS:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-"
        if negated:
            i += 1
        quoted = i < n and text[i] == '"'
        if quoted:
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            chunk, i = text[i + 1 : end], end + 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] != '"':
                end += 1
            chunk, i = text[i:end], end
        if not quoted and not negated and chunk.lower() == "or":
            alternatives.append([])
            continue
        words = tuple(fold(word) for word in _WORD.findall(chunk))
        if words:
            alternatives[-1].append(Term(words, negated))
            count += 1
    # An alternative must require something: "-waico" alone, or a dangling "or", finds nothing.
    kept = tuple(tuple(terms) for terms in alternatives if any(not t.negated for t in terms))
    return ParsedQuery(kept)


def fold(word: str) -> str:
    """Lower case without accents, as both indexes read words ("Shanghâi" as "shanghai")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def marked(text: str) -> SafeString:
    """Escape `text`, then mark what lies between START and STOP (stray markers are dropped)."""
    out, inside = [], False
    for part in re.split(f"([{START}{STOP}])", text or ""):
        if part == START:
            if not inside:
                out.append("<mark>")
                inside = True
        elif part == STOP:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(escape(part))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every part of the text was escaped above


@dataclass
class SearchHit:
    kind: str
    object_id: int
    url: str
    context: str
    title_marked: str  # with START/STOP around matched words, not yet escaped
    snippet_marked: str

    @property
    def title_html(self) -> SafeString:
        return marked(self.title_marked)

    @property
    def snippet_html(self) -> SafeString:
        return marked(self.snippet_marked)


@dataclass
class SearchResults:
    query: ParsedQuery
    counts: dict[str, int] = field(default_factory=dict)
    hits: dict[str, list[SearchHit]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _known_on(queryset, day: dt.date | None):
    if day is None:
        return queryset
    from django.db.models import Q  # noqa: PLC0415

    return queryset.filter(Q(known_from__isnull=True) | Q(known_from__lte=day))


def counts(query: ParsedQuery, *, day: dt.date | None = None, kinds=None) -> dict[str, int]:
    """{kind: number of matching documents}, for the kinds asked (every kind by default), zeros kept."""
    kinds = list(kinds or SearchKind.values)
    found = dict.fromkeys(kinds, 0)
    if not query:
        return found
    if connection.vendor == "postgresql":
        from django.db.models import Count  # noqa: PLC0415

        rows = (
            _known_on(SearchDocument.objects.filter(search=_pg_query(query), kind__in=kinds), day)
            .values_list("kind")
            .annotate(n=Count("id"))
            .order_by()
        )
    else:
        sql = (
            f"SELECT d.kind, COUNT(*) FROM {_FTS} JOIN {_TABLE} d ON d.id = {_FTS}.rowid "
            f"WHERE {_FTS} MATCH %s AND d.kind IN ({', '.join(['%s'] * len(kinds))}){_sqlite_known(day)} "
            "GROUP BY d.kind"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.fts5(), *kinds, *_sqlite_day(day)])
            rows = cursor.fetchall()
    found.update(dict(rows))
    return found


def hits(
    query: ParsedQuery, kind: str, *, day: dt.date | None = None, limit: int, offset: int = 0
) -> list[SearchHit]:
    """The best `limit` matches of one kind from `offset`, best first (ties by record), with snippets."""
    if not query:
        return []
    if connection.vendor == "postgresql":
        return _pg_hits(query, kind, day, limit, offset)
    return _sqlite_hits(query, kind, day, limit, offset)


def search(query: ParsedQuery, *, day: dt.date | None = None, per_kind: int = 5) -> SearchResults:
    """Every kind's count and its best `per_kind` matches: the search page's groups."""
    results = SearchResults(query=query, counts=counts(query, day=day))
    for kind, count in results.counts.items():
        results.hits[kind] = hits(query, kind, day=day, limit=per_kind) if count else []
    return results


# --- PostgreSQL ----------------------------------------------------------------------------------


def _pg_query(query: ParsedQuery):
    from django.contrib.postgres.search import SearchQuery  # noqa: PLC0415

    return SearchQuery(query.websearch(), search_type="websearch", config=CONFIG)


def _pg_hits(query, kind, day, limit, offset) -> list[SearchHit]:
    from django.contrib.postgres.search import SearchHeadline, SearchRank  # noqa: PLC0415
    from django.db.models import F  # noqa: PLC0415

    ts_query = _pg_query(query)
    marks = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
    rows = (
        _known_on(SearchDocument.objects.filter(search=ts_query, kind=kind), day)
        .annotate(rank=SearchRank(F("search"), ts_query))
        .order_by("-rank", "id")[offset : offset + limit]
    )
    # Headlines of the page's rows only: ts_headline reads the whole text again.
    page = SearchDocument.objects.filter(pk__in=[row.pk for row in rows]).annotate(
        title_marked=SearchHeadline("title", ts_query, highlight_all=True, **marks),
        snippet_marked=SearchHeadline(
            "body",
            ts_query,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            **marks,
        ),
    )
    by_id = {doc.pk: doc for doc in page.defer("body", "search")}
    return [_hit(by_id[row.pk], by_id[row.pk].title_marked, by_id[row.pk].snippet_marked) for row in rows]


def _hit(doc, title_marked: str, snippet_marked: str) -> SearchHit:
    return SearchHit(
        kind=doc.kind,
        object_id=doc.object_id,
        url=doc.url,
        context=doc.context,
        title_marked=title_marked or "",
        snippet_marked=snippet_marked or "",
    )


# --- SQLite (FTS5) -------------------------------------------------------------------------------

_TABLE = SearchDocument._meta.db_table
_FTS = f"{_TABLE}_fts"


def _sqlite_known(day) -> str:
    return "" if day is None else " AND (d.known_from IS NULL OR d.known_from <= %s)"


def _sqlite_day(day) -> list:
    return [] if day is None else [day.isoformat()]


def _sqlite_hits(query, kind, day, limit, offset) -> list[SearchHit]:
    # bm25's weights: a match in the title counts ten times one in the body (PostgreSQL: A and B).
    sql = (
        f"SELECT d.id, highlight({_FTS}, 0, %s, %s), snippet({_FTS}, 1, %s, %s, ' … ', %s) "
        f"FROM {_FTS} JOIN {_TABLE} d ON d.id = {_FTS}.rowid "
        f"WHERE {_FTS} MATCH %s AND d.kind = %s{_sqlite_known(day)} "
        f"ORDER BY bm25({_FTS}, 10.0, 1.0), d.id LIMIT %s OFFSET %s"
    )
    params = [START, STOP, START, STOP, SNIPPET_WORDS, query.fts5(), kind, *_sqlite_day(day), limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    docs = SearchDocument.objects.defer("body", "search").in_bulk([row[0] for row in rows])
    return [_hit(docs[doc_id], title, snippet) for doc_id, title, snippet in rows]
