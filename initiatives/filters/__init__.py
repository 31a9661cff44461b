"""One filtering layer for the list pages, the CSV exports and the JSON API.

The same parameter names work everywhere: a dashboard form, an `/export/<kind>.csv` link and an
`/api/v1/...` request with the same query string return the same rows. Each FilterSet documents
its parameters in its docstring.

Conventions shared by every FilterSet:

- Lists: a parameter that takes several values accepts them repeated (`?actor=CHN&actor=USA`) or
  comma-separated (`?actor=CHN,USA`); values are ORed. Actor codes match case-insensitively,
  slugs too.
- Unknown values are errors, never silently ignored: an unknown actor code, a position that does
  not exist or a malformed date makes the whole request invalid (`FilterError`, shown as a 400).
- Dates: `date_from` / `date_to` take YYYY, YYYY-MM or YYYY-MM-DD and are inclusive at that
  precision (`date_to=2024` runs to 31 December 2024). `as_of` takes YYYY-MM-DD only.
- `as_of=YYYY-MM-DD`: the record as it stood on that date (AsOf): what happened later is left out
  (stances, articles and summits dated after it, frameworks proposed after it, memberships begun
  after it). Without it the view is of today, so `as_of=<today>` and no `as_of` give the same rows.
  Stances with `current=true` are each actor's position on each framework on that date
  (StanceQuerySet.as_of, the product's one rule).
- Parameters nobody reads are errors (a misspelt `positon=` would filter nothing): the same 400 on
  pages, CSV and API (check_parameter_names). Campaign-tracking parameters (utm_*, fbclid, gclid)
  and the cache buster `_` are ignored everywhere.
"""

from ..params import FilterError, invalid
from .fields import (
    MAX_LIST_VALUES,
    UNPUBLISHED_STANCE_PERMISSION,
    ChoiceListField,
    CodeListField,
    IsoDayField,
    ListWidget,
    PartialDateField,
    StrictBooleanField,
    members_of,
    parse_as_of,
    period_end,
)
from .responses import IGNORED_PARAMETERS, bad_filters_response, check_parameter_names, reports_filter_errors
from .sets import (
    ActorFilter,
    ArticleFilter,
    BaseFilterSet,
    FrameworkFilter,
    MembershipFilter,
    StanceFilter,
    SummitFilter,
    VoteFilter,
    apply_filters,
    parameter_help,
)

__all__ = [
    "IGNORED_PARAMETERS",
    "MAX_LIST_VALUES",
    "UNPUBLISHED_STANCE_PERMISSION",
    "ActorFilter",
    "ArticleFilter",
    "BaseFilterSet",
    "ChoiceListField",
    "CodeListField",
    "FilterError",
    "FrameworkFilter",
    "IsoDayField",
    "ListWidget",
    "MembershipFilter",
    "PartialDateField",
    "StanceFilter",
    "StrictBooleanField",
    "SummitFilter",
    "VoteFilter",
    "apply_filters",
    "bad_filters_response",
    "check_parameter_names",
    "invalid",
    "members_of",
    "parameter_help",
    "parse_as_of",
    "period_end",
    "reports_filter_errors",
]
