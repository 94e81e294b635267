"""Shared helpers: a fresh copy of the real package, cell edits, and running the real CLI."""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from hypothesis import settings

# Hypothesis profiles: CI runs the same examples every time (a red run is reproducible and not
# down to chance); a developer's run keeps exploring new random examples. HYPOTHESIS_PROFILE
# overrides the choice, e.g. HYPOTHESIS_PROFILE=ci to replay CI's examples locally.
settings.register_profile("ci", derandomize=True, database=None, max_examples=80, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=150, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "datapackage"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path = ROOT) -> Result:
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    return Result(done.returncode, done.stdout, done.stderr)


def meta(html: str, name: str) -> str:
    """The content of the page's one <meta> with this property or name (og:image, twitter:card)."""
    found = re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    assert len(found) == 1, (name, found)
    return found[0]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def line_of(path: Path, record_id: str) -> int:
    """Physical line (1-based) on which the row with this id starts (the real data has no multi-line cells)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith(record_id + ","):
            return number
    raise AssertionError(f"{record_id} not found in {path}")


class PackageCopy:
    """A copy of the real package in a temporary folder, with helpers to break it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def csv(self, resource: str) -> Path:
        return self.root / "data" / f"{resource}.csv"

    @property
    def descriptor(self) -> Path:
        return self.root / "datapackage.json"

    def rewrite(self, resource: str, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
        header = header or list(rows[0].keys())
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        self.csv(resource).write_text(buffer.getvalue(), encoding="utf-8")

    def set_cell(self, resource: str, record_id: str, column: str, value: str) -> int:
        """Change one cell and return the line of its row."""
        rows = read_rows(self.csv(resource))
        matches = [row for row in rows if row["id"] == record_id]
        assert matches, f"no {record_id} in {resource}"
        line = line_of(self.csv(resource), record_id)
        matches[0][column] = value
        self.rewrite(resource, rows)
        return line

    def append_row(self, resource: str, **values: str) -> int:
        rows = read_rows(self.csv(resource))
        rows.append({column: values.get(column, "") for column in rows[0]})
        self.rewrite(resource, rows)
        return len(rows) + 1

    def edit_descriptor(self, change) -> None:
        data = json.loads(self.descriptor.read_text(encoding="utf-8"))
        change(data)
        self.descriptor.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture
def package(tmp_path: Path) -> PackageCopy:
    shutil.copytree(PACKAGE, tmp_path / "datapackage")
    return PackageCopy(tmp_path / "datapackage")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package built once into a temporary folder by the real pipeline."""
    from tracker.site import Paths, build

    root = tmp_path_factory.mktemp("site")
    paths = Paths(docs=root / "docs", out=root / "public")
    assert build(paths, quiet=True) == 0
    return paths.out


def files(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by its path relative to it, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site of the real package, in path order."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 80
    return pages


def is_embed(site: Path, page: Path) -> bool:
    """Whether a page is an embeddable card (`embed/...`, `vi/embed/...`), not a page of the theme."""
    parts = page.relative_to(site).parts
    return "embed" in parts[:2]


def theme_pages(site: Path) -> list[Path]:
    """Every HTML page MkDocs built (header, footer, language switch): all but the embeddable cards."""
    return [page for page in html_pages(site) if not is_embed(site, page)]


class Links(HTMLParser):
    """The hrefs, srcs, form actions and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src", "action"):
            if values.get(name) and tag in ("a", "link", "script", "img", "form", "source", "iframe"):
                self.links.append(values[name] or "")


def parse_links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]  # the canonical addresses
SITE_BASE = urlsplit(SITE_URL).path
LANGUAGES = {"en": "", "vi": "vi/"}  # each language's folder below the site's root


@pytest.fixture(scope="session")
def base_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served on loopback at its real path (`/tracker/`), so absolute links (404 page)
    load, by the server `python build.py serve` uses."""
    from tracker.serve import SiteHandler, serve_folder

    server = serve_folder(built_site, handler_class=SiteHandler, base=SITE_BASE)
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_BASE}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for every browser test; background tabs are not throttled (the gates
    run one tab per width at the same time)."""
    from playwright.sync_api import sync_playwright

    from benchmarks.bench import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
    busy_tabs = ["--disable-background-timer-throttling", "--disable-renderer-backgrounding"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + busy_tabs)
        yield browser
        browser.close()


def broken_links(site: Path, base: str = SITE_BASE) -> tuple[list[str], int]:
    """Internal links and anchors of a built site that lead nowhere, and the number of pages read.

    `base` is the site's path on its host ("/tracker/"): absolute links (the 404 page) start with it.
    """
    pages = {p: parse_links(p) for p in site.rglob("*.html")}
    broken = []
    for path, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            if parts.path.startswith(base):
                target = site / unquote(parts.path[len(base) :])
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {link} (no such anchor)")
    return broken, len(pages)


def period_end(value: str) -> date:
    """The last day of a partial date's period: 2026 -> 2026-12-31, 2026-02 -> 2026-02-28."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)
