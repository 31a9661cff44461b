"""The product's vocabulary: every set of choices in one place.

Positions carry their chart colour so that every map, matrix and timeline uses one scheme:
supportive positions in blues, opposing ones in oranges and reds, neutral in grey (a
colour-blind-safe pairing, after Okabe & Ito and ColorBrewer's diverging PuOr/RdBu).
"""

from django.db import models


class ActorKind(models.TextChoices):
    COUNTRY = "country", "Country or economy"
    ORGANISATION = "organisation", "Bloc or intergovernmental organisation"
    COMPANY = "company", "Company"
    CIVIL_SOCIETY = "civil_society", "Civil society"


class MembershipRole(models.TextChoices):
    MEMBER = "member", "Member"
    PARTICIPANT = "participant", "Participant (non-member)"
    OBSERVER = "observer", "Observer"


class AliasKind(models.TextChoices):
    NAME = "name", "Name or variant"
    ABBREVIATION = "abbreviation", "Abbreviation"
    DEMONYM = "demonym", "Demonym (Chinese, French…)"
    CAPITAL = "capital", "Capital or seat used as metonym"
    LEADER = "leader", "Leader or official (only within their term)"
    PARAPHRASE = "paraphrase", "Paraphrase or translated name"


class FrameworkKind(models.TextChoices):
    TREATY = "treaty", "Treaty"
    DECLARATION = "declaration", "Declaration"
    LAW = "law", "Law or regulation"
    PRINCIPLES = "principles", "Principles or recommendation"
    PROPOSED_ORGANISATION = "proposed_organisation", "Proposed organisation"
    INITIATIVE = "initiative", "Initiative"
    RESOLUTION = "resolution", "Resolution"
    NATIONAL_PLAN = "national_plan", "National plan"


class FrameworkStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    UNDER_NEGOTIATION = "under_negotiation", "Under negotiation"
    OPEN_FOR_SIGNATURE = "open_for_signature", "Open for signature"
    ADOPTED = "adopted", "Adopted"
    IN_FORCE = "in_force", "In force"
    SUPERSEDED = "superseded", "Superseded"
    ABANDONED = "abandoned", "Abandoned"


class FrameworkScope(models.TextChoices):
    GLOBAL = "global", "Global"
    REGIONAL = "regional", "Regional or plurilateral"
    NATIONAL = "national", "National or bloc-internal"


class SummitSeries(models.TextChoices):
    AI_SUMMITS = "ai_summits", "AI summit series (Bletchley, Seoul, Paris, New Delhi)"
    APEC = "apec", "APEC"
    G7 = "g7", "G7"
    G20 = "g20", "G20"
    UNGA = "unga", "United Nations"
    WAIC = "waic", "World AI Conference"
    HAP = "hap", "Hiroshima AI Process"
    OTHER = "other", "Other"


# Series that meet at an organisation's seat (the UN in New York or Geneva): the country recorded as host
# is the seat's, not a government that takes the meeting on, so a text saying it "will host" means none.
SERIES_AT_A_SEAT = frozenset({SummitSeries.UNGA})


class SummitStatus(models.TextChoices):
    HELD = "held", "Held"
    PLANNED = "planned", "Planned"


class Position(models.TextChoices):
    """Where an actor stands: the category charts colour. It follows from the stance's act (ACT_POSITION)."""

    PROPOSES = "proposes", "Proposes"
    SUPPORTS = "supports", "Supports"
    SIGNS = "signs", "Signs"
    RATIFIES = "ratifies", "Ratifies"
    NEUTRAL = "neutral", "Neutral"
    ABSTAINS = "abstains", "Abstains"
    OPPOSES = "opposes", "Opposes"
    DECLINES = "declines", "Declines"
    WITHDRAWS = "withdraws", "Withdraws"


class Act(models.TextChoices):
    """The act by which a position was taken: what the record shows the actor did."""

    PROPOSED = "proposed", "Proposed"
    STATED_SUPPORT = "stated_support", "Stated support"
    STATED_NEUTRAL = "stated_neutral", "Stated a neutral or mixed position"
    STATED_OPPOSITION = "stated_opposition", "Stated opposition"
    CO_SPONSORED = "co_sponsored", "Co-sponsored"
    VOTED_FOR = "voted_for", "Voted for"
    VOTED_AGAINST = "voted_against", "Voted against"
    ABSTAINED = "abstained", "Abstained"
    SIGNED = "signed", "Endorsed or signed"
    RATIFIED = "ratified", "Ratified"
    JOINED = "joined", "Joined"
    DID_NOT_SIGN = "did_not_sign", "Did not sign"
    WITHDREW = "withdrew", "Withdrew"


# The position each act takes: charts keep one colour scheme whatever the act.
ACT_POSITION = {
    Act.PROPOSED: Position.PROPOSES,
    Act.STATED_SUPPORT: Position.SUPPORTS,
    Act.STATED_NEUTRAL: Position.NEUTRAL,
    Act.STATED_OPPOSITION: Position.OPPOSES,
    Act.CO_SPONSORED: Position.SUPPORTS,
    Act.VOTED_FOR: Position.SUPPORTS,
    Act.VOTED_AGAINST: Position.OPPOSES,
    Act.ABSTAINED: Position.ABSTAINS,
    Act.SIGNED: Position.SIGNS,
    Act.RATIFIED: Position.RATIFIES,
    Act.JOINED: Position.SIGNS,
    Act.DID_NOT_SIGN: Position.DECLINES,
    Act.WITHDREW: Position.WITHDRAWS,
}

