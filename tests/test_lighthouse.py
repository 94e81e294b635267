"""The Lighthouse benchmark's parts that run without Lighthouse: the server that compresses as a static
host does, and the pages it audits (benchmarks/lighthouse.py; the audit itself is a benchmark, run by
`python build.py lighthouse`, not a test)."""

from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path

from benchmarks.bench import PERFORMANCE
from benchmarks.lighthouse import METRICS, RESULTS, pages, serve_compressed, table


def fetch(url: str, gzip_ok: bool = True) -> tuple[str | None, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request) as response:  # noqa: S310 (loopback)
        return response.headers.get("Content-Encoding"), response.read()


def test_the_server_gzips_text_as_a_static_host_does(built_site: Path) -> None:
    server = serve_compressed(built_site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        encoding, body = fetch(base)
        assert encoding == "gzip" and gzip.decompress(body) == (built_site / "index.html").read_bytes()
        css = next((built_site / "assets" / "stylesheets").glob("main.*.css"))
        encoding, body = fetch(base + css.relative_to(built_site).as_posix())
        assert encoding == "gzip" and len(body) < css.stat().st_size / 3
        assert fetch(base + "assets/images/favicon.png")[0] is None  # already compressed
        assert fetch(base, gzip_ok=False) == (None, (built_site / "index.html").read_bytes())
    finally:
        server.shutdown()


def test_it_audits_the_home_pages_and_a_real_target(built_site: Path) -> None:
    audited = pages(built_site)
    assert audited["home"] == "" and audited["Vietnamese home"] == "vi/"
    assert (built_site / audited["a target"] / "index.html").is_file()


def test_the_table_gives_each_metric_in_its_unit() -> None:
    row = {"path": "/", "score": 100, "lighthouse": "12.8.2", **dict.fromkeys(METRICS, 1234.5)}
    text = table({"date": "2026-12-07T00:00:00+00:00", "cpus": 2, "pages": {"home": row}})
    assert "| home (`/`) | 100 | 1.23 s | 1.23 s | 1.23 s | 1234 ms | 1234.500 |" in text


def test_the_manual_shows_the_latest_audit() -> None:
    """docs/performance.md shows the figures of benchmarks/lighthouse.json (`lighthouse --docs`)."""
    report = json.loads(RESULTS.read_text(encoding="utf-8"))
    assert table(report) in PERFORMANCE.read_text(encoding="utf-8")
