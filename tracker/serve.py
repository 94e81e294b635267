"""Serve a built site on 127.0.0.1: the `serve` command (build, then rebuild on change) and a folder server.

The folder server is also what the browser tests and the benchmark use: loopback only, any free port.
The `serve` command serves the site at its own path (mkdocs.yml's `site_url`: /tracker/), as it is
published, so that the 404 page, whose links are absolute, looks the same as online
(`SiteHandler`).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tracker.site import Paths, build, site_path


def serve(port: int = 8000, paths: Paths | None = None) -> int:
    """Build, serve the output on 127.0.0.1, and rebuild when the data, templates or pages change."""
    paths = paths or Paths()
    if build(paths) != 0 and not paths.out.exists():
        return 1
    base = site_path(paths.config)
    server = serve_folder(paths.out, port, SiteHandler, base)
    print(f"serving http://127.0.0.1:{port}{base} (Ctrl+C to stop); watching datapackage/, site/ and mkdocs.yml")
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


class SiteHandler(QuietHandler):
    """A built site at its path on the host (`base`: "/tracker/"), as GitHub Pages serves it: an
    address outside that path is redirected into it, and one that leads to no file gets the site's
    404 page (a language's own below its folder: /tracker/vi/... gets vi/404.html), status 404."""

    base = "/"

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.base) :] if path.startswith(self.base) else path)

    def do_GET(self) -> None:
        if self._inside():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._inside():
            super().do_HEAD()

    def _inside(self) -> bool:
        if self.path.startswith(self.base):
            return True
        self.send_response(302)
        self.send_header("Location", self.base + self.path.lstrip("/") if self.path + "/" != self.base else self.base)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._not_found() if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self) -> Path | None:
        root = Path(self.directory)
        first = self.path[len(self.base) :].split("/", 1)[0]  # a language's folder: vi
        for page in ([root / first / "404.html"] if first.isalpha() else []) + [root / "404.html"]:
            if page.is_file():
                return page
        return None


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that stops reading a response (a page left before an image loaded) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_folder(
    folder: Path, port: int = 0, handler_class: type[QuietHandler] = QuietHandler, base: str = "/"
) -> http.server.ThreadingHTTPServer:
    """Serve a folder on 127.0.0.1 from a background thread (port 0: any free port); call shutdown().
    With a SiteHandler, at the path `base` ("/tracker/")."""
    kind = type(handler_class.__name__, (handler_class,), {"base": base}) if base != "/" else handler_class
    handler = functools.partial(kind, directory=str(folder))
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
