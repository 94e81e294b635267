"""The build's bounded steps: MkDocs over batches of pages and Pagefind over parts of the index give the
same site and the same search as one run of each (tracker/batches.py, tracker/search_index.py).

The real package is built a second time with batches of 40 pages and parts of 60 (with the defaults,
1,000 and 3,000, it fits in one of each) and compared with the build of the defaults."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, files
from tracker import batches, search_index
from tracker.serve import serve_folder
from tracker.site import Paths, build

BATCH, PART = 40, 60
NAV = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]


@pytest.fixture(scope="module")
def small_steps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small-steps")
    paths = Paths(docs=root / "docs", out=root / "public")
    assert build(paths, quiet=True, batch=BATCH, part=PART) == 0
    return paths.out


def test_the_split_puts_every_page_in_one_batch_and_the_navigation_in_every_one(built_site: Path) -> None:
    docs = built_site.parent / "docs" / "en"
    frame, runs = batches.split(docs, NAV, BATCH)
    pages = [path for run in runs for path in run if path.endswith(".md")]
    assert len(runs) > 3 and all(len([p for p in run if p.endswith(".md")]) <= BATCH for run in runs)
    assert sorted(frame + pages) == sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert not set(frame) & set(pages)
    assert batches.pages_in_nav(NAV) <= set(frame) and "progress/index.md" in frame  # About links to it by file
    others = [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"]
    assert others and set(others) <= set(runs[0])


def sitemap_entries(path: Path) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", path.read_text(encoding="utf-8"))


def test_batches_build_the_same_site_as_one_run(built_site: Path, small_steps: Path) -> None:
    """Every file is the same, but for Pagefind's bundles and the order of the sitemap's entries."""

    def compared(folder: Path) -> dict[str, bytes]:
        return {
            name: data
            for name, data in files(folder).items()
            if "pagefind/" not in name and not name.endswith(("sitemap.xml", "sitemap.xml.gz"))
        }

    ours, theirs = compared(small_steps), compared(built_site)
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
    for sitemap in ("sitemap.xml", "vi/sitemap.xml"):
        entries = sitemap_entries(small_steps / sitemap)
        assert len(entries) == len(set(entries)) and sorted(entries) == sorted(sitemap_entries(built_site / sitemap))
        packed = (small_steps / f"{sitemap}.gz").read_bytes()
        assert gzip.decompress(packed).decode("utf-8") == (small_steps / sitemap).read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["", "vi/"])
def test_the_index_parts_hold_only_their_index_and_every_record_page_once(small_steps: Path, language: str) -> None:
    bundle = small_steps / language / "pagefind"
    listed = json.loads((bundle / search_index.PARTS).read_text(encoding="utf-8"))["parts"]
    pages = search_index.indexed_pages(small_steps / language, ("vi/", "embed/", "share/"))
    assert len(listed) == -(-len(pages) // PART) - 1 and len(listed) > 1
    for part in listed:
        names = {p.name for p in (bundle / part).iterdir()}
        assert "pagefind-entry.json" in names and "index" in names and "fragment" in names
        assert not names & {"pagefind.js", "pagefind-ui.js", f"wasm.{language.rstrip('/') or 'en'}.pagefind"}
    fragments = sum(len(list((bundle / part / "fragment").iterdir())) for part in listed)
    fragments += len(list((bundle / "fragment").iterdir()))
    assert fragments == len(pages)


@pytest.fixture(scope="module")
def served(built_site: Path, small_steps: Path) -> Iterator[dict[str, str]]:
    servers = {name: serve_folder(site) for name, site in (("one", built_site), ("parts", small_steps))}
    yield {name: f"http://127.0.0.1:{server.server_address[1]}/" for name, server in servers.items()}
    for server in servers.values():
        server.shutdown()


def results(page: Any, base: str, query: str) -> tuple[str, set[str]]:
    """The result count's message and the addresses of every result (all pages of results loaded)."""
    page.goto(f"{base}search/?q={query}")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    message = page.locator(".pagefind-ui__message")
    more = page.locator(".pagefind-ui__button")
    while more.count():
        more.first.click()
        page.wait_for_load_state("networkidle")
    links = page.locator(".pagefind-ui__result-link")
    return message.inner_text(), {links.nth(i).get_attribute("href") for i in range(links.count())}


@pytest.mark.parametrize(("language", "query"), [("", "health insurance"), ("", "Hanoi"), ("vi/", "bảo hiểm y tế")])
def test_merged_parts_answer_as_one_index(browser: Any, served: dict[str, str], language: str, query: str) -> None:
    """The search page merges the parts: the same results, the same count and the same filter values."""
    found = {}
    for name, base in served.items():
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        found[name] = results(page, base + language, query)
        filters = page.locator(".pagefind-ui__filter-label").all_inner_texts()
        found[name] += (sorted(filters),)
        page.close()
        assert errors == []
    assert found["parts"] == found["one"] and len(found["one"][1]) > 10 and found["one"][2]
