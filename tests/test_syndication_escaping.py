"""Atom feeds carry outside text (evidence, titles, publishers, summit names) as text, never as markup.

Each feed is parsed as XML, and each <summary type="html"> is then parsed as the HTML a feed reader
renders: it must hold no element at all, only the hostile text itself.
"""

import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from .factories import make_actor, make_article, make_framework, make_stance, make_summit

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = '<script>alert("evidence")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
ESCAPED_ONCE = "&lt;b&gt;already escaped&lt;/b&gt;"


class Elements(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def hostile_stance():
    actor = make_actor(code="HOS", name=f"Actor {IMAGE}")
    framework = make_framework(slug="hostile", name=f"Framework {SCRIPT}")
    summit = make_summit(slug="hostile-summit", name="Summit <iframe src=//evil.example>")
    source = make_article(
        title=f"Title {SCRIPT}", publisher=f"Publisher {IMAGE}", url="https://news.example.org/a?b=1&c=<x>"
    )
    return make_stance(
        actor=actor,
        framework=framework,
        summit=summit,
        source=source,
        date=dt.date(2025, 7, 26),
        evidence=f"Evidence {SCRIPT} {IMAGE} {ESCAPED_ONCE}",
    )


@pytest.mark.parametrize(
    "path", ["/feeds/changes.atom", "/feeds/frameworks/hostile.atom", "/feeds/actors/HOS.atom"]
)
def test_no_summary_holds_an_element(client, hostile_stance, path):
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    summaries = root.findall(f"{ATOM}entry/{ATOM}summary")
    assert summaries, "the hostile stance is in the feed"
    for summary in summaries:
        assert summary.get("type") == "html"
        assert len(summary) == 0, "no XML element inside the summary"
        rendered = Elements(summary.text)
        assert rendered.tags == [], f"a feed reader would render {rendered.tags} from {summary.text!r}"
        shown = "".join(rendered.text)
        for hostile in (SCRIPT, IMAGE, ESCAPED_ONCE, "<iframe src=//evil.example>", "c=<x>"):
            assert hostile in shown, "the text itself is kept, as text"
    for title in root.iter(f"{ATOM}title"):
        assert title.get("type") in (None, "text"), "titles are plain text, which readers do not render"
