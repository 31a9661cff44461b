"""Load the starter dataset into the database: the one write path behind `manage.py load_starter_data`.

What is loaded, from the project's own files (the application never reads ../shared):
- every ISO 3166-1 country from pycountry, with the display names and UN M49 regions of
  data/organisations.json;
- the organisations of data/organisations.json with their memberships (the UN's 193 are written as
  "every ISO entry except the listed non-members");
- the sources (Article), frameworks, summits, framework aliases and stances of data/starter.json;
- actor, framework and summit aliases from data/actor_aliases.json when that file exists.

An idempotent import in the manner of Open States' importers: every record is looked up by its natural
key (code, slug, url; (actor, framework, date, source) for stances; (organisation, member, role, start)
for memberships; (target, text, language) for aliases) and compared field by field. Missing records are
inserted; a record that differs is updated unless a person has edited it, which is known from its
change history (an entry with a history_user). Such a record is counted as "kept": a curator's edit
wins over the starter data. The history also keeps a record recognisable after a curator changed its
key (corrected a stance's date) and keeps a record a curator deleted from coming back.

Everything runs in one transaction, with bulk inserts and updates that also write the change history:
the whole command takes under a second on SQLite for ≈1,100 rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pycountry
from django.db import transaction

from .as_of import start_of_day
from .choices import (
    ActorKind,
    AliasKind,
    DatePrecision,
    FetchStatus,
    MembershipRole,
)
from .ledger.positions import import_positions, read_positions
from .ledger.references import SourceBook
from .ledger.report import Counts, DataError, ImportReport
from .ledger.sync import Sync
from .ledger.votes import import_votes, read_votes
from .models import Actor, Alias, Article, Framework, Membership, Participation, Publisher, Summit
from .models.articles import domain_of
from .partial_dates import PartialDate
from .search.documents import rebuild as rebuild_search_index

DATA_DIR = Path(__file__).resolve().parent / "data"
# Shown in each record's admin history next to the loader's changes.

# The order in which counts are reported (and records loaded).
MODEL_ORDER = ["Publisher", "Article", "Actor", "Membership", "Framework", "Summit", "Participation", "Alias"]
# Reference pages whose titles were read again (inserted: first mentions; updated: mentions changed).
TITLES = "Article (titles read)"


class StarterDataError(DataError):
    """The data files are inconsistent (an unknown code or slug, a bad date): nothing is loaded."""


class _Skip(Exception):
    """The row refers to a record a curator deleted: it is left out, not re-created."""


class Report(ImportReport):
    """Counts per model (in MODEL_ORDER, then what the ledger's files add) and any warnings."""

    def __init__(self):
        super().__init__(counts={name: Counts() for name in MODEL_ORDER})


def load_starter_data(*, data_dir: Path = DATA_DIR, actor_aliases: Path | None = None) -> Report:
    """Load or refresh the starter dataset; return counts per model and any warnings."""
    starter = _read_json(data_dir / "starter.json")
    reference = _read_json(data_dir / "organisations.json")
    aliases_path = actor_aliases if actor_aliases is not None else data_dir / "actor_aliases.json"
    extra_aliases = _read_json(aliases_path) if aliases_path.exists() else {}

    report = Report()
    with transaction.atomic():
        loader = _Loader(report, last_verified=_date(starter["meta"]["last_verified"]).value)
        loader.load_publishers(_read_json(data_dir / "publishers.json")["publishers"])
        loader.load_articles(starter["articles"])
        loader.load_actors(reference)
        loader.load_memberships(reference["organisations"])
        loader.load_frameworks(starter["frameworks"])
        loader.load_summits(starter["summits"])
        loader.load_aliases(starter["frameworks"], extra_aliases)
        loader.load_ledger(data_dir / "ledger")
        loader.read_titles()
        # Bulk writes send no signals: the search index is brought up to date in the same transaction.
        rebuild_search_index()
        # Bulk writes send no signals: tell every process that aliases and chart data changed.
        transaction.on_commit(_bump_versions)
    return report


def _bump_versions() -> None:
    from . import caching  # noqa: PLC0415
    from .ingest.alias_index import bump_index_version  # noqa: PLC0415

    bump_index_version()
    caching.bump(caching.DATA)


def _read_json(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise StarterDataError(f"{path.name} is not valid JSON: {exc}") from exc


def _date(text: str | None) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise StarterDataError(str(exc)) from exc


def _date_fields(prefix: str, text: str | None, precision_field: str | None = None) -> dict:
    """{prefix: date, precision_field: precision} for a partial date; a null date keeps day precision."""
    parsed = _date(text)
    values = {prefix: parsed.value if parsed else None}
    if precision_field:
        values[precision_field] = parsed.precision if parsed else DatePrecision.DAY
    return values


def _eligible_note(eligible: dict | None) -> str:
    if not eligible:
        return ""
    note = eligible.get("note") or ""
    source = eligible.get("source") or ""
    return f"{note} ({source})" if source and source not in note else note


def _valid_alias(alias: dict) -> bool:
    text = alias.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > Alias._meta.get_field("text").max_length:
        return False
    if (alias.get("kind") or AliasKind.NAME) not in AliasKind.values:
        return False
    try:
        PartialDate.parse(alias.get("valid_from"))
        PartialDate.parse(alias.get("valid_to"))
    except ValueError:
        return False
    return True


def country_name(country) -> str:
    return getattr(country, "common_name", None) or country.name


class _Loader:
    def __init__(self, report: Report, *, last_verified):
        self.report = report
        self.last_verified = last_verified
        self.articles: dict[str, Article] = {}
        self.actors: dict[str, Actor] = {}
        self.frameworks: dict[str, Framework] = {}
        self.summits: dict[str, Summit] = {}
        # Codes and slugs of records a curator deleted; rows that need them are left out.
        self.deleted: set[str] = set()

    def _lookup(self, records: dict, key: str | None, what: str):
        if key is None:
            return None
        if key in self.deleted:
            raise _Skip
        try:
            return records[key].pk
        except KeyError:
            raise StarterDataError(f"unknown {what} {key!r}") from None

    def _rows(self, name: str, make, items) -> list[dict]:
        """Build rows, leaving out (and counting as kept) those that need a deleted record."""
        rows = []
        for item in items:
            try:
                rows.append(make(item))
            except _Skip:
                self.report[name].kept += 1
        return rows

    # -- lookups that fail loudly on a data error --------------------------------------------
    def actor_id(self, code: str | None) -> int | None:
        return self._lookup(self.actors, code, "actor code")

    def framework_id(self, slug: str | None) -> int | None:
        return self._lookup(self.frameworks, slug, "framework slug")

    def summit_id(self, slug: str | None) -> int | None:
        return self._lookup(self.summits, slug, "summit slug")

    def article_id(self, url: str) -> int:
        return self._lookup(self.articles, url, "source (not among the articles of starter.json)")

    def ids(self, records: dict, keys: Iterable[str], what: str) -> set:
        """Ids for a many-to-many set; records a curator deleted are simply left out."""
        return {self._lookup(records, key, what) for key in keys if key not in self.deleted}

    def _finish(self, sync: Sync, records: dict) -> None:
        sync.finish()
        records.update({key[0]: obj for key, obj in sync.objects.items()})
        self.deleted |= {key[0] for key in sync.deleted}

    # -- each model -------------------------------------------------------------------------------
    def load_articles(self, rows: list[dict]) -> None:
        sync = Sync(
            Article,
            ("url",),
            self.report["Article"],
            insert_only=("fetch_status",),
            # Once the ingestion pipeline has fetched a page, its record is the pipeline's to keep.
            protect=lambda article: article.fetch_status != FetchStatus.REFERENCE,
            scope={"url__in": [row["url"] for row in rows]},
        )
        outlets = Publisher.objects.for_domains({domain_of(row["url"]) for row in rows})
        sync.run(
            {
                "url": row["url"],
                "title": row.get("title", ""),
                "publisher": row.get("publisher", ""),
                "outlet_id": getattr(outlets.get(domain_of(row["url"])), "pk", None),
                "kind": row["kind"],
                "note": row.get("note", ""),
                # The day the page itself shows (published_source says where it was read), else undated.
                "published_at": start_of_day(_date(row["published"]).value) if row.get("published") else None,
                "fetch_status": FetchStatus.REFERENCE,
            }
            for row in rows
        )
        self._finish(sync, self.articles)

    def load_actors(self, reference: dict) -> None:
        names = reference["countries"]["names"]
        region_of = {
            code: region for region, codes in reference["countries"]["regions"].items() for code in codes
        }
        rows = [
            {
                "code": country.alpha_3,
                "name": names.get(country.alpha_3) or country_name(country),
                "official_name": getattr(country, "official_name", "") or "",
                "kind": ActorKind.COUNTRY,
                "region": region_of.get(country.alpha_3, ""),
                "iso_alpha2": country.alpha_2,
            }
            for country in pycountry.countries
        ]
        # States ISO 3166-1 does not list (Kosovo, XKX): from the reference file.
        rows += [
            {
                "code": extra["code"],
                "name": extra["name"],
                "official_name": extra.get("official_name", ""),
                "kind": ActorKind.COUNTRY,
                "region": extra.get("region", ""),
                "iso_alpha2": "",
                "description": extra.get("note", ""),
            }
            for extra in reference["countries"].get("extra", [])
        ]
        rows += [
            {
                "code": org["code"],
                "name": org["name"],
                "kind": ActorKind.ORGANISATION,
                "website": org.get("website", ""),
                "description": org.get("note", ""),
                "code_is_abbreviation": org.get("code_is_abbreviation", True),
            }
            for org in reference["organisations"]
        ]
        sync = Sync(Actor, ("code",), self.report["Actor"]).run(rows)
        self._finish(sync, self.actors)
        # Actors the data does not list (added by curators) still resolve for aliases.
        for actor in Actor.objects.exclude(code__in=self.actors):
            self.actors[actor.code] = actor

    def load_memberships(self, organisations: list[dict]) -> None:
        country_codes = [c.alpha_3 for c in pycountry.countries]
        entries = []
        for org in organisations:
            members = list(org["members"])
            if org.get("members_rule") == "all_iso_countries_except":
                excluded = set(org["not_members"])
                members += [{"member": code} for code in country_codes if code not in excluded]
            source = (org.get("sources") or [""])[0]
            entries += [(org["code"], source, entry) for entry in members]

        def row(item):
            code, source, entry = item
            return {
                "organisation_id": self.actor_id(code),
                "member_id": self.actor_id(entry["member"]),
                "role": entry.get("role") or MembershipRole.MEMBER,
                **_date_fields("start_date", entry.get("start"), "start_precision"),
                **_date_fields("end_date", entry.get("end"), "end_precision"),
                "source_url": source,
                "note": entry.get("note", ""),
            }

        rows = self._rows("Membership", row, entries)
        sync = Sync(
            Membership, ("organisation_id", "member_id", "role", "start_date"), self.report["Membership"]
        )
        sync.run(rows).finish()

    def load_frameworks(self, rows: list[dict]) -> None:
        def framework_row(row):
            rule = row.get("entry_into_force") or {}
            return {
                "slug": row["slug"],
                "name": row["name"],
                "short_name": row.get("short_name", ""),
                "kind": row["kind"],
                "status": row["status"],
                "status_note": row.get("status_note", ""),
                # The day the note describes: its own date where the data gives one, else when the
                # starter data was last checked. Views of earlier days leave the note out.
                "status_note_date": (
                    _date(row.get("status_note_date")).value
                    if row.get("status_note_date")
                    else self.last_verified
                )
                if row.get("status_note")
                else None,
                "proposed_by_id": self.actor_id(row.get("proposed_by")),
                **_date_fields("date_proposed", row.get("date_proposed"), "date_proposed_precision"),
                **_date_fields("date_adopted", row.get("date_adopted"), "date_adopted_precision"),
                **_date_fields("date_opened_for_signature", row.get("date_opened_for_signature")),
                **_date_fields("date_in_force", row.get("date_in_force"), "date_in_force_precision"),
                "binding": row["binding"],
                "scope": row["scope"],
                "summary": row.get("summary", ""),
                "official_url": row.get("official_url", ""),
                "source_urls": row.get("sources", []),
                "headquarters": row.get("headquarters", ""),
                "eif_ratifications_required": rule.get("ratifications_required"),
                "eif_members_of_id": self.actor_id(rule.get("members_of")),
                "eif_min_members": rule.get("min_members"),
                "eif_delay_months": rule.get("delay_months"),
                "document_symbol": row.get("document_symbol") or "",
                "eligible_members_of_id": self.actor_id((row.get("eligible") or {}).get("members_of")),
                "eligible_note": _eligible_note(row.get("eligible")),
                "announced_count": row.get("announced_count"),
                "list_complete": row.get("list_complete", True) is not False,
                "count_note": row.get("count_note") or "",
            }

        sync = Sync(Framework, ("slug",), self.report["Framework"])
        sync.run(self._rows("Framework", framework_row, rows))
        present = [row for row in rows if (row["slug"],) in sync.objects]
        self.frameworks.update({key[0]: obj for key, obj in sync.objects.items()})

        # The parent is a framework too: set once every framework exists.
        reparented = []
        for row in present:
            key = (row["slug"],)
            obj = sync.objects[key]
            parent = row.get("parent")
            if parent in self.deleted or parent in {k[0] for k in sync.deleted}:
                continue
            parent_id = self.framework_id(parent)
            if obj.parent_id != parent_id and sync.mark_changed(key):
                obj.parent_id = parent_id
                reparented.append(obj)
        if reparented:
            sync.save_changes(reparented, {"parent"})

        self._sync_many(
            sync,
            Framework.co_proposers,
            {
                (row["slug"],): self.ids(self.actors, row.get("co_proposers", []), "actor code")
                for row in present
            },
        )
        self._sync_many(
            sync,
            Framework.eligible_also,
            {
                (row["slug"],): self.ids(
                    self.actors, (row.get("eligible") or {}).get("also", []), "actor code"
                )
                for row in present
            },
        )
        self._finish(sync, self.frameworks)
        for framework in Framework.objects.exclude(slug__in=self.frameworks):
            self.frameworks[framework.slug] = framework

    def load_summits(self, rows: list[dict]) -> None:
        def summit_row(row):
            for url in row.get("source_urls", []):
                self.article_id(url)  # every summit source is also a source record
            return {
                "slug": row["slug"],
                "name": row["name"],
                "series": row["series"],
                "status": row["status"],
                "host_id": self.actor_id(row.get("host")),
                "organiser_id": self.actor_id(row.get("organiser")),
                "chair_id": self.actor_id(row.get("chair")),
                "city": row.get("city", ""),
                "venue": row.get("venue", ""),
                **_date_fields("start_date", row.get("start"), "start_precision"),
                **_date_fields("end_date", row.get("end"), "end_precision"),
                "note": row.get("note", ""),
                "source_urls": row.get("source_urls", []),
            }

        sync = Sync(Summit, ("slug",), self.report["Summit"]).run(self._rows("Summit", summit_row, rows))
        present = [row for row in rows if (row["slug"],) in sync.objects]
        self._sync_many(
            sync,
            Summit.co_hosts,
            {(row["slug"],): self.ids(self.actors, row.get("co_hosts", []), "actor code") for row in present},
        )
        self._sync_many(
            sync,
            Summit.outcomes,
            {
                (row["slug"],): self.ids(self.frameworks, row.get("outcomes", []), "framework slug")
                for row in present
            },
        )
        self._finish(sync, self.summits)
        for summit in Summit.objects.exclude(slug__in=self.summits):
            self.summits[summit.slug] = summit
        self.load_participants(present)

    def load_participants(self, summits: list[dict]) -> None:
        """Attendance records (signatories of a summit's outcomes are participants without one)."""
        book = SourceBook(self.report, change_reason="starter data")
        entries = [(row["slug"], entry) for row in summits for entry in row.get("participants", [])]
        for _slug, entry in entries:
            if entry.get("source_url"):
                book.want(entry["source_url"], kind=entry.get("source_kind", ""))
        article_ids = book.write()

        def participation(item):
            slug, entry = item
            return {
                "summit_id": self.summit_id(slug),
                "actor_id": self.actor_id(entry["actor"]),
                "role": entry.get("role") or "attended",
                "source_id": article_ids.get(entry.get("source_url")),
                "source_kind": entry.get("source_kind") or "secondary",
                "note": entry.get("note", ""),
            }

        rows = self._rows("Participation", participation, entries)
        Sync(Participation, ("summit_id", "actor_id", "role"), self.report["Participation"]).run(
            rows
        ).finish()

    def _sync_many(self, sync: Sync, descriptor, wanted: dict[tuple, set]) -> None:
        """Make a many-to-many set match the data, for records the data may change."""
        through = descriptor.through
        source_field = descriptor.field.m2m_field_name() + "_id"
        target_field = descriptor.field.m2m_reverse_field_name() + "_id"
        ids = [sync.objects[key].pk for key in wanted]
        current: dict[int, set] = {pk: set() for pk in ids}
        for source_id, target_id in through.objects.filter(**{f"{source_field}__in": ids}).values_list(
            source_field, target_field
        ):
            current[source_id].add(target_id)
        to_add, to_remove = [], []
        for key, targets in wanted.items():
            pk = sync.objects[key].pk
            if current[pk] == targets or not sync.mark_changed(key):
                continue
            to_add += [through(**{source_field: pk, target_field: t}) for t in targets - current[pk]]
            to_remove += [(pk, t) for t in current[pk] - targets]
        if to_add:
            through.objects.bulk_create(to_add)
        for pk, target in to_remove:
            through.objects.filter(**{source_field: pk, target_field: target}).delete()

    def load_aliases(self, frameworks: list[dict], extra: dict) -> None:
        items = [
            (alias, {"framework_id": self.framework_id(framework["slug"])})
            for framework in frameworks
            if framework["slug"] not in self.deleted
            for alias in framework.get("aliases", [])
        ]
        skipped = 0
        targets = (
            ("aliases", "actor", self.actors, "actor_id"),
            ("framework_aliases", "framework", self.frameworks, "framework_id"),
            ("summit_aliases", "summit", self.summits, "summit_id"),
        )
        invalid = 0
        for section, target_key, known, id_field in targets:
            for alias in extra.get(section, []):
                target = known.get(alias.get(target_key))
                if target is None:
                    skipped += 1
                elif not _valid_alias(alias):
                    invalid += 1
                else:
                    items.append((alias, {id_field: target.pk}))
        # Another curator's file: a bad entry is reported and left out, it does not stop the load.
        if skipped:
            self.report.warnings.append(
                f"actor_aliases.json: {skipped} aliases skipped (unknown actor, framework or summit)"
            )
        if invalid:
            self.report.warnings.append(
                f"actor_aliases.json: {invalid} aliases skipped (missing or too long text, unknown kind, bad date)"
            )
        # The same name from two files (or twice in one) is one alias: the first one wins. A leader's
        # name may come back for another term (another start date): one alias per term.
        key_fields = ("actor_id", "framework_id", "summit_id", "text", "language", "valid_from")
        unique = {}
        for alias, target in items:
            row = self._alias_row(alias, **target)
            unique.setdefault(tuple(row[name] for name in key_fields), row)
        sync = Sync(Alias, key_fields, self.report["Alias"])
        sync.run(unique.values()).finish()

    @staticmethod
    def _alias_row(alias: dict, *, actor_id=None, framework_id=None, summit_id=None) -> dict:
        return {
            "actor_id": actor_id,
            "framework_id": framework_id,
            "summit_id": summit_id,
            "text": alias["text"],
            "language": alias.get("language") or "en",
            "kind": alias.get("kind") or "name",
            **_date_fields("valid_from", alias.get("valid_from")),
            **_date_fields("valid_to", alias.get("valid_to")),
            "source_url": alias.get("source_url") or "",
            "note": alias.get("note") or "",
        }

    def load_publishers(self, rows: list[dict]) -> None:
        Sync(Publisher, ("domain",), self.report["Publisher"]).run(
            {
                "domain": row["domain"].lower(),
                "name": row["name"],
                "kind": row.get("kind") or "secondary",
                "state_affiliated": bool(row.get("state_affiliated")),
                "note": row.get("note", ""),
                "source_url": row.get("source") or "",
            }
            for row in rows
        ).finish()

    def read_titles(self) -> None:
        """Mentions (and pending suggestions) from the reference pages' titles, read with the aliases
        just loaded: the news layer has something to show from the first run."""
        from .ingest.alias_index import build  # noqa: PLC0415 (the analysis loads trafilatura)
        from .ingest.titles import analyse_reference_titles  # noqa: PLC0415

        analyse_reference_titles(build(), counts=self.report[TITLES])

    def load_ledger(self, folder: Path) -> None:
        """The ledger's positions and votes, through the importers (a bad row is a warning: the
        data tests keep the files clean)."""
        for path in sorted(folder.glob("*.json")):
            head = json.loads(path.read_text(encoding="utf-8"))
            ledger = ImportReport()
            if "votes" in head:
                votes, sources = read_votes(path)
                import_votes(votes, sources=sources, name=path.name, report=ledger)
            else:
                import_positions(read_positions(path), report=ledger)
            self.report.merge(ledger)
            self.report.warnings += [str(problem) for problem in ledger.problems]
            self.report.problems.clear()
