"""Extensions loaded by the Rasa server process (Python 3.10, Rasa 3.6, SQLAlchemy 1.4).

Nothing here may import the rest of ``bot`` (which needs the app environment); Rasa
imports these modules by the dotted path given in ``endpoints.yml``, with the
repository root on ``PYTHONPATH`` (``bot.stack`` sets it).
"""

from bot.rasa_ext.log_redaction import install as _install_log_redaction

_install_log_redaction()
