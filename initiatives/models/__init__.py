"""The governance data model: who takes which position on which AI framework, when, and on what evidence."""

# Follow and alerts keep their models in their own package; imported here so the app registers them.
from ..follow.models import Digest, DigestItem, Follow, Follower
from ..search.models import SearchDocument
from .actors import Actor, Membership
from .aliases import Alias
from .articles import Article, Feed, Mention, Publisher, Story
from .candidates import CandidateSighting, InitiativeCandidate
from .frameworks import Framework
from .review import Suggestion
from .stances import Stance, StanceSource
from .summits import Participation, Summit
from .votes import Tally, Vote

__all__ = [
    "Actor",
    "Alias",
    "Article",
    "CandidateSighting",
    "Digest",
    "DigestItem",
    "Follow",
    "Follower",
    "Feed",
    "Framework",
    "InitiativeCandidate",
    "Membership",
    "Mention",
    "Participation",
    "Publisher",
    "SearchDocument",
    "Stance",
    "StanceSource",
    "Suggestion",
    "Story",
    "Summit",
    "Tally",
    "Vote",
]
