"""The address a request came from: the TCP peer, or the client behind a trusted proxy.

Login throttling (bot/console/throttle.py) and the family API's flood limits
(bot/gateway/ratelimit.py) count per client address. Behind a reverse proxy every
request's peer is the proxy, so a proxy listed in ``BATON_TRUSTED_PROXIES`` has its
``X-Forwarded-For`` read; nobody else's is (any client can send one). docs/deploy.md.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web

UNKNOWN_ADDRESS = "unknown"


def forwarded_client(
    remote: str | None, forwarded_for: str | None, trusted_proxies: tuple[str, ...]
) -> str | None:
    """The client's address: ``remote``, or, when ``remote`` is a trusted proxy, the last
    address in ``X-Forwarded-For`` that is not one (each proxy appends the address it saw,
    so entries before that are whatever the client chose to send)."""
    networks = [ipaddress.ip_network(proxy, strict=False) for proxy in trusted_proxies]

    def trusted(address: str | None) -> bool:
        try:
            parsed = ipaddress.ip_address((address or "").strip())
        except ValueError:
            return False
        return any(parsed in network for network in networks)

    if not networks or not trusted(remote) or not forwarded_for:
        return remote
    for hop in reversed(forwarded_for.split(",")):
        if not trusted(hop):
            return hop.strip() or remote
    return remote


def address_group(remote: str | None) -> str:
    """The address counted: IPv4 as is, IPv6 by its /64 (what one subscriber is given)."""
    if not remote:
        return UNKNOWN_ADDRESS
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return UNKNOWN_ADDRESS
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def client_address(request: web.Request, trusted_proxies: tuple[str, ...]) -> str | None:
    """:func:`forwarded_client` for an aiohttp request."""
    return forwarded_client(
        request.remote, request.headers.get("X-Forwarded-For"), trusted_proxies
    )


__all__ = ["UNKNOWN_ADDRESS", "address_group", "client_address", "forwarded_client"]
