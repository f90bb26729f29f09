"""Flood limits on the family API: new conversations per client address, messages per
conversation.

Each new conversation costs a database row and a Rasa turn (the greeting), each message
a Rasa turn: without a limit one script could fill the database and keep Rasa busy for
every family. The limits are far above what a person does (a household opening twenty
chats a minute, anyone typing a message a second) and are kept in each gateway's memory:
with several gateways a flood is cut at the limit times the number of gateways, which is
what a limit on floods needs. A message that the safety check takes for a disclosure is
never held back (``family_api``).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0
MAX_KEYS = 100_000
"""Keys remembered at once; the least recently seen are forgotten first (memory bound)."""


class SlidingWindowLimiter:
    """At most ``limit`` events per key in any ``window`` seconds (0: no limit)."""

    def __init__(
        self,
        limit: int,
        window: float = WINDOW_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.limit, self.window, self._clock, self._max_keys = limit, window, clock, max_keys
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str) -> int | None:
        """Count an event for ``key``; ``None`` if allowed, else whole seconds to wait.

        A refused event is not counted, so a client that keeps trying is let in again as
        soon as its oldest counted event leaves the window.
        """
        if self.limit <= 0:
            return None
        now = self._clock()
        events = self._events.pop(key, None) or deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        self._events[key] = events  # now the most recently seen
        if len(events) >= self.limit:
            return max(1, math.ceil(events[0] + self.window - now))
        events.append(now)
        while len(self._events) > self._max_keys:
            self._events.popitem(last=False)
        return None


__all__ = ["SlidingWindowLimiter"]
