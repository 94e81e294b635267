"""Build one language's site with MkDocs in batches of pages, so that its memory does not grow with the data.

MkDocs converts every page of a run before it writes the first, and keeps them all until the run
ends: at 100x, about 1.4 GB for one language. Its pages need not be built in one run, though. A
record page, a list page or a What's new page links to other pages by their final address, in HTML
the generator wrote, so MkDocs need not know its targets; only the pages that make the navigation
(mkdocs.yml's nav, and the folders' first pages, which the About page links to by file name) must
be present in every run, for the navigation to read the same. So each run gets that frame and at
most BATCH other pages, hard-linked into a folder of its own (copied where the filesystem cannot
link); its site is moved into the language's site, and the runs' sitemaps are joined into one. The
site is the same as one run would build, but for the order of the sitemap's entries.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

BATCH = 1000  # pages a MkDocs run converts besides the frame (at 100x its worker peaks at about 240 MB)
SITEMAP = "sitemap.xml"
_ENTRY = re.compile(r"\n? *<url>.*?</url>", re.DOTALL)


def pages_in_nav(nav: Any) -> set[str]:
    """The Markdown files mkdocs.yml's nav names, at any depth."""
    if isinstance(nav, str):
        return {nav} if nav.endswith(".md") else set()
    if isinstance(nav, dict):
        return set().union(*(pages_in_nav(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(pages_in_nav(item) for item in nav))
    return set()


def split(docs: Path, nav: Any, size: int = BATCH) -> tuple[list[str], list[list[str]]]:
    """The frame (the nav's pages and every page at the top level or first in its folder) and the
    batches of the other pages; the files that are not pages (images, charts, feeds, styles) ride
    with the first batch. Paths relative to docs, in sorted order, so the batches are the same from
    build to build."""
    listed = pages_in_nav(nav)
    frame, pages, other = [], [], []
    for path in sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()):
        if not path.endswith(".md"):
            other.append(path)
        elif path in listed or "/" not in path or path.count("/") == 1 and path.endswith("/index.md"):
            frame.append(path)
        else:
            pages.append(path)
    batches = [pages[start : start + size] for start in range(0, len(pages), size)] or [[]]
    batches[0] = other + batches[0]
    return frame, batches


def build(docs: Path, site_dir: Path, nav: Any, run: Callable[[Path, Path], None], size: int = BATCH) -> int:
    """Build docs into site_dir with run(docs, site_dir), one MkDocs run a batch; how many runs."""
    frame, batches = split(docs, nav, size)
    work = site_dir.with_name(site_dir.name + ".batch")
    entries: list[str] = []
    for number, batch in enumerate(batches):
        shutil.rmtree(work, ignore_errors=True)
        for path in frame + batch:
            link(docs / path, work / "docs" / path)
        target = site_dir if number == 0 else work / "site"
        run(work / "docs", target)
        entries += sitemap_entries(target)
        if number:
            _move(work / "site", site_dir)
    shutil.rmtree(work, ignore_errors=True)
    if len(batches) > 1 and entries:
        join_sitemaps(site_dir, entries)
    return len(batches)


def link(source: Path, target: Path) -> None:
    """A hard link to source at target, its folders made; a copy where the filesystem cannot link."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another filesystem, or one without hard links
        shutil.copy2(source, target)


def _move(batch: Path, site_dir: Path) -> None:
    """Move a later run's pages into the site; what the site has already (the frame, the theme's
    files, the 404 page, the sitemap) is the same in every run and stays as the first run wrote it."""
    for source in sorted(batch.rglob("*")):
        target = site_dir / source.relative_to(batch)
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)


def sitemap_entries(site_dir: Path) -> list[str]:
    """The `<url>` entries of the sitemap MkDocs wrote in site_dir (none if it wrote none)."""
    sitemap = site_dir / SITEMAP
    return _ENTRY.findall(sitemap.read_text(encoding="utf-8")) if sitemap.is_file() else []


def join_sitemaps(site_dir: Path, entries: list[str]) -> None:
    """Make site_dir's sitemap list these entries, each once (every run's pages; every language's),
    and its gzip copy, dated as MkDocs dated it."""
    sitemap = site_dir / SITEMAP
    text = sitemap.read_text(encoding="utf-8")
    first = list(_ENTRY.finditer(text))
    joined = text[: first[0].start()] + "".join(dict.fromkeys(entries)) + text[first[-1].end() :]
    sitemap.write_text(joined, encoding="utf-8")
    packed = sitemap.with_name(SITEMAP + ".gz")
    mtime = int.from_bytes(packed.read_bytes()[4:8], "little")
    with packed.open("wb") as file, gzip.GzipFile(fileobj=file, filename=str(packed), mode="wb", mtime=mtime) as gz:
        gz.write(joined.encode("utf-8"))
