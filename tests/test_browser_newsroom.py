"""A journalist's routes in Chromium, in both languages, at desktop and phone widths: suggesting a
correction from a record page, reading the Corrections page and its log, adding the deadlines to a
calendar, and reaching a 404 page that keeps the site's look (issue #24)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import LANGUAGES
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from tracker.render import load_strings

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(params=list(WIDTHS))
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTHS[request.param], "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_suggest_a_correction_then_read_the_corrections_page(page: Page, base_url: str, language: str) -> None:
    strings = load_strings(language)
    words = strings["contribute"]
    page.goto(base_url + LANGUAGES[language] + "resolutions/72-nq-tw/")
    line = page.locator("p.vt-actions")
    expect(line).to_be_visible()
    expect(line).to_contain_text(words["correct"])
    github = line.get_by_role("link", name=words["report"], exact=True)
    query = parse_qs(urlsplit(github.get_attribute("href") or "").query)
    assert query["template"] == ["report-error.yml"] and query["record"][0].endswith("/resolutions/72-nq-tw/")
    box = github.bounding_box()
    assert box and box["height"] >= 15  # a link in running text (WCAG 2.5.8 exempts inline links)
    line.get_by_role("link", name=words["policy"], exact=True).click()
    page.wait_for_url("**/corrections/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(strings["corrections"]["title"])
    log = page.locator("div.vt-log[lang=en]")
    expect(log.first).to_be_visible()
    assert log.count() >= 4  # one per release with corrections
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_add_the_deadlines_to_a_calendar(page: Page, base_url: str, language: str) -> None:
    words = load_strings(language)["calendars"]
    page.goto(base_url + LANGUAGES[language] + "follow/")
    link = page.get_by_role("link", name=words["all_link"], exact=True)
    expect(link).to_be_visible()
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    parsed = Calendar.from_ical(response.body())
    assert str(parsed["X-WR-CALNAME"]) == words["all"] and parsed.walk("VEVENT")
    page.goto(base_url + LANGUAGES[language] + "jurisdictions/vn-hn/")
    own = page.get_by_role("link", name=words["add"], exact=True)
    expect(own).to_be_visible()
    events = Calendar.from_ical(page.request.get(own.evaluate("a => a.href")).body()).walk("VEVENT")
    assert events and all("/" in str(e["UID"]) for e in events)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_missing_page_shows_the_404_page_styled_in_its_language(page: Page, base_url: str, language: str) -> None:
    words = load_strings(language)["not_found"]
    response = page.goto(base_url + LANGUAGES[language] + "no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text(words["title"])
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    page.get_by_role("link", name=words["home"], exact=True).click()
    page.wait_for_url(base_url + LANGUAGES[language])


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_table_tap_targets_are_at_least_24_px(browser: Browser, base_url: str, language: str) -> None:
    """On a phone, every sort button and every link in an index table is at least 24 px tall (WCAG
    2.2's minimum target size), in both languages."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        for path in ("targets/", "deadlines/", "tasks/"):
            page.goto(base_url + LANGUAGES[language] + path)
            page.wait_for_selector("table.vt-table .vt-sort")
            sizes = page.evaluate(
                """() => [...document.querySelectorAll('table.vt-table .vt-sort, table.vt-table td a')]
                    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0)
                    .map(r => Math.min(r.height, r.width >= 24 ? 24 : r.width))"""
            )
            assert sizes and min(sizes) >= 24, (path, min(sizes))
    finally:
        context.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_printed_tables_fit_the_page_with_their_status(browser: Browser, base_url: str, language: str) -> None:
    """Printed on A4 (about 718 px between the margins), an index table fits the page's width and
    its last column, Status, is printed, not cut off."""
    context = browser.new_context(viewport={"width": 718, "height": 1000})
    page = context.new_page()
    try:
        page.emulate_media(media="print")
        for path in ("targets/", "deadlines/", "tasks/"):
            page.goto(base_url + LANGUAGES[language] + path)
            fits = page.evaluate(
                """() => { const t = document.querySelector('table.vt-table');
                    const last = t.querySelector('tbody tr td:last-child').getBoundingClientRect();
                    const header = t.querySelector('thead th:last-child').getBoundingClientRect();
                    return [t.getBoundingClientRect().right, last.right, header.right,
                            document.documentElement.clientWidth, header.width]; }"""
            )
            table, cell, header, width, header_width = fits
            assert max(table, cell, header) <= width + 1 and header_width > 20, (path, fits)
    finally:
        context.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_download_the_rows_shown_as_a_csv_for_excel(page: Page, base_url: str, language: str) -> None:
    """Filter a table, then download it as shown: a CSV for Excel (byte order mark, CRLF), its header
    the table's headings, one line per row shown and none hidden, a formula neutralised."""
    words = load_strings(language)["words"]
    page.goto(base_url + LANGUAGES[language] + "targets/?jurisdiction=VN-HN")
    button = page.get_by_role("button", name=words["download_shown"], exact=True)
    expect(button).to_be_visible()
    shown = page.locator("#targets-table tbody tr:not([hidden])")
    count = shown.count()
    assert 0 < count < page.locator("#targets-table tbody tr").count()  # the filter hides some rows
    shown.first.locator("td").nth(5).evaluate("td => { td.textContent = '=HYPERLINK(\"x\")'; }")
    with page.expect_download() as event:
        button.click()
    download = event.value
    assert download.suggested_filename.endswith("targets.csv")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
    lines = raw[3:].decode("utf-8").split("\r\n")[:-1]
    rows = list(csv.reader(lines))
    headings = [h.strip() for h in page.locator("#targets-table thead th").all_inner_texts()]
    assert rows[0] == headings and len(rows) == 1 + count
    assert all(len(row) == len(headings) for row in rows)
    assert rows[1][5] == '\'=HYPERLINK("x")'  # a spreadsheet shows it, never runs it
    first = [" ".join(c.split()) for c in shown.first.locator("td").all_inner_texts()]
    assert rows[1][:5] == first[:5]
