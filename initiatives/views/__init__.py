"""The analyst dashboard: server-rendered pages over the same querysets and filters as the exports."""

from .actors import actor_detail, actor_list
from .articles import article_detail, article_list
from .chart_data import chart_data
from .dashboard import compare, home
from .frameworks import framework_detail, framework_list
from .summits import summit_detail, summit_list

__all__ = [
    "actor_detail",
    "actor_list",
    "article_detail",
    "article_list",
    "chart_data",
    "compare",
    "framework_detail",
    "framework_list",
    "home",
    "summit_detail",
    "summit_list",
]
