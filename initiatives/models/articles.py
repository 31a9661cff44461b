from urllib.parse import urlsplit

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import ArticleKind, FetchStatus, SourceKind
from ..querysets import ARTICLES_NEWEST_FIRST, ArticleQuerySet, FeedQuerySet, PublisherQuerySet


class Feed(models.Model):
    """An RSS or Atom source that workers poll for new articles."""

    url = models.URLField(max_length=1000, unique=True)
    name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    poll_interval_minutes = models.PositiveIntegerField(default=60)
    article_kind = models.CharField(max_length=10, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failure_count = models.PositiveIntegerField(default=0, help_text="Consecutive failures.")
    last_error = models.TextField(blank=True)
    disabled_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["etag", "last_modified", "last_polled_at", "next_poll_at"])
    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "url"]

    def __str__(self):
        return self.name or self.url


def domain_of(url: str) -> str:
    """example.org for https://www.example.org/page."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


class Publisher(models.Model):
    """Who publishes a source, by web domain: its name as readers know it, whether it usually is a
    primary record, and whether the state controls it (TASS, Xinhua, WAM…), which pages say."""

    domain = models.CharField(
        max_length=200,
        unique=True,
        help_text="The site's domain without www (a subdomain matches its parent's).",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=10,
        choices=SourceKind.choices,
        default=SourceKind.SECONDARY,
        help_text="What its pages usually are; a stance says what its own source is.",
    )
    state_affiliated = models.BooleanField(
        default=False, help_text="Under state control or editorial direction (say where that is documented)."
    )
    note = models.TextField(blank=True)
    source_url = models.URLField(max_length=500, blank=True, help_text="A page that documents the above.")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PublisherQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Story(models.Model):
    """Articles from several outlets that report the same event."""

    title = models.CharField(max_length=500)
    first_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-first_published_at"]

    def __str__(self):
        return self.title


class Article(models.Model):
    """A source document: a news report, an official page or an analysis."""

    url = models.URLField(
        max_length=1000, unique=True, help_text="Normalised: no tracking parameters or fragment."
    )
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True, help_text="The publisher's name as shown.")
    # SET_NULL: an outlet's record may be removed; its articles stay.
    outlet = models.ForeignKey(
        Publisher,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The publisher's record, found by the article's domain.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the normalised text.")
    kind = models.CharField(max_length=10, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    fetch_status = models.CharField(max_length=10, choices=FetchStatus.choices, default=FetchStatus.PENDING)
    fetch_error = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    # SET_NULL: removing a feed keeps the articles it brought.
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["text"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ARTICLES_NEWEST_FIRST
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~models.Q(content_hash=""),
                name="%(app_label)s_%(class)s_unique_content_hash",
            ),
        ]
        indexes = [
            # Every article list: newest first, undated last, in exactly the order the pages sort by,
            # so a page of 50 reads 50 index entries instead of sorting the table.
            models.Index(*ARTICLES_NEWEST_FIRST, name="initiatives_article_newest"),
        ]

    def __str__(self):
        return self.title or self.url

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or "published_at" in fields:
            # Mentions carry their article's date for their indexes (news per week, an actor's,
            # framework's or summit's latest articles): a corrected date corrects theirs.
            self.mentions.exclude(published_at=self.published_at).update(published_at=self.published_at)

    def get_absolute_url(self):
        return reverse("initiatives:article-detail", args=[self.pk])

    @property
    def publisher_name(self) -> str:
        """The publisher as a reader knows it: the outlet's record, the stored name, or the site."""
        if self.outlet_id and self.outlet:
            return self.outlet.name
        return self.publisher or domain_of(self.url)

    @property
    def source_kind(self) -> str:
        """What the document is, where no stance says: an official record is primary, the rest secondary."""
        return SourceKind.PRIMARY if self.kind == ArticleKind.OFFICIAL else SourceKind.SECONDARY

    @property
    def state_affiliated(self) -> bool:
        return bool(self.outlet_id and self.outlet and self.outlet.state_affiliated)


class Mention(models.Model):
    """An actor, framework or summit mentioned in an article, with where and how."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    actor = models.ForeignKey(
        "Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    framework = models.ForeignKey(
        "Framework", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    summit = models.ForeignKey(
        "Summit", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    matched_text = models.CharField(max_length=300)
    start = models.PositiveIntegerField(help_text="Character offset in the article text.")
    end = models.PositiveIntegerField()
    snippet = models.TextField(blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Copied from the article so news-volume charts need no join."
    )

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(actor__isnull=False, framework__isnull=True, summit__isnull=True)
                    | models.Q(actor__isnull=True, framework__isnull=False, summit__isnull=True)
                    | models.Q(actor__isnull=True, framework__isnull=True, summit__isnull=False)
                ),
                name="%(app_label)s_%(class)s_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="%(app_label)s_%(class)s_unique_span"
            ),
        ]
        indexes = [
            # News volume per framework per week: one framework's weeks, and every framework's recent weeks.
            models.Index(fields=["framework", "published_at"], name="initiatives_mention_fw_week"),
            models.Index(
                fields=["published_at", "framework"],
                condition=models.Q(framework__isnull=False),
                name="initiatives_mention_fw_recent",
            ),
            models.Index(fields=["actor", "published_at"], name="initiatives_mention_actor"),
            models.Index(fields=["summit", "published_at"], name="initiatives_mention_summit"),
        ]

    def __str__(self):
        return self.matched_text

    def save(self, *args, **kwargs):
        # The article's date, for the indexes that list a subject's newest articles and weekly news.
        self.published_at = self.article.published_at
        super().save(*args, **kwargs)
