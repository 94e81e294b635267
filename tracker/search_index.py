"""Index one language's site with Pagefind, in parts of bounded size that the browser merges.

What one Pagefind run holds grows with the pages it indexes, not with the HTML it reads: at 10x
(2,561 record pages) it peaks at 278 MB, and fed only each page's main text still at 246 MB. So the
pages Pagefind indexes (those with a `data-pagefind-body` element: the record pages) are split,
in sorted order, into parts of at most PART pages, and each part is indexed by a run of its own,
from a folder of hard links that mirrors the site, so that its addresses are the site's.

The first part is the language's bundle, /pagefind/ (or /vi/pagefind/), with the search code and
its WebAssembly (and, in the default language's, the interface that every language's search page
loads); every other part, /pagefind/part-N/, keeps only its index (entry, metadata,
filter, words and fragments): a merged index uses the first one's code and WebAssembly. The
search page's script (site/assets/search.js) reads the parts' list, /pagefind/parts.json, and
merges them (Pagefind's mergeIndex): results, counts and the record-type filter span all parts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tracker.batches import link

PART = 3000  # record pages a Pagefind run indexes (at 100x Pagefind then peaks at about 560 MB)
BUNDLE = "pagefind"
PARTS = "parts.json"
NOT_INDEXED = ".vt-none"  # "none", "not stated", ...: fillers, not what a record says
# What a part keeps: the rest of a bundle (its UI, script, worker, WebAssembly) is the first part's.
INDEX_FILES = ("pagefind-entry.json", "*.pf_meta", "index", "fragment", "filter")
# What a bundle without its own interface keeps besides: the search itself, which loads its
# language's WebAssembly from its own folder. The interface (pagefind-ui.js, its styles) is the
# default language's, which every language's search page loads (site/templates/search.md.j2).
SEARCH_FILES = ("pagefind.js", "wasm.*.pagefind")
_BODY = re.compile(rb"<[a-z]+ [^<>]*\bdata-pagefind-body[\s=>]")


class SearchError(Exception):
    """Pagefind failed; the message is its own."""


def indexed_pages(site_dir: Path, skip: tuple[str, ...]) -> list[str]:
    """The pages Pagefind indexes (a start tag with data-pagefind-body), relative to site_dir, sorted;
    the folders in skip (the embeddable cards, already built pages of other kinds) are not read."""
    found = []
    for page in site_dir.rglob("*.html"):
        path = page.relative_to(site_dir).as_posix()
        if not path.startswith(skip) and _BODY.search(page.read_bytes()):
            found.append(path)
    return sorted(found)


def index(site_dir: Path, skip: tuple[str, ...] = (), size: int = PART, interface: bool = True) -> int:
    """Index site_dir's pages into its bundle and parts; how many parts. Without `interface`, the
    bundle keeps only its search and index (another language's bundle has the interface)."""
    pages = indexed_pages(site_dir, skip)
    parts = [pages[start : start + size] for start in range(0, len(pages), size)] or [[]]
    bundle = site_dir / BUNDLE
    work = site_dir.with_name(site_dir.name + ".search")
    names = []
    for number, part in enumerate(parts, start=1):
        output = bundle if number == 1 else bundle / f"part-{number}"
        index_pages(site_dir, part, work, output)
        if number > 1:
            _keep(output, INDEX_FILES)
            names.append(f"part-{number}/")
        elif not interface:
            _keep(output, INDEX_FILES + SEARCH_FILES)
    shutil.rmtree(work, ignore_errors=True)
    (bundle / PARTS).write_text(json.dumps({"parts": names}) + "\n", encoding="utf-8")
    return len(parts)


def index_pages(site_dir: Path, pages: list[str], work: Path, output: Path) -> None:
    """One Pagefind run over some of site_dir's pages, hard-linked into the folder `work` (emptied
    first) at their paths, so that their addresses are the site's; the bundle goes to `output`."""
    shutil.rmtree(work, ignore_errors=True)
    for path in pages:
        link(site_dir / path, work / path)
    work.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(work), "--output-path", str(output)]
    command += ["--exclude-selectors", NOT_INDEXED, "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchError((done.stderr or done.stdout).strip())


def _keep(bundle: Path, patterns: tuple[str, ...]) -> None:
    kept = {path for pattern in patterns for path in bundle.glob(pattern)}
    for path in bundle.iterdir():
        if path not in kept:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
