"""What the browser tests need from the machine: Debian's Chromium and a pinned axe-core.

Playwright's own browser downloads are never used (they cannot be fetched here, and CI
must test the browser the project installs): ``apt-get install -y chromium``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("BATON_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium floods a closed network with
# update, sync and safe-browsing requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# axe-core is pinned and kept in the repository (MPL-2.0, licence beside it); it is
# injected into pages only by these tests. tests/web/vendor/README.md re-fetches it.
AXE_VERSION = "4.14.1"
AXE_PATH = Path(__file__).resolve().parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


def require_chromium(path: Path = CHROMIUM) -> None:
    """Skip without Chromium on a developer's machine; fail in CI, which must not skip."""
    if path.is_file() and os.access(path, os.X_OK):
        return
    message = f"Chromium is not installed at {path} (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI must not skip the browser tests", pytrace=False)
    pytest.skip(message)


def axe_source() -> str:
    """The pinned axe-core, refused if the file is not the one that was pinned."""
    data = AXE_PATH.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != AXE_SHA256:
        raise AssertionError(f"{AXE_PATH} is not axe-core {AXE_VERSION} (sha256 {digest})")
    return data.decode("utf-8")
