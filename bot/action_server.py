"""Run the action server (``python -m rasa_sdk ...``, same arguments) in one process.

rasa_sdk 3.21 serves through Sanic's worker manager even with one worker: the main
process imports the actions package (and, with ``BATON_WARM_ACTIONS=1``, builds the
knowledge base), then starts a manager process and a worker process that imports and
builds it all again, plus multiprocessing's resource tracker. Measured under the
benchmark: 436 MiB for that process tree, of which the worker itself was 201 MiB. Here
the same Sanic app (rasa_sdk's own factory, listeners and plugins) is served by Sanic's
single-process mode, in the process that imported the actions.

``ACTION_SERVER_SANIC_WORKERS`` (rasa_sdk's setting) above 1 still gets rasa_sdk's own
multi-process server; gRPC (``--grpc``) is rasa_sdk's own, unchanged.
"""

from __future__ import annotations

import logging
import os
from typing import Any

logger = logging.getLogger(__name__)


def serve_in_one_process(
    action_executor: Any,
    port: int,
    cors_origins: Any = "*",
    ssl_certificate: str | None = None,
    ssl_keyfile: str | None = None,
    ssl_password: str | None = None,
    auto_reload: bool = False,
    endpoints: str = "endpoints.yml",
) -> None:
    """``rasa_sdk.endpoint.run`` with the app served in this process."""
    from rasa_sdk import endpoint, utils
    from sanic import Sanic

    if auto_reload or utils.number_of_sanic_workers() > 1:
        endpoint.run(
            action_executor,
            port,
            cors_origins,
            ssl_certificate,
            ssl_keyfile,
            ssl_password,
            auto_reload,
            endpoints,
        )
        return
    app = endpoint.create_app_for_serve(
        action_executor, cors_origins=cors_origins, endpoints=endpoints
    )
    ssl = endpoint.create_ssl_config(ssl_certificate, ssl_keyfile, ssl_password)
    app.prepare(
        host=os.environ.get("SANIC_HOST", "0.0.0.0"),  # noqa: S104 (rasa_sdk's default)
        port=port,
        ssl=ssl,
        single_process=True,
    )
    logger.info(f"Action endpoint is up and running on port {port}, in one process")
    Sanic.serve_single(primary=app)


def main() -> None:
    import rasa_sdk.__main__ as rasa_sdk_main

    rasa_sdk_main.run = serve_in_one_process  # type: ignore[assignment]
    rasa_sdk_main.main()


if __name__ == "__main__":
    main()