# What a position alone says of the act, for records that only name a position (the news analysis,
# older files): the act a curator would most often find behind it.
POSITION_ACT = {
    Position.PROPOSES: Act.PROPOSED,
    Position.SUPPORTS: Act.STATED_SUPPORT,
    Position.SIGNS: Act.SIGNED,
    Position.RATIFIES: Act.RATIFIED,
    Position.NEUTRAL: Act.STATED_NEUTRAL,
    Position.ABSTAINS: Act.ABSTAINED,
    Position.OPPOSES: Act.STATED_OPPOSITION,
    Position.DECLINES: Act.DID_NOT_SIGN,
    Position.WITHDRAWS: Act.WITHDREW,
}

# The acts of a recorded vote: each belongs to a Vote, one per state that voted.
VOTE_ACTS = {Act.VOTED_FOR, Act.VOTED_AGAINST, Act.ABSTAINED}

POSITION_COLOURS = {
    # Told apart by readers with protanopia, deuteranopia or tritanopia as well as by everyone else:
    # tests/test_palette.py simulates each (Machado et al. 2009) and keeps every pair, and the map's
    # no-position grey, at least 15 CIEDE2000 apart. Lightness carries the order within a family.
    # Supportive: cool blues, darkest for the strongest commitment; the author of a proposal in teal.
    Position.PROPOSES: "#43949e",
    Position.RATIFIES: "#14204d",
    Position.SIGNS: "#3d54ad",
    Position.SUPPORTS: "#95d1ff",
    # Neither for nor against: greys (a stated neutral position darker than an abstention).
    Position.NEUTRAL: "#535353",
    Position.ABSTAINS: "#a6a791",
    # Opposing: warm ambers and browns, darkest for walking away.
    Position.DECLINES: "#fcb145",
    Position.OPPOSES: "#b35808",
    Position.WITHDRAWS: "#5a1c09",
}

# Direction of a position, used for agreement scores and for matching suggestions to labels.
POSITION_DIRECTION = {
    Position.PROPOSES: 1,
    Position.SUPPORTS: 1,
    Position.SIGNS: 1,
    Position.RATIFIES: 1,
    Position.NEUTRAL: 0,
    Position.ABSTAINS: 0,
    Position.OPPOSES: -1,
    Position.DECLINES: -1,
    Position.WITHDRAWS: -1,
}

# Order used on charts and in legends: from strongest support to strongest opposition.
POSITION_ORDER = [
    Position.PROPOSES,
    Position.RATIFIES,
    Position.SIGNS,
    Position.SUPPORTS,
    Position.NEUTRAL,
    Position.ABSTAINS,
    Position.DECLINES,
    Position.OPPOSES,
    Position.WITHDRAWS,
]

# Acts in the order a framework's page lists them: commitments first, then votes, then refusals.
ACT_ORDER = [
    Act.PROPOSED,
    Act.RATIFIED,
    Act.SIGNED,
    Act.JOINED,
    Act.CO_SPONSORED,
    Act.VOTED_FOR,
    Act.STATED_SUPPORT,
    Act.STATED_NEUTRAL,
    Act.ABSTAINED,
    Act.DID_NOT_SIGN,
    Act.VOTED_AGAINST,
    Act.STATED_OPPOSITION,
    Act.WITHDREW,
]


class SourceKind(models.TextChoices):
    PRIMARY = (
        "primary",
        "Primary (the depositary, the host government, the UN's or the organisation's own record)",
    )
    SECONDARY = "secondary", "Secondary (news, analysis, third-party datasets)"


class VoteBody(models.TextChoices):
    PLENARY = "plenary", "General Assembly plenary"
    FIRST_COMMITTEE = "first_committee", "First Committee"
    OTHER = "other", "Other body"


class ParticipationRole(models.TextChoices):
    ATTENDED = "attended", "Attended"
    INVITED = "invited", "Invited"


class RatificationKind(models.TextChoices):
    """What "ratifies" stood for in the depositary's record."""

    RATIFICATION = "ratification", "Ratification"
    ACCEPTANCE = "acceptance", "Acceptance"
    APPROVAL = "approval", "Approval"
    ACCESSION = "accession", "Accession"


class StanceStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Pending review"
    REJECTED = "rejected", "Rejected"


class StanceOrigin(models.TextChoices):
    CURATED = "curated", "Curated"
    INGESTED = "ingested", "Suggested from the news"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class ArticleKind(models.TextChoices):
    NEWS = "news", "News"
    OFFICIAL = "official", "Official"
    ANALYSIS = "analysis", "Analysis"


class FetchStatus(models.TextChoices):
    REFERENCE = "reference", "Reference only (not fetched)"
    PENDING = "pending", "Waiting to be fetched"
    FETCHED = "fetched", "Fetched"
    ANALYSED = "analysed", "Analysed"
    FAILED = "failed", "Failed"
