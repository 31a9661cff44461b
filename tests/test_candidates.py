"""New initiatives discovered: a name of an AI framework, body or summit the registry lacks becomes a
candidate in the review queue, merged across articles, and a curator adds it in one step."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatives.analysis import AliasEntry, AliasIndex
from initiatives.analysis.candidates import find_candidates, normalise
from initiatives.ingest import alias_index
from initiatives.ingest.articles import plain_text_document
from initiatives.ingest.pipeline import analyse_article, ingest_document
from initiatives.models import Alias, Framework, Summit
from initiatives.models.candidates import CandidateStatus, InitiativeCandidate
from tests.factories import make_actor, make_framework

INDEX = AliasIndex(
    [
        AliasEntry("Bletchley Declaration", "framework", "bletchley", "Bletchley Declaration"),
        AliasEntry("AI Action Summit", "summit", "paris-2025", "AI Action Summit"),
        AliasEntry(
            "Global AI Governance Action Plan", "framework", "gaigap", "Global AI Governance Action Plan"
        ),
        AliasEntry("African Union", "actor", "AU", "African Union", organisation=True),
    ]
)

SHANGHAI = (
    "Ministers from 30 countries on Tuesday endorsed the Shanghai Declaration on Global AI Governance, "
    "officials said. The Bletchley Declaration was also cited."
)


def names(text, index=INDEX):
    return [(hit.name, hit.kind) for hit in find_candidates(text, index)]


# -- the pure function -----------------------------------------------------------------------------------


def test_it_finds_an_unregistered_ai_declaration_with_its_sentence():
    hits = find_candidates(SHANGHAI, INDEX)
    assert [(h.name, h.kind) for h in hits] == [("Shanghai Declaration on Global AI Governance", "framework")]
    assert hits[0].sentence.startswith("Ministers from 30 countries")
    assert SHANGHAI[hits[0].start : hits[0].end] == hits[0].name


def test_it_guesses_the_kind_from_the_head_noun():
    assert names("A new Global AI Safety Compact was announced.") == [
        ("Global AI Safety Compact", "framework")
    ]
    assert names("Delegates met at the Nairobi AI Summit for two days.") == [("Nairobi AI Summit", "summit")]
    assert names("Kenya proposed an Africa Artificial Intelligence Council.") == [
        ("Africa Artificial Intelligence Council", "body")
    ]
    assert names("Ministers issued the Accra Communiqué on AI Skills.") == [
        ("Accra Communiqué on AI Skills", "framework")
    ]
    assert names("They will draft a Global Algorithmic Accountability Action Plan.") == [
        ("Global Algorithmic Accountability Action Plan", "framework")
    ]


def test_it_leaves_out_registered_names_names_without_an_ai_cue_and_plain_capitals():
    assert names("The Bletchley Declaration and the AI Action Summit were praised.") == []
    assert names("China's Global AI Governance Action Plan has 13 points.") == []
    assert names("The Paris Agreement on climate was mentioned by AI experts.") == []  # no AI in the name
    assert names("Officials In Geneva Said AI Matters.") == []  # no head noun
    assert names("THE GLOBAL AI SAFETY COMPACT WAS SIGNED.") == []
    assert names("The EU will open an AI Office and adopt new AI Principles.") == []  # nothing of their own
    assert (
        names("The African Union AI strategy was adopted.") == []
    )  # an organisation's name, then lower case


def test_a_registered_name_longer_than_the_capitals_is_no_candidate():
    index = AliasIndex(
        [AliasEntry("Charter on Open AI for People and the Planet", "framework", "open", "Open AI Charter")]
    )
    assert names("Leaders signed the Charter on Open AI for People and the Planet.", index) == []


def test_it_cuts_a_name_at_articles_dates_and_possessives():
    assert names("Under the Global AI Safety Compact, labs share tests.") == [
        ("Global AI Safety Compact", "framework")
    ]
    assert names("Brazil's Rio Declaration on AI Ethics on Monday drew praise.") == [
        ("Rio Declaration on AI Ethics", "framework")
    ]
    assert names("They adopted the Lima Charter on AI and the Quito Compact on AI.") == [
        ("Lima Charter on AI", "framework"),
        ("Quito Compact on AI", "framework"),
    ]


def test_variants_of_one_name_share_a_key():
    assert normalise("the Global Artificial Intelligence Safety Compact") == normalise(
        "Global AI Safety Compact"
    )


# -- the pipeline and the review queue --------------------------------------------------------------------


def ingest(url, text, published):
    day = timezone.make_aware(dt.datetime.combine(published, dt.time.min))
    article = ingest_document(url, plain_text_document(text), published=day)
    analyse_article(article.pk, index=alias_index.fresh())
    return article


@pytest.fixture
def curator_client(client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    return client


def test_an_unregistered_declaration_in_the_news_is_a_candidate_merged_across_articles(db):
    make_actor(code="CHN", name="China")
    first = ingest("https://news.example.org/a", "Shanghai pact\n\n" + SHANGHAI, dt.date(2026, 7, 1))
    second = ingest(
        "https://wire.example.org/b",
        "Follow-up\n\nChina said the Shanghai Declaration on Global Artificial Intelligence Governance "
        "would be opened to all states.",
        dt.date(2026, 7, 9),
    )
    candidate = InitiativeCandidate.objects.get()
    assert candidate.status == CandidateStatus.OPEN
    assert candidate.kind == "framework"
    assert candidate.name == "Shanghai Declaration on Global AI Governance"
    assert set(candidate.sightings.values_list("article_id", flat=True)) == {first.pk, second.pk}
    assert (candidate.first_seen.date(), candidate.last_seen.date()) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 7, 9),
    )
    # Analysing again records the same sightings, not more.
    analyse_article(first.pk)
    assert candidate.sightings.count() == 2


def test_a_curator_adds_a_candidate_as_a_new_framework_in_one_step(curator_client):
    make_framework(slug="bletchley", name="Bletchley Declaration")
    article = ingest("https://news.example.org/a", "Shanghai pact\n\n" + SHANGHAI, dt.date(2026, 7, 1))
    candidate = InitiativeCandidate.objects.get()

    queue = curator_client.get(reverse("admin:initiatives_initiativecandidate_changelist"))
    assert queue.status_code == 200
    assert "Shanghai Declaration on Global AI Governance" in queue.content.decode()
    page = curator_client.get(reverse("admin:initiatives_initiativecandidate_change", args=[candidate.pk]))
    assert "Ministers from 30 countries" in page.content.decode()
    assert article.url in page.content.decode()

    response = curator_client.post(
        reverse("admin:initiatives_initiativecandidate_change", args=[candidate.pk]),
        {
            "kind": "framework",
            "decision": "framework",
            "registry_name": "",
            "framework_kind": "declaration",
            "summit_series": "other",
            "alias_of": "",
            "sightings-TOTAL_FORMS": "1",
            "sightings-INITIAL_FORMS": "1",
            "sightings-MIN_NUM_FORMS": "0",
            "sightings-MAX_NUM_FORMS": "1000",
            "sightings-0-id": str(candidate.sightings.get().pk),
            "sightings-0-candidate": str(candidate.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    candidate.refresh_from_db()
    framework = Framework.objects.get(name="Shanghai Declaration on Global AI Governance")
    assert (candidate.status, candidate.framework) == (CandidateStatus.ADDED, framework)
    assert framework.kind == "declaration" and framework.source_urls == [article.url]
    assert candidate.decided_by == "root"
    listed = curator_client.get(reverse("admin:initiatives_initiativecandidate_changelist")).content.decode()
    assert reverse("admin:initiatives_framework_change", args=[framework.pk]) in listed
    # Registered now: the next article naming it is a mention, not another candidate sighting.
    later = ingest("https://news.example.org/c", "Again\n\n" + SHANGHAI, dt.date(2026, 8, 1))
    assert later.mentions.filter(framework=framework).exists()
    assert not later.candidate_sightings.exists()


def test_a_curator_adds_a_candidate_as_another_name_or_a_summit(curator_client):
    gaigap = make_framework(slug="gaigap", name="Global AI Governance Action Plan")
    ingest(
        "https://news.example.org/a",
        "Plans\n\nChina released the Shanghai AI Governance Compact. Leaders will meet at the Nairobi AI Summit.",
        dt.date(2026, 7, 1),
    )
    compact = InitiativeCandidate.objects.get(name="Shanghai AI Governance Compact")
    summit = InitiativeCandidate.objects.get(name="Nairobi AI Summit")
    assert summit.kind == "summit"
    url = "admin:initiatives_initiativecandidate_change"
    common = {"sightings-TOTAL_FORMS": "0", "sightings-INITIAL_FORMS": "0", "summit_series": "other"}
    curator_client.post(
        reverse(url, args=[compact.pk]),
        {**common, "kind": "framework", "decision": "alias", "alias_of": str(gaigap.pk)},
    )
    compact.refresh_from_db()
    assert compact.status == CandidateStatus.ADDED
    assert compact.alias == Alias.objects.get(framework=gaigap, text="Shanghai AI Governance Compact")
    curator_client.post(reverse(url, args=[summit.pk]), {**common, "kind": "summit", "decision": "summit"})
    summit.refresh_from_db()
    assert summit.summit == Summit.objects.get(name="Nairobi AI Summit")
    # An alias needs its framework: refused with a message, nothing added.
    other = InitiativeCandidate.objects.create(name="Lima AI Charter", normalised="lima ai charter")
    page = curator_client.post(
        reverse(url, args=[other.pk]), {**common, "kind": "framework", "decision": "alias"}
    )
    assert page.status_code == 200 and "Choose the framework" in page.content.decode()
    assert InitiativeCandidate.objects.get(pk=other.pk).status == CandidateStatus.OPEN


def test_an_analyst_sees_the_candidates_but_cannot_add_them(client, db):
    from django.contrib.auth.models import Group

    from initiatives.roles import sync_roles

    sync_roles()
    user = User.objects.create_user("ana", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="analyst"))
    client.force_login(user)
    candidate = InitiativeCandidate.objects.create(name="Lima AI Charter", normalised="lima ai charter")
    assert client.get(reverse("admin:initiatives_initiativecandidate_changelist")).status_code == 200
    client.post(
        reverse("admin:initiatives_initiativecandidate_change", args=[candidate.pk]),
        {
            "kind": "framework",
            "decision": "framework",
            "sightings-TOTAL_FORMS": "0",
            "sightings-INITIAL_FORMS": "0",
        },
    )
    assert InitiativeCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.OPEN
    assert not Framework.objects.filter(name="Lima AI Charter").exists()


WORDS = [
    "the", "Global", "AI", "Safety", "Compact", "Declaration", "on", "of", "Shanghai", "Artificial",
    "Intelligence", "Summit", "Organization", "Bletchley", "China's", "’s", "Monday", ". ", ", ", "\n",
    "“", "”", "A.I.", "Action", "Plan", "and", "Council", "African", "Union", "Communiqué", "\u00a0", "-",
]  # fmt: skip


@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join) | st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_every_sighting_points_at_its_name_inside_its_sentence(text):
    for hit in find_candidates(text, INDEX):
        assert text[hit.start : hit.end] == hit.name
        assert hit.name in hit.sentence
        assert hit.kind in {"framework", "summit", "body"}
        assert hit.normalised and hit.normalised == normalise(hit.name)
