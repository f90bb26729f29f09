"""Privacy by design: the notice, retention, subject access and erasure.

- :mod:`bot.privacy.notice`: the short privacy notice every conversation starts with,
  and the words that bring it back ("privacy", "what do you do with my data").
- :mod:`bot.privacy.holdings`: everything held about one family, found generically
  (any table with a ``conversation_id`` or ``request_id`` column), for export and erasure.
- :mod:`bot.privacy.tracker`: the Rasa tracker store, which holds a second copy of what
  families wrote.
- :mod:`bot.privacy.retention`: the purge of what is older than the configured periods,
  except anything under a safeguarding hold.
- :mod:`bot.privacy.subject`: subject access (export) and erasure, audited.
- :mod:`bot.privacy.schedule`: the gateway's periodic purge.

See docs/privacy.md.
"""
