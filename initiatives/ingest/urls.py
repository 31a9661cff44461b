"""URL normalisation: one spelling per page, so the same story reached through two links is one Article."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "cmpid",
        "ocid",
        "smid",
        "taid",
        "at_medium",
        "at_campaign",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "itm_", "__twitter", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Never part of an address: controls (NUL cannot even be stored in PostgreSQL) and lone surrogates
# (no UTF-8 form). Tabs and line breaks are dropped and spaces escaped, as browsers do.
_NEVER_IN_A_URL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")
_DROPPED = str.maketrans({"\t": None, "\n": None, "\r": None, " ": "%20"})


class InvalidURL(ValueError):
    """The text is not an http(s) address the ingester can fetch."""


def _canonical_host(host: str, url: str) -> str:
    """The host in lower-case ASCII (IDNA for international names), or InvalidURL if it cannot be one."""
    if ":" in host:  # an IPv6 literal (urlsplit took its brackets off); it keeps them
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError as error:
            raise InvalidURL(f"The address {url!r} has an invalid IPv6 host ({error}).") from error
        return f"[{host.lower()}]"
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise InvalidURL(
            f"The host name of {url!r} cannot be written as an internet name ({error})."
        ) from error
    if not _HOST_NAME.fullmatch(ascii_host):
        raise InvalidURL(f"The host name of {url!r} is not a valid internet name.")
    return ascii_host


def normalise_url(url: str) -> str:
    """The canonical form of a web address.

    Lower-case scheme and host, no default port, no fragment, no tracking parameters, the remaining
    parameters sorted, and no trailing slash except on the root path.
    """
    url = (url or "").strip().translate(_DROPPED)
    if _NEVER_IN_A_URL.search(url):
        raise InvalidURL(f"Not a valid web address: {url!r} (it holds a control character).")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InvalidURL(f"Not a valid web address: {url!r} ({error}).") from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidURL(f"Only http and https addresses can be fetched, not {url!r}.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise InvalidURL(f"The address {url!r} has no host name.")
    host = _canonical_host(host, url)
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))
