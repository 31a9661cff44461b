"""What an import's rows refer to: actors by code or name, frameworks and summits by slug, and the
source documents, by address, that the rows cite (created as reference records when new)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from ..choices import AliasKind, ArticleKind, FetchStatus, SourceKind
from ..models import Actor, Alias, Article, Framework, Publisher, Summit
from ..models.articles import domain_of
from ..records import un_names
from .report import ImportReport
from .sync import Sync


def name_key(text: str) -> str:
    """Case, accents and punctuation folded: "Côte d'Ivoire" and "COTE D IVOIRE" meet."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


class UnknownReference(ValueError):
    """A row names something the tracker does not know: the row is reported and left out."""


class References:
    """Lookups for one import, read once: codes, names and slugs to ids."""

    def __init__(self):
        self.actor_codes: dict[str, int] = {}
        self.actor_names: dict[str, int] = {}
        for pk, code, name, official in Actor.objects.values_list("pk", "code", "name", "official_name"):
            self.actor_codes[code.upper()] = pk
            for text in (name, official):
                if text:
                    self.actor_names.setdefault(name_key(text), pk)
        # Names and abbreviations curators gave (not leaders, capitals or demonyms, which are the news's).
        for pk, text in Alias.objects.filter(
            actor__isnull=False, kind__in=[AliasKind.NAME, AliasKind.ABBREVIATION]
        ).values_list("actor_id", "text"):
            self.actor_names.setdefault(name_key(text), pk)
        self.framework_slugs = dict(Framework.objects.values_list("slug", "pk"))
        self.summit_slugs = dict(Summit.objects.values_list("slug", "pk"))

    def actor(self, value) -> int:
        """An actor's id from its code, a name the tracker knows, or the UN's spelling of a member
        or observer state ("Iran (Islamic Republic of)", "TURKIYE")."""
        text = str(value or "").strip()
        if not text:
            raise UnknownReference("no actor given")
        found = self.actor_codes.get(text.upper()) or self.actor_names.get(name_key(text))
        if found is None and (code := un_names.code_for(text)):
            found = self.actor_codes.get(code)
        if found is None:
            raise UnknownReference(
                f"unknown actor {text!r} (give a code such as FRA, or a name the tracker knows)"
            )
        return found

    def framework(self, value) -> int:
        text = str(value or "").strip()
        if text not in self.framework_slugs:
            raise UnknownReference(f"unknown framework slug {text!r}")
        return self.framework_slugs[text]

    def summit(self, value) -> int | None:
        text = str(value or "").strip()
        if not text:
            return None
        if text not in self.summit_slugs:
            raise UnknownReference(f"unknown summit slug {text!r}")
        return self.summit_slugs[text]


def valid_url(value) -> str:
    text = str(value or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(text) > 1000:
        raise UnknownReference(f"not a web address: {text[:80]!r}")
    return text


class SourceBook:
    """The source documents a run cites, by address: new ones are written as reference records with
    the title, publisher and kind the file gives; existing ones keep theirs (a fetched page is the
    pipeline's) and gain only what they lack; each is linked to its publisher's record by domain."""

    def __init__(self, report: ImportReport, *, change_reason: str):
        self.report = report
        self.change_reason = change_reason
        self.wanted: dict[str, dict] = {}

    def want(self, url: str, *, title: str = "", publisher: str = "", kind: str = "") -> None:
        entry = self.wanted.setdefault(url, {"title": "", "publisher": "", "kind": ""})
        for key, value in (("title", title), ("publisher", publisher), ("kind", kind)):
            if value and not entry[key]:
                entry[key] = value

    def write(self) -> dict[str, int]:
        """Insert or refresh the reference records; {url: article id}."""
        if not self.wanted:
            return {}
        outlets = Publisher.objects.for_domains({domain_of(url) for url in self.wanted})
        # A record's title and publisher, once given, are its own: several files citing one page
        # with other wording must not rewrite it on every load (a curator corrects it in the admin).
        described = {
            url: (title, publisher)
            for url, title, publisher in Article.objects.filter(url__in=list(self.wanted)).values_list(
                "url", "title", "publisher"
            )
        }
        rows = []
        for url, entry in self.wanted.items():
            outlet = outlets.get(domain_of(url))
            kind = entry["kind"] or (outlet.kind if outlet else SourceKind.SECONDARY)
            row = {
                "url": url,
                "outlet_id": outlet.pk if outlet else None,
                "kind": ArticleKind.OFFICIAL if kind == SourceKind.PRIMARY else ArticleKind.NEWS,
                "fetch_status": FetchStatus.REFERENCE,
            }
            # What the file says of the document; what it leaves blank stays as it is.
            publisher = entry["publisher"] or (outlet.name if outlet else "")
            title_now, publisher_now = described.get(url, ("", ""))
            if entry["title"] and not title_now:
                row["title"] = entry["title"][:500]
            if publisher and not publisher_now:
                row["publisher"] = publisher[:200]
            rows.append(row)
        sync = Sync(
            Article,
            ("url",),
            self.report["Article"],
            insert_only=("fetch_status", "kind"),
            # Once the ingestion pipeline has fetched a page, its record is the pipeline's to keep.
            protect=lambda article: article.fetch_status != FetchStatus.REFERENCE,
            scope={"url__in": list(self.wanted)},
            defer=("text",),
            change_reason=self.change_reason,
        )
        sync.run(rows).finish()
        return {key[0]: obj.pk for key, obj in sync.objects.items()}
