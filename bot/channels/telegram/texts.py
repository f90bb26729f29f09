"""The Telegram channel's own fixed replies.

They describe the channel (what it can read, how to stop it), not Darlington's
services: everything about services comes from Rasa and the content files.
"""

from __future__ import annotations

HELP = (
    "I'm Baton, an automated assistant for Darlington Borough Council's children's "
    "services.\n\n"
    "I can:\n"
    "- answer questions about services and support for families and care leavers\n"
    '- pass your message to a member of staff: just say "talk to a person"\n\n'
    "I can only read text messages.\n"
    "/help shows this message. /stop stops messages from me and staff here.\n\n"
    "If you or someone else is in danger, call 999."
)

STOPPED = (
    "OK, I won't send you any more messages here, and staff replies won't be sent "
    "either. Write to me again whenever you want to carry on.\n\n"
    "If you or someone else is in danger, call 999."
)

WELCOME_BACK = "Welcome back. " + HELP

# These two answer words Baton never reads (a caption, an edit), so they signpost 999 too.
MEDIA = (
    "Sorry, I can only read text messages, so I haven't kept that. "
    "Please type your message instead. If you or someone else is in danger, call 999."
)

EDITED = (
    "I can't see changes to a message after it's sent. Please send what you meant as a new message."
)

OPTION_UNAVAILABLE = "That option is no longer available"

NOT_PROCESSED = (
    "Sorry, something went wrong on our side and I couldn't read your last message. "
    "Please send it again. If you or someone else is in danger, call 999."
)

# Telegram needs some text above buttons; Rasa can send buttons without any.
CHOOSE = "Please choose an option:"
