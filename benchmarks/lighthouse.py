"""Lighthouse's mobile performance audit of the built site: the home page, a target's page and the Vietnamese home.

`python build.py lighthouse` serves the built site (`public/`, or `--site FOLDER`) on loopback,
compressed as static hosts serve it (gzip, as GitHub Pages does), and runs Lighthouse's
performance category with its default mobile settings (a mid-range phone on a slow 4G network,
simulated) in Debian's Chromium, headless, one page after the other. It prints each page's score
and paint times and writes them to `benchmarks/lighthouse.json`; `--docs` also puts them in
docs/performance.md. A benchmark, not a test: its figures drift with the machine's load.

Lighthouse is an npm package pinned in `benchmarks/package.json`: install it once with
`npm ci --prefix benchmarks --ignore-scripts` (it needs Node 18.16 or newer).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench import CHROMIUM, PERFORMANCE, replace_block  # noqa: E402
from tracker.serve import QuietHandler, serve_folder  # noqa: E402

LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "benchmarks" / "lighthouse.json"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
COMPRESSED = (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt")  # what GitHub Pages gzips
METRICS = {  # Lighthouse's audit id: the column's title
    "first-contentful-paint": "first contentful paint",
    "largest-contentful-paint": "largest contentful paint",
    "speed-index": "speed index",
    "total-blocking-time": "total blocking time",
    "cumulative-layout-shift": "layout shift",
}


class Compressing(QuietHandler):
    """A folder's files, text ones gzipped for a client that accepts it, as a static host sends them."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve_compressed(folder: Path) -> http.server.ThreadingHTTPServer:
    """Serve a folder on 127.0.0.1 (any free port), compressed, from a background thread; call shutdown()."""
    return serve_folder(folder, handler_class=Compressing)


def pages(site: Path) -> dict[str, str]:
    """The audited pages by name: the home page, the first target's page, the Vietnamese home."""
    found = (site / "targets").glob("*/index.html")
    targets = sorted(p.parent.name for p in found if not p.parent.name.startswith("page-"))
    if not targets:
        raise SystemExit(f"{site}: no target page; build the site first (python build.py)")
    return {"home": "", "a target": f"targets/{targets[0]}/", "Vietnamese home": "vi/"}


def audit(url: str) -> dict[str, Any]:
    """Lighthouse's performance score (0-100) and metrics (ms; layout shift unitless) for one page."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        output = Path(work) / "report.json"
        command = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json", f"--output-path={output}"]
        command += ["--quiet", "--chrome-flags=--headless=new --no-sandbox --no-first-run"]
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        if done.returncode != 0 or not output.exists():
            raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr.strip()[-2000:]}")
        report = json.loads(output.read_text(encoding="utf-8"))
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        **{name: round(report["audits"][name]["numericValue"], 3) for name in METRICS},
        "lighthouse": report["lighthouseVersion"],
    }


def run(site: Path) -> dict[str, Any]:
    server = serve_compressed(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        results = {name: {"path": "/" + path, **audit(base + path)} for name, path in pages(site).items()}
    finally:
        server.shutdown()
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(), "pages": results}


def shown(metric: str, value: float) -> str:
    """A metric as the table writes it: paint times in seconds, blocking time in ms, layout shift bare."""
    if metric == "cumulative-layout-shift":
        return f"{value:.3f}"
    return f"{value:.0f} ms" if metric == "total-blocking-time" else f"{value / 1000:.2f} s"


def table(report: dict[str, Any]) -> str:
    """The figures as docs/performance.md shows them."""
    rows = report["pages"]
    first = next(iter(rows.values()))
    lines = [
        f"Latest run: {report['date'][:10]}, Lighthouse {first['lighthouse']}, mobile, {report['cpus']} cores.",
        "",
        "| page | score | " + " | ".join(METRICS.values()) + " |",
        "|---" * (len(METRICS) + 2) + "|",
    ]
    for name, row in rows.items():
        values = " | ".join(shown(metric, row[metric]) for metric in METRICS)
        lines.append(f"| {name} (`{row['path']}`) | {row['score']} | {values} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python build.py lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "public", help="the built site (default: public/)")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the figures")
    parser.add_argument("--docs", action="store_true", help="also put the figures in docs/performance.md")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: npm ci --prefix benchmarks --ignore-scripts", file=sys.stderr)
        return 1
    if not (args.site / "index.html").exists():
        print(f"{args.site}/index.html not found: build the site first (python build.py)", file=sys.stderr)
        return 1
    report = run(args.site)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"figures written to {args.json}")
    if args.docs:
        replace_block(PERFORMANCE, START, END, table(report))
        print(f"{PERFORMANCE.relative_to(ROOT)} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
