"""The "Get help now" page, built from the same contacts as the safety check's reply.

Linked from every web chat page at all times. Its numbers come only from
``data/safety/signposting.yml`` (national services) and the council's deploy-time
configuration (``BATON_FRONT_DOOR_PHONE``, ``BATON_OUT_OF_HOURS_PHONE``), so the page
and the chat can never disagree, and a council line that has not been supplied is
shown as "to be supplied", never invented. Rendered once at start-up.
"""

from __future__ import annotations

import logging
import re
from html import escape
from pathlib import Path
from string import Template

from aiohttp import web

from bot.safety import NATIONAL_ONLY, Contact, Signposting, SignpostingError, load_signposting

log = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent / "templates" / "help-now.html"
HELP_PAGE = web.AppKey("help_page", str)

NATIONAL_LINES = ("childline", "nspcc", "samaritans", "shout")
COUNCIL_LINES = ("front_door", "out_of_hours")
NOT_SUPPLIED = (
    "Contact details to be supplied by Darlington Borough Council before this page is published."
)
_NOT_DIALLED = re.compile(r"[^0-9+]")


def tel_href(number: str) -> str:
    """``tel:`` with only digits and a leading plus, whatever spacing the number has."""
    return "tel:" + _NOT_DIALLED.sub("", number)


def _how_to_reach(contact: Contact) -> str:
    number = contact.number or ""
    if contact.how == "text":
        # Only http(s), tel and mailto links on these pages: a text line is written out.
        word = f"the word {escape(contact.text_word)} " if contact.text_word else ""
        return f'<span class="contact">Text {word}to {escape(number)}</span>'
    return f'<a class="contact" href="{escape(tel_href(number))}">Call {escape(number)}</a>'


def contact_item(contact: Contact) -> str:
    """One service as a list item: its name, who it is for, and how to reach it."""
    name = f'<span class="name">{escape(contact.name)}</span>'
    audience = f"For {escape(contact.audience)}."
    if not contact.available:
        how = f'<span class="placeholder">{escape(NOT_SUPPLIED)}</span>'
    else:
        how = _how_to_reach(contact)
    return f"      <li>\n        {name}\n        {audience}\n        <br>{how}\n      </li>"


def render(signposting: Signposting) -> str:
    def items(keys: tuple[str, ...]) -> str:
        found = (signposting.get(key) for key in keys)
        return "\n".join(contact_item(contact) for contact in found if contact is not None)

    emergency = signposting.get("emergency") or NATIONAL_ONLY.contacts["emergency"]
    number = emergency.number or "999"
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        emergency=(
            "If a child or anyone else is in danger right now, call "
            f'<a href="{escape(tel_href(number))}">{escape(number)}</a>.'
        ),
        national=items(NATIONAL_LINES),
        council=items(COUNCIL_LINES)
        or f'      <li><span class="placeholder">{escape(NOT_SUPPLIED)}</span></li>',
    )


def _signposting() -> Signposting:
    try:
        return load_signposting()
    except (SignpostingError, OSError, ValueError):
        log.exception("signposting contacts unreadable: help page shows national lines only")
        return NATIONAL_ONLY


async def help_now(request: web.Request) -> web.Response:
    return web.Response(text=request.app[HELP_PAGE], content_type="text/html", charset="utf-8")


def setup_help_page(app: web.Application, signposting: Signposting | None = None) -> None:
    """Render the page now (configuration is read at start-up) and serve it at /help-now."""
    app[HELP_PAGE] = render(signposting if signposting is not None else _signposting())
    app.router.add_get("/help-now", help_now)
