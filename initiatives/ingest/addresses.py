"""Which network addresses the fetcher may connect to: globally routable unicast only.

The rule is an allow-list, not a list of ranges someone remembered to refuse:

- IPv4: any unicast address outside the ranges of the IANA IPv4 Special-Purpose Address Registry
  that are not globally reachable (private, shared/CGN 100.64.0.0/10, loopback, link-local, the
  IETF block 192.0.0.0/24, documentation, benchmarking, reserved 240.0.0.0/4, broadcast), and not
  multicast.
- IPv6: global unicast 2000::/3 only, less the registry's non-global blocks inside it
  (documentation, benchmarking, ORCHID, the IETF block 2001::/23, ...). Everything outside 2000::/3
  (loopback, unique-local fc00::/7, link-local, site-local, multicast, discard, IPv4-compatible) is
  refused.
- An IPv6 address that carries an IPv4 address (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96,
  6to4 2002::/16, Teredo 2001::/32) is judged by the IPv4 address it leads to: 2002:a9fe:a9fe::1
  is 169.254.169.254 by another name.

INGEST_ALLOW_PRIVATE_NETWORKS (tests, intranets) lets loopback, RFC 1918, shared (100.64.0.0/10)
and unique-local addresses through, nothing else. Cloud metadata services are refused whatever
the setting: they hand out the machine's credentials.
"""

from __future__ import annotations

import ipaddress
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

Address = IPv4Address | IPv6Address


def _networks(*cidrs: str) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


# Instance metadata, DNS and platform endpoints of cloud providers, refused even where private
# networks are allowed: AWS (IMDS, Route 53 resolver, time sync, ECS task metadata; and their IPv6
# forms), Google Cloud (IPv6 metadata), Azure (wireserver), Alibaba Cloud, Oracle Cloud, Tencent Cloud.
METADATA_ADDRESSES = _networks(
    "169.254.169.254/32",
    "169.254.169.253/32",
    "169.254.169.123/32",
    "169.254.170.2/32",
    "169.254.170.23/32",
    "169.254.0.23/32",
    "fd00:ec2::254/128",
    "fd00:ec2::253/128",
    "fd00:ec2::123/128",
    "fd00:ec2::23/128",
    "fd20:ce::254/128",
    "168.63.129.16/32",
    "100.100.100.200/32",
    "192.0.0.192/32",
)

# The IANA IPv4 special-purpose blocks that are not globally reachable, with what each one is.
# 192.0.0.0/24 is refused whole (its two anycast services are no news site, and Oracle Cloud's
# metadata service lives at 192.0.0.192). 192.88.99.0/24 is the deprecated 6to4 relay anycast.
IPV4_NOT_GLOBAL: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(cidr), reason)
    for cidr, reason in (
        ("0.0.0.0/8", "an unspecified or 'this network' address"),
        ("10.0.0.0/8", "a private network address"),
        ("100.64.0.0/10", "a shared address (carrier-grade NAT)"),
        ("127.0.0.0/8", "a loopback address (this machine)"),
        ("169.254.0.0/16", "a link-local address"),
        ("172.16.0.0/12", "a private network address"),
        ("192.0.0.0/24", "an IETF protocol address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a deprecated 6to4 relay address"),
        ("192.168.0.0/16", "a private network address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("255.255.255.255/32", "the broadcast address"),
    )
)

IPV6_GLOBAL_UNICAST = IPv6Network("2000::/3")
# Blocks inside 2000::/3 that are not globally reachable. The IPv4-carrying forms (Teredo in
# 2001::/32, 6to4) are unwrapped before these are read.
IPV6_NOT_GLOBAL: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(cidr), reason)
    for cidr, reason in (
        ("2001::/23", "an IETF protocol address"),
        ("2001:db8::/32", "a documentation address"),
        ("3fff::/20", "a documentation address"),
    )
)

# Where INGEST_ALLOW_PRIVATE_NETWORKS is on: these, and no other non-global address.
PRIVATE_NETWORKS = _networks(
    "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "::1/128", "fc00::/7"
)

NAT64 = IPv6Network("64:ff9b::/96")
SIX_TO_FOUR = IPv6Network("2002::/16")
TEREDO = IPv6Network("2001::/32")


def embedded_ipv4(address: IPv6Address) -> list[tuple[IPv4Address, str]]:
    """The IPv4 addresses an IPv6 address leads to, with the name of the form; [] if it carries none."""
    if address.ipv4_mapped is not None:
        return [(address.ipv4_mapped, "an IPv4-mapped address")]
    if address in NAT64:
        return [(IPv4Address(int(address) & 0xFFFFFFFF), "a NAT64 address")]
    if address.sixtofour is not None:
        return [(address.sixtofour, "a 6to4 address")]
    if address.teredo is not None:
        server, client = address.teredo
        return [(server, "a Teredo address (server)"), (client, "a Teredo address (client)")]
    return []


def _ipv4_refusal(address: IPv4Address, allow_private: bool) -> str | None:
    for network, reason in IPV4_NOT_GLOBAL:
        if address in network:
            if allow_private and any(address in private for private in PRIVATE_NETWORKS):
                return None
            return reason
    return None


def _ipv6_refusal(address: IPv6Address, allow_private: bool) -> str | None:
    if allow_private and any(address in private for private in PRIVATE_NETWORKS):
        return None
    if address not in IPV6_GLOBAL_UNICAST:
        if address.is_loopback:
            return "a loopback address (this machine)"
        if address in IPv6Network("fc00::/7"):
            return "a unique-local address (private network)"
        if address.is_link_local:
            return "a link-local address"
        if address.is_multicast:
            return "a multicast address"
        return "an address outside IPv6 global unicast (2000::/3)"
    for network, reason in IPV6_NOT_GLOBAL:
        if address in network:
            return reason
    return None


def refusal(address: Address | str, *, allow_private: bool = False) -> str | None:
    """Why the fetcher must not connect to an address, or None if it may."""
    if isinstance(address, str):
        address = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if any(address in network for network in METADATA_ADDRESSES):
        kind = _range_refusal(address, allow_private=False)
        return "a cloud metadata service" + (f" at {kind}" if kind else "")
    return _range_refusal(address, allow_private)


def _range_refusal(address: Address, allow_private: bool) -> str | None:
    if isinstance(address, IPv4Address):
        return _ipv4_refusal(address, allow_private)
    carried = embedded_ipv4(address)
    for ipv4, form in carried:
        reason = refusal(ipv4, allow_private=allow_private)
        if reason:
            return f"{form} of {ipv4}, {reason}"
    if carried:
        return None  # judged as the IPv4 address it leads to, which may be fetched
    return _ipv6_refusal(address, allow_private)
