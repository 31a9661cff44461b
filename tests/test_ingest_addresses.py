"""The fetcher's address filter: only globally routable addresses, whatever form they are written in.

The oracle below is the IANA special-purpose registries written out as data, entry by entry (not the
filter's own tables); random addresses are drawn around every entry's edges as well as uniformly.
"""

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatives.ingest.addresses import refusal

# IANA IPv4 Special-Purpose Address Registry: the entries whose "Globally Reachable" is False (or
# N/A), with the whole IETF protocol block 192.0.0.0/24 (Oracle Cloud's metadata service is in it),
# and multicast, which is not unicast at all.
IANA_IPV4_NOT_GLOBAL = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.0.0/29",
    "192.0.0.8/32",
    "192.0.0.170/31",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "240.0.0.0/4",
    "255.255.255.255/32",
    "224.0.0.0/4",
]
# IANA IPv6 Special-Purpose Address Registry, inside global unicast 2000::/3 (everything outside it is
# not global unicast: loopback, unspecified, discard, unique-local, link-local, multicast...).
IANA_IPV6_NOT_GLOBAL_IN_2000 = ["2001::/23", "2001:2::/48", "2001:db8::/32", "2001:10::/28", "3fff::/20"]
# Forms that carry an IPv4 address: judged by the address they lead to.
WRAPPERS = ["::ffff:0:0/96", "64:ff9b::/96", "2002::/16", "2001::/32"]
METADATA = [
    "169.254.169.254",
    "fd00:ec2::254",
    "100.100.100.200",
    "192.0.0.192",
    "fd20:ce::254",
    "168.63.129.16",
]
PRIVATE_ALLOWED_BY_THE_FLAG = [
    "127.0.0.0/8",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "::1/128",
    "fc00::/7",
]


_NETWORKS: dict[str, ipaddress.IPv4Network | ipaddress.IPv6Network] = {}


def _in(address, cidrs):
    for cidr in cidrs:
        network = _NETWORKS.get(cidr) or _NETWORKS.setdefault(cidr, ipaddress.ip_network(cidr))
        if network.version == address.version and address in network:
            return True
    return False


def carried_ipv4(address):
    """The IPv4 addresses an IPv6 address leads to (the oracle's own reading of RFC 4291, 6052, 3056, 4380)."""
    value = int(address)
    if _in(address, ["::ffff:0:0/96", "64:ff9b::/96"]):
        return [ipaddress.IPv4Address(value & 0xFFFFFFFF)]
    if _in(address, ["2002::/16"]):
        return [ipaddress.IPv4Address((value >> 80) & 0xFFFFFFFF)]
    if _in(address, ["2001::/32"]):
        return [ipaddress.IPv4Address((value >> 64) & 0xFFFFFFFF), ipaddress.IPv4Address(~value & 0xFFFFFFFF)]
    return []


def is_global(address) -> bool:
    if address.version == 4:
        return not _in(address, IANA_IPV4_NOT_GLOBAL)
    carried = carried_ipv4(address)
    if carried:
        return all(is_global(ipv4) for ipv4 in carried)
    return address in ipaddress.ip_network("2000::/3") and not _in(address, IANA_IPV6_NOT_GLOBAL_IN_2000)


def is_metadata(address) -> bool:
    targets = [address, *([] if address.version == 4 else carried_ipv4(address))]
    return any(str(target) in METADATA for target in targets)


def around(cidr):
    """Addresses in a block, biased to its first and last few and to one step outside it."""
    network = ipaddress.ip_network(cidr)
    first, last = int(network.network_address), int(network.broadcast_address)
    top = 2**network.max_prefixlen - 1
    offset = st.one_of(st.integers(0, 3), st.integers(0, last - first))
    picks = st.one_of(
        offset.map(lambda n: first + min(n, last - first)),
        offset.map(lambda n: last - min(n, last - first)),
        st.sampled_from([max(first - 1, 0), min(last + 1, top)]),
    )
    make = ipaddress.IPv4Address if network.version == 4 else ipaddress.IPv6Address
    return picks.map(make)


