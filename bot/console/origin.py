"""Logins must come from the console's own pages (login CSRF).

A cross-site page can make a browser post to the login, logging a practitioner in as
someone else, whose account then receives what they type. Browsers say where a request
comes from: ``Origin`` on every cross-origin POST, ``Sec-Fetch-Site`` in current
browsers. A login whose ``Origin`` is present and is not the console's own, or that the
browser marks ``cross-site``, is refused. A client that sends neither is not a browser
a page can drive.

``Origin: null`` is ambiguous. The console's pages are served with
``Referrer-Policy: no-referrer``, and under that policy browsers send ``null`` even for
the console's own login form; sandboxed frames on any site send it too. It is accepted
only when the browser also says ``Sec-Fetch-Site: same-origin`` (browsers since 2023).

The console's own origin is the one the request was addressed to (scheme and
``Host``) and, behind a TLS proxy that rewrites those, ``BATON_PUBLIC_URL``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from bot.config import Settings

DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def parse_origin(text: str) -> Origin | None:
    """``(scheme, host, port)`` of an origin such as ``https://example.org:8443``, or None."""
    parts = urlsplit(text.strip())
    try:
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def own_origins(request: web.Request, settings: Settings) -> set[Origin]:
    candidates = [f"{request.scheme}://{request.host}"]
    if settings.public_url:
        candidates.append(settings.public_url)
    return {origin for origin in map(parse_origin, candidates) if origin is not None}


def is_cross_site(request: web.Request, settings: Settings) -> bool:
    """True when a browser says this request was made by another site's page."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    if fetch_site == "cross-site":
        return True
    presented = request.headers.getall("Origin", [])
    if not presented:
        return False
    if len(presented) > 1:
        return True
    if presented[0].strip() == "null":
        return fetch_site != "same-origin"
    origin = parse_origin(presented[0])
    return origin is None or origin not in own_origins(request, settings)
