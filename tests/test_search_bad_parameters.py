"""Issue 14, item 1: searches nobody can answer are a clear 400 or an empty result page, never a 500,
on the page and the API (the pattern of tests/test_bad_parameters.py)."""

import pytest

pytestmark = pytest.mark.django_db

EMPTY_RESULTS = [
    "q=",
    "q=%20%20%20",
    "q=!!!%20%3F%3F%3F%20...",  # only punctuation
    "q=%22",  # a lone quote
    "q=%22unbalanced%20quote",
    "q=%22%22%22%22",
    "q=-only%20-negations",
    "q=or%20or%20or",
    "q=a%00b",  # NUL: PostgreSQL refuses it in any text
    "q=%00%00",
    "q=%E2%80%AE%F0%9F%A4%96",  # a direction override and an emoji
    "q=NEAR(a%20b)%20AND%20*%20%5E",  # FTS5's operators, read as words
    "q=%27%3B%20DROP%20TABLE%20x%3B--",
    "q=china&kind=stance&page=999999",  # past the end: the last page
]
BAD_REQUESTS = [
    ("q=" + "x" * 10_000, "at most 300 characters"),
    ("q=china&kind=bogus", "Not a kind of result"),
    ("q=china&kind=stance&page=%C2%B2", "page"),
    ("q=china&kind=stance&page=" + "9" * 5000, "page"),
    ("q=china&as_of=9999-12-31", "as_of"),
    ("q=china&qq=1", "Unknown parameter"),
]


@pytest.mark.parametrize("query", EMPTY_RESULTS)
def test_a_query_with_nothing_to_find_is_an_answer_not_an_error(client, dashboard_world, query):
    page = client.get(f"/search/?{query}")
    assert page.status_code == 200, query
    api = client.get(f"/api/v1/search/?{query}")
    assert api.status_code == 200, query
    assert isinstance(api.json()["results"], list)


@pytest.mark.parametrize(("query", "message"), BAD_REQUESTS)
def test_a_query_that_cannot_be_used_is_a_clear_400(client, dashboard_world, query, message):
    page = client.get(f"/search/?{query}")
    assert page.status_code == 400, query
    assert message in page.content.decode()
    api = client.get(f"/api/v1/search/?{query}")
    assert api.status_code == 400, query
    assert message in api.content.decode()
