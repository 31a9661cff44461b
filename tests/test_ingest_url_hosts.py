"""URL normalisation keeps only addresses it can write canonically (findings of make fuzz)."""

import pytest

from initiatives.ingest.urls import InvalidURL, normalise_url


@pytest.mark.parametrize(
    "raw",
    [
        "http://¨/",  # IDNA maps it to a name with a space in it
        "http://a..b/",
        "http://ex ample.org/",
        "http://[::zz]/",
        "http://exa\x00mple.org/",
        "http://example.org/\x7f",
        "http://\ud800.org/",
    ],
)
def test_an_address_whose_host_cannot_be_an_internet_name_is_refused(raw):
    with pytest.raises(InvalidURL):
        normalise_url(raw)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("http://中国.cn/新闻", "http://xn--fiqs8s.cn/新闻"),
        ("http://[FE80::1%25eth0]:80/", "http://[fe80::1%25eth0]/"),
        ("http://user:secret@Example.org/a", "http://example.org/a"),
        ("http://example.org/a b\n/c?q=x y", "http://example.org/a%20b/c?q=x+y"),
        ("http://under_score.example.org/", "http://under_score.example.org/"),
    ],
)
def test_normalising_is_canonical_and_idempotent(raw, normal):
    assert normalise_url(raw) == normal
    assert normalise_url(normal) == normal
