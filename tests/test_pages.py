"""Pages that list records: pagination keeps every item once, the timeline is in date order and
the home page lists the next deadlines. Expectations are computed from the CSV files."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import PACKAGE, read_rows

from tracker import render as render_module
from tracker.load import Package
from tracker.records import SEGMENTS, slug
from tracker.render import PAGE_SIZE, Site, load_strings, paginate, render
from tracker.validate import check

STRINGS = load_strings()


def rows(resource: str) -> list[dict[str, str]]:
    return read_rows(PACKAGE / "data" / f"{resource}.csv")


def url(resource: str, record_id: str) -> str:
    return f"{SEGMENTS[resource]}/{slug(record_id)}/"


def list_items(html: str, css_class: str) -> list[str]:
    """The target of the first link of every item of every <ul class=css_class>, as a site path."""
    found = []
    for block in re.findall(rf'<ul class="{css_class}">(.*?)</ul>', html, re.S):
        for item in re.findall(r"<li[^>]*>(.*?)</li>", block, re.S):
            match = re.search(r'href="((?:\.\./)*)([^"]*)"', item)
            found.append(match.group(2) if match else item)
    return found


def period_end(value: str) -> date:
    """The last day of a partial date's period: 2026 -> 2026-12-31, 2026-02 -> 2026-02-28."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def next_deadlines(today: date) -> list[str]:
    """The home page's list: the five earliest targets whose deadline has not passed (this year's count)."""
    upcoming = [t for t in rows("targets") if t["deadline"] and period_end(t["deadline"]) >= today]
    return [url("targets", t["id"]) for t in sorted(upcoming, key=lambda t: t["deadline"])][:5]


@pytest.fixture(scope="module")
def package() -> Package:
    problems, package = check(str(PACKAGE))
    assert not problems and package is not None
    return package


def site() -> Site:
    return Site(STRINGS, "https://example.org/", "https://example.org/repo", [])


# Pagination


@pytest.mark.parametrize("count", [0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 2 * PAGE_SIZE, 2 * PAGE_SIZE + 1])
def test_paging_keeps_every_item_once_in_order(count: int) -> None:
    items = [f"item-{n}" for n in range(count)]
    pages = paginate(items)
    assert [item for page in pages for item in page] == items
    assert len(pages) == max(1, -(-count // PAGE_SIZE))
    if count == 0:
        assert pages == [[]]  # one page, which says "none"
    else:
        assert all(1 <= len(page) <= PAGE_SIZE for page in pages)


def gathered() -> dict[str, Counter[str]]:
    """What each topic and issuer page lists, from the CSVs: documents and targets by topic, documents by issuer."""
    expected: dict[str, Counter[str]] = {}
    for resource in ("resolutions", "local_plans"):
        for row in rows(resource):
            for topic in filter(None, row["topics"].split(";")):
                expected.setdefault(url("topics", topic), Counter())[url(resource, row["id"])] += 1
            expected.setdefault(url("issuers", row["issuer"]), Counter())[url(resource, row["id"])] += 1
    for row in rows("targets"):
        expected.setdefault(url("topics", row["topic"]), Counter())[url("targets", row["id"])] += 1
    return expected


def test_rendered_pages_list_every_item_once_when_a_list_is_one_over_a_page(
    package: Package, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = gathered()
    largest = max(sum(c.values()) for c in expected.values())
    assert largest >= 3, "the data has no list long enough to page"
    monkeypatch.setattr(render_module, "PAGE_SIZE", largest - 1)  # the longest list: one page and one item
    render(package, tmp_path, site())
    paged = 0
    for kind in ("topics", "issuers"):
        for row in rows(kind):
            base = url(kind, row["id"])
            files = [tmp_path / f"{base[:-1]}.md"]
            files += sorted((tmp_path / base).glob("page-*.md"), key=lambda p: int(p.stem.removeprefix("page-")))
            items = [item for f in files for item in list_items(f.read_text(encoding="utf-8"), "vt-list")]
            assert Counter(items) == expected.get(base, Counter()), base
            paged += len(files) > 1
            if base in expected:  # a page with items never says "none", not even the last one
                for f in files:
                    assert '<li class="vt-none">' not in f.read_text(encoding="utf-8"), f
    assert paged, "no list was paged: the test would not see a paging bug"


# Timeline and home page, on the built site


def built_pages(site_dir: Path, base: str) -> list[str]:
    """The HTML of a list's pages in order: base/, base/page-2/, ..."""
    pages = [site_dir / base / "index.html"]
    number = 2
    while (site_dir / base / f"page-{number}" / "index.html").exists():
        pages.append(site_dir / base / f"page-{number}" / "index.html")
        number += 1
    return [p.read_text(encoding="utf-8") for p in pages]


def test_timeline_lists_every_event_in_date_order(built_site: Path) -> None:
    events = [
        (row["date_issued"], 1, url(resource, row["id"]))
        for resource in ("resolutions", "local_plans")
        for row in rows(resource)
        if row["date_issued"]
    ]
    events += [(row["deadline"], 0, url("targets", row["id"])) for row in rows("targets") if row["deadline"]]
    expected = [link for _, _, link in sorted(events)]  # by date (partial dates first), deadlines before issues
    shown = [item for html in built_pages(built_site, "timeline") for item in list_items(html, "vt-timeline")]
    assert shown == expected


def home_deadlines(html: str) -> list[str]:
    """The items of the list under the home page's "Next deadlines" heading."""
    heading = re.escape(STRINGS["home"]["next_deadlines"])
    section = re.split(rf"(?:<h2[^>]*>|## ){heading}", html, maxsplit=1)[1]  # the heading, not the table of contents
    return list_items(section.split("</ul>", 1)[0] + "</ul>", "vt-list")


def test_home_page_lists_the_next_deadlines_including_this_years(built_site: Path) -> None:
    assert home_deadlines((built_site / "index.html").read_text(encoding="utf-8")) == next_deadlines(date.today())


def test_home_page_deadlines_do_not_depend_on_the_clock(package: Package, tmp_path: Path) -> None:
    """In the middle of the year of a year-only deadline, that deadline is still to come."""
    year = min(int(t["deadline"]) for t in rows("targets") if len(t["deadline"]) == 4)
    today = date(year, 6, 15)
    expected = next_deadlines(today)
    assert any(period_end(t["deadline"]).year == year for t in rows("targets") if url("targets", t["id"]) in expected)
    render(package, tmp_path, site(), today=today)
    assert home_deadlines((tmp_path / "index.md").read_text(encoding="utf-8")) == expected
