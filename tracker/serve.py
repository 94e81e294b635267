"""Serve a built site on 127.0.0.1: the `serve` command (build, then rebuild on change) and a folder server.

The folder server is also what the browser tests and the benchmark use: loopback only, any free port.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tracker.site import Paths, build


def serve(port: int = 8000, paths: Paths | None = None) -> int:
    """Build, serve the output on 127.0.0.1, and rebuild when the data, templates or pages change."""
    paths = paths or Paths()
    if build(paths) != 0 and not paths.out.exists():
        return 1
    server = serve_folder(paths.out, port)
    print(f"serving http://127.0.0.1:{port}/ (Ctrl+C to stop); watching datapackage/, site/ and mkdocs.yml")
    watched = [paths.package, paths.config.parent / "site", paths.config]
    seen = _snapshot(watched)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(watched)
            if now != seen:
                seen = now
                print("change detected: rebuilding")
                build(paths)
    finally:
        server.shutdown()


def _snapshot(paths: list[Path]) -> dict[Path, float]:
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()]
    return {p: p.stat().st_mtime for p in files}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A folder's files, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that stops reading a response (a page left before an image loaded) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_folder(
    folder: Path, port: int = 0, handler_class: type[QuietHandler] = QuietHandler
) -> http.server.ThreadingHTTPServer:
    """Serve a folder on 127.0.0.1 from a background thread (port 0: any free port); call shutdown()."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