def wrapped(ipv4_strategy):
    """An IPv4 address in each IPv6 form that carries one."""

    def forms(ipv4):
        value = int(ipv4)
        return st.sampled_from(
            [
                ipaddress.IPv6Address((0xFFFF << 32) | value),
                ipaddress.IPv6Address((0x64FF9B << 96) | value),
                ipaddress.IPv6Address((0x2002 << 112) | (value << 80) | 1),
                # Teredo: a global server, the client's address inverted in the low 32 bits.
                ipaddress.IPv6Address(
                    (0x20010000 << 96)
                    | (int(ipaddress.IPv4Address("65.54.227.120")) << 64)
                    | (~value & 0xFFFFFFFF)
                ),
            ]
        )

    return ipv4_strategy.flatmap(forms)


ALL_BLOCKS = (
    IANA_IPV4_NOT_GLOBAL
    + IANA_IPV6_NOT_GLOBAL_IN_2000
    + WRAPPERS
    + PRIVATE_ALLOWED_BY_THE_FLAG
    + [
        "2000::/3",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
        "::/96",
        "100::/64",
        "5f00::/16",
        "64:ff9b:1::/48",
    ]
)
IPV4 = st.one_of(
    st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address), *(around(c) for c in IANA_IPV4_NOT_GLOBAL)
)
ADDRESSES = st.one_of(
    IPV4,
    st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address),
    *(around(cidr) for cidr in ALL_BLOCKS),
    wrapped(IPV4),
    st.sampled_from(METADATA).map(ipaddress.ip_address),
)


@settings(max_examples=2500, deadline=None)
@given(ADDRESSES)
def test_an_address_is_allowed_exactly_when_it_is_globally_routable(address):
    reason = refusal(address)
    assert (reason is None) == (is_global(address) and not is_metadata(address)), (str(address), reason)
    if address.version == 4 and not address.is_global:
        assert reason, "Python's own table is narrower than IANA's; nothing it calls non-global passes"


@settings(max_examples=2500, deadline=None)
@given(ADDRESSES)
def test_the_private_networks_flag_lets_through_private_networks_and_nothing_else(address):
    reason = refusal(address, allow_private=True)
    targets = [address, *([] if address.version == 4 else carried_ipv4(address))]
    readable = all(is_global(t) or _in(t, PRIVATE_ALLOWED_BY_THE_FLAG) for t in targets[1:] or targets)
    assert (reason is None) == (readable and not is_metadata(address)), (str(address), reason)


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("100.100.100.200", "cloud metadata"),
        ("192.0.0.192", "cloud metadata"),
        ("192.0.0.1", "IETF protocol"),
        ("2002:a9fe:a9fe::1", "6to4 address of 169.254.169.254"),
        ("::ffff:169.254.169.254", "IPv4-mapped address of 169.254.169.254"),
        ("64:ff9b::a9fe:a9fe", "NAT64 address of 169.254.169.254"),
        ("2001:0:4136:e378:8000:63bf:3f57:fefe", "Teredo address (client) of 192.168.1.1"),
        ("100.64.0.1", "shared address"),
        ("240.0.0.1", "reserved"),
        ("198.18.0.1", "benchmarking"),
        ("::127.0.0.1", "outside IPv6 global unicast"),
        ("2001:db8::1", "documentation"),
    ],
)
def test_each_address_the_probe_found_is_refused(address, why):
    reason = refusal(address)
    assert reason and why in reason


@pytest.mark.parametrize(
    "address",
    [
        "fd00:ec2::254",
        "240.0.0.1",
        "169.254.169.254",
        "100.100.100.200",
        "192.0.0.192",
        "fd20:ce::254",
        "[::ffff:a9fe:a9fe]",
    ],
)
def test_metadata_and_reserved_addresses_stay_refused_with_private_networks_allowed(address):
    assert refusal(address.strip("[]"), allow_private=True)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"],
)
def test_public_addresses_may_be_fetched(address):
    assert refusal(address) is None


def test_an_ipv6_zone_is_ignored():
    assert "link-local" in refusal("fe80::1%eth0")
