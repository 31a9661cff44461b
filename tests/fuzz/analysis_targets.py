"""Fuzz target of the analysis: initiatives.analysis.analyse over texts built around known aliases."""

from __future__ import annotations

from hypothesis import strategies as st

from . import target

PHRASES = [
    "China",
    "Chinese",
    "Beijing",
    "Britain",
    "the United Kingdom",
    "United States",
    "WAICO",
    "the Organization",
    "World AI Cooperation Organization",
    "World Artificial Intelligence Cooperation Organization",
    "Council of Europe AI convention",
    "Framework Convention on Artificial Intelligence",
    "CETS 225",
    " signed ",
    " proposed ",
    " backs ",
    " opposes ",
    " withdrew from ",
    " declined to sign ",
    " ratified ",
    " did not ",
    " said ",
    ". ",
    "\n\n",
    ", ",
    "; ",
    "“",
    "”",
    "(",
    ")",
    "…",
    "APEC",
    "Shenzhen",
    "AI",
    "A.I.",
    "artificial intelligence",
    "’s",
    " an organisation for global AI cooperation ",
    "中国",
    "人工智能",
    "SHANGHAI (Reuters) - ",
    "Home | World | China",
    "\x00",
    "\ufeff",
    "\u200b",
]
TEXTS = st.tuples(
    st.one_of(
        st.lists(st.sampled_from(PHRASES), max_size=80).map("".join),
        st.text(max_size=1500),
        st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3).map("".join).map(lambda t: t * 40),
    ),
    st.one_of(st.none(), st.dates()),
    st.text(max_size=60),
)


def alias_index(request):
    """The ingestion tests' actors, frameworks and aliases (conftest.py), in a freshly built index."""
    request.getfixturevalue("governance_world")
    request.getfixturevalue("fresh_alias_index")
    from initiatives.ingest import alias_index as index

    return index.build()


@target("analysis", TEXTS, weight=2, setup=alias_index)
def analysis(case, index) -> None:
    """analyse: mentions and stance suggestions inside the text, confidences between 0 and 1."""
    from initiatives.analysis import analyse

    text, published, title = case
    result = analyse(text, index, published=published, title=title)
    for hit in result.mentions:
        assert 0 <= hit.start < hit.end <= len(text), hit
    for suggestion in result.stances:
        assert 0 <= suggestion.confidence <= 1, suggestion
