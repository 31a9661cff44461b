from ..querysets import StanceQuerySet
from .stances import Stance


class Suggestion(Stance):
    """The review queue: stances suggested from the news, waiting for a curator.

    A proxy of Stance so that the queue has its own admin page beside the records admin. Saves go
    through Stance (initiatives.ingest.review), which keeps the change history.
    """

    objects = StanceQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "suggestion to review"
        verbose_name_plural = "review queue"
