"""The built site in a real browser: Debian's Chromium, headless, driven by Playwright, offline.

Search (with and without diacritics, by document number, in English; on the Vietnamese site, its
own index), filtering and sorting an index table, going from a resolution to one of its targets
and back, the language switch, and every download link.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import PACKAGE, read_rows
from playwright.sync_api import Browser, Page, expect

from tracker.render import DEADLINES_PAGE_SIZE, load_strings

# The status a deadline has passed with no completion reported in, as the English catalogue names it.
PAST = load_strings()["commitment_statuses"]["overdue"]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def search(page: Page, base_url: str, query: str, language: str = "") -> list[str]:
    """The titles of the results of a query on the search page of a language's site ("" English, "vi/")."""
    page.goto(base_url + language + "search/")
    page.fill(".pagefind-ui__search-input", query)
    results = page.locator(".pagefind-ui__result-link")
    expect(results.first).to_be_visible(timeout=10_000)
    return results.all_inner_texts()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("vien phi", "hospital fee"),
        ("viện phí", "hospital fee"),
        ("bao hiem y te", "health insurance"),
        ("kham suc khoe", "check-up"),
        ("health insurance coverage", "health insurance coverage"),
    ],
)
def test_search_with_or_without_diacritics_and_in_english(page: Page, base_url: str, query: str, expected: str) -> None:
    titles = search(page, base_url, query)
    assert any(expected in title.lower() for title in titles[:3]), titles


# A document's number, and its page: other pages that cite the number (282/NQ-CP implements
# 72-NQ/TW) must not come first.
NUMBERS = [
    ("282/NQ-CP", "resolutions/282-nq-cp/"),
    ("20-KH/TU", "local-plans/hai-phong-20-kh-tu/"),
    ("72-NQ/TW", "resolutions/72-nq-tw/"),
    ("281/QĐ-TTg", "resolutions/281-qd-ttg/"),
    ("52-CT/TW", "resolutions/52-ct-tw/"),
]


# What a browser fetches from a language's Pagefind bundle to answer a first query on the search page
# of the real package's site: Pagefind's UI, its script and WebAssembly, the language's metadata,
# filters, index chunks and the first results' fragments. The issue's target is 300 kB at 100x; with
# Pagefind's default UI the fixed part alone is 252 kB (README, Performance), so this budget guards the
# figure from growing back (as the 41 kB web worker did).
FIRST_QUERY_BYTES = 360_000


@pytest.mark.parametrize("language", ["", "vi/"])
def test_a_first_query_fetches_no_worker_and_stays_within_its_budget(page: Page, base_url: str, language: str) -> None:
    fetched: dict[str, int] = {}
    page.on("response", lambda r: fetched.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
    search(page, base_url, "vien phi", language)
    page.wait_for_load_state("networkidle")
    assert any(url.endswith(".pf_meta") for url in fetched), fetched  # the real index was read
    assert not any("pagefind-worker" in url for url in fetched), fetched
    assert sum(fetched.values()) < FIRST_QUERY_BYTES, fetched


def first_result(page: Page) -> str:
    """The address of the first result, resolved against the page's."""
    return page.locator(".pagefind-ui__result-link").first.evaluate("a => a.href")


@pytest.mark.parametrize(("number", "path"), NUMBERS)
def test_search_by_document_number_brings_the_document_first(page: Page, base_url: str, number: str, path: str) -> None:
    titles = search(page, base_url, number)
    assert first_result(page) == base_url + path, titles


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("vien phi", "viện phí"),
        ("viện phí", "viện phí"),
        ("bao hiem y te", "bảo hiểm y tế"),
        ("bảo hiểm y tế", "bảo hiểm y tế"),
        ("kham suc khoe dinh ky", "khám sức khỏe"),
        ("khám sức khỏe định kỳ", "khám sức khỏe"),
    ],
)
def test_vietnamese_site_searches_its_own_index_with_or_without_diacritics(
    page: Page, base_url: str, query: str, expected: str
) -> None:
    titles = search(page, base_url, query, "vi/")
    assert any(expected in title.lower() for title in titles[:3]), titles
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")
    assert all(href.startswith(base_url + "vi/") for href in hrefs), hrefs


@pytest.mark.parametrize("query", ["vien phi", "bao hiem y te", "kham suc khoe dinh ky"])
def test_english_site_searches_the_english_index(page: Page, base_url: str, query: str) -> None:
    search(page, base_url, query)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")
    assert not any(href.startswith(base_url + "vi/") for href in hrefs), hrefs


@pytest.mark.parametrize(("number", "path"), NUMBERS[:3])
def test_vietnamese_search_by_document_number_brings_the_document_first(
    page: Page, base_url: str, number: str, path: str
) -> None:
    titles = search(page, base_url, number, "vi/")
    assert first_result(page) == base_url + "vi/" + path, titles


def test_the_language_switch_keeps_the_search_and_the_filters(page: Page, base_url: str) -> None:
    page.goto(base_url + "deadlines/?status=overdue&jurisdiction=Hanoi")  # a key, and a name
    page.locator(".vt-lang__link").click()
    # each filter by its key (a status's code, a record's id), not by its English name
    page.wait_for_url(base_url + "vi/deadlines/?status=overdue&jurisdiction=VN-HN")
    overdue = load_strings("vi")["commitment_statuses"]["overdue"]
    expect(page.locator("select[data-filter-param=status]")).to_have_value(overdue)
    expect(page.locator("select[data-filter-param=jurisdiction]")).to_have_value("Hà Nội")
    page.goto(base_url + "vi/search/?q=vien+phi#top")
    page.locator(".vt-lang__link").click()
    page.wait_for_url(base_url + "search/?q=vien+phi#top")
    expect(page.locator(".pagefind-ui__search-input")).to_have_value("vien phi")


def test_an_index_filter_is_written_in_the_address_and_kept_by_the_language_switch(page: Page, base_url: str) -> None:
    """A journalist filters the Tasks table, copies the address to share it; the switch keeps it."""
    page.goto(base_url + "tasks/?status=overdue")
    statuses = {lang: load_strings(lang)["commitment_statuses"]["overdue"] for lang in ("en", "vi")}
    expect(page.locator("select[data-filter-param=status]")).to_have_value(statuses["en"])
    responsible = page.locator("select[data-filter-param=responsible]")
    option = responsible.locator("option[data-key]").first
    key, label = option.get_attribute("data-key"), option.text_content()
    assert key in {r["responsible"] for r in read_rows(PACKAGE / "data" / "tasks.csv")}
    responsible.select_option(label=label)
    page.wait_for_url(base_url + f"tasks/?status=overdue&responsible={key}")
    page.locator(".vt-lang__link").click()
    page.wait_for_url(base_url + f"vi/tasks/?status=overdue&responsible={key}")
    expect(page.locator("select[data-filter-param=status]")).to_have_value(statuses["vi"])
    expect(page.locator("select[data-filter-param=responsible] option:checked")).to_have_attribute("data-key", key)
    page.locator("select[data-filter-param=status]").select_option(index=0)  # "all": left out of the address
    page.wait_for_url(base_url + f"vi/tasks/?responsible={key}")


@pytest.mark.parametrize(("here", "there"), [("", "vi/"), ("vi/", "")])
def test_the_language_switch_leads_to_the_same_page(page: Page, base_url: str, here: str, there: str) -> None:
    page.goto(base_url + here + "resolutions/72-nq-tw/")
    switch = page.locator(".vt-lang__link")
    expect(switch).to_have_count(1)
    switch.focus()  # a link: reached with the keyboard, followed with Enter
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + there + "resolutions/72-nq-tw/")
    expect(page.locator("html")).to_have_attribute("lang", "vi" if there else "en")


def test_home_search_box_opens_the_results(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.fill(".vt-home-search input[name=q]", "bao hiem y te")
    page.press(".vt-home-search input[name=q]", "Enter")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    assert "search/?q=bao+hiem+y+te" in page.url


def visible_rows(page: Page) -> list[str]:
    return page.locator("#targets-table tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.id)")


def test_the_targets_table_is_filtered_from_the_address_in_either_language(page: Page, base_url: str) -> None:
    targets = read_rows(PACKAGE / "data" / "targets.csv")
    expected = sorted(t["id"] for t in targets if t["jurisdiction"] == "VN-HN" and t["deadline"].startswith("2030"))
    assert 0 < len(expected) < len(targets)
    for language in ("", "vi/"):
        page.goto(base_url + language + "targets/?jurisdiction=VN-HN&year=2030")
        assert sorted(visible_rows(page)) == expected


def test_filter_and_sort_the_targets_table(page: Page, base_url: str) -> None:
    targets = read_rows(PACKAGE / "data" / "targets.csv")
    page.goto(base_url + "targets/")
    assert len(visible_rows(page)) == len(targets)

    page.select_option("select[data-filter-column='3']", "Hai Phong")
    expected = {t["id"] for t in targets if t["jurisdiction"] == "VN-HP"}
    assert set(visible_rows(page)) == expected
    expect(page.locator("output[data-count]")).to_have_text(f"{len(expected)} / {len(targets)}")

    page.select_option("select[data-filter-column='3']", "")
    page.fill("input[data-filter-text]", "bao hiem")  # the targets table is in English: nothing matches
    assert visible_rows(page) == []
    expect(page.locator("output[data-count]")).to_have_text(f"0 / {len(targets)}")
    page.fill("input[data-filter-text]", "insurance")
    assert set(visible_rows(page)) == {t["id"] for t in targets if "insurance" in t["indicator_en"].lower()}
    page.fill("input[data-filter-text]", "")

    page.click("#targets-table th:nth-child(3) button")
    deadlines = {t["id"]: t["deadline"] or "9999" for t in targets}
    order = [deadlines[i] for i in visible_rows(page)]
    assert order == sorted(order)
    page.click("#targets-table th:nth-child(3) button")
    order = [deadlines[i] for i in visible_rows(page)]
    assert order == sorted(order, reverse=True)
    assert page.locator("#targets-table th:nth-child(3)").get_attribute("aria-sort") == "descending"


def test_filter_the_deadlines_by_status_and_body(page: Page, base_url: str) -> None:
    """The Deadlines page filters like the other tables; the choices are the words shown in its rows."""
    page.goto(base_url + "deadlines/")
    table = page.locator("#deadlines-table tbody tr")
    rows = table.evaluate_all("rows => rows.map(r => [r.id, r.cells[1].textContent.trim(), r.cells[5].textContent])")
    total = len(rows)
    commitments = len(read_rows(PACKAGE / "data" / "targets.csv")) + len(read_rows(PACKAGE / "data" / "tasks.csv"))
    assert total == min(commitments, DEADLINES_PAGE_SIZE)  # the first page's rows

    def shown() -> set[str]:
        return set(page.locator("#deadlines-table tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.id)"))

    page.select_option("select[data-filter-column='5']", PAST)
    expected = {row_id for row_id, _, status in rows if status.startswith(PAST)}
    assert expected and shown() == expected
    expect(page.locator("output[data-count]")).to_have_text(f"{len(expected)} / {total}")
    page.select_option("select[data-filter-column='5']", "")
    body = next(body for _, body, _ in rows if body != "not stated by the source")  # one on this page
    page.select_option("select[data-filter-column='1']", body)
    expected = {row_id for row_id, name, _ in rows if name == body}
    assert expected and shown() == expected
    if any(name == "not stated by the source" for _, name, _ in rows):
        page.select_option("select[data-filter-column='1']", "not stated by the source")
        assert shown() == {row_id for row_id, name, _ in rows if name == "not stated by the source"}


def test_home_page_counts_open_the_deadlines_filtered(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.locator(".vt-status-counts a").first.click()
    assert f"deadlines/?{urlencode({'status': PAST})}" in page.url
    expect(page.locator("select[data-filter-param='status']")).to_have_value(PAST)
    statuses = page.locator("#deadlines-table tbody tr:not([hidden]) td:nth-child(6)").all_inner_texts()
    assert statuses and all(text.startswith(PAST) for text in statuses)
    page.goto(base_url + "deadlines/?status=No+such+status")  # an unknown value: every row
    expect(page.locator("select[data-filter-param='status']")).to_have_value("")
    assert (
        page.locator("#deadlines-table tbody tr:not([hidden])").count()
        == page.locator("#deadlines-table tbody tr").count()
    )


def test_deadlines_show_every_row_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "deadlines/")
    total = len(read_rows(PACKAGE / "data" / "targets.csv")) + len(read_rows(PACKAGE / "data" / "tasks.csv"))
    assert page.locator("#deadlines-table tbody tr").count() == min(total, DEADLINES_PAGE_SIZE)
    assert page.locator(".vt-filters").is_hidden()
    context.close()


def fold(text: str) -> str:
    """What the filter compares: lower case, without diacritics, đ as d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@pytest.mark.parametrize(("with_diacritics", "without"), [("bảo hiểm", "bao hiem"), ("Y TẾ", "y te"), ("được", "duoc")])
def test_table_filter_ignores_diacritics(page: Page, base_url: str, with_diacritics: str, without: str) -> None:
    page.goto(base_url + "excerpts/")
    rows = page.locator("#excerpts-table tbody tr").evaluate_all("rows => rows.map(r => [r.id, r.textContent])")
    words = fold(without).split()  # a row matches when it contains every word
    expected = {row_id for row_id, text in rows if all(word in fold(text) for word in words)}
    assert 0 < len(expected) < len(rows), "the query must match some rows and not others"

    def shown(query: str) -> set[str]:
        page.fill("input[data-filter-text]", query)
        return set(page.locator("#excerpts-table tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.id)"))

    assert shown(with_diacritics) == expected
    assert shown(without) == expected
    expect(page.locator("output[data-count]")).to_have_text(f"{len(expected)} / {len(rows)}")
    assert shown("") == {row_id for row_id, _ in rows}


def test_tables_show_every_row_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "targets/")
    assert page.locator("#targets-table tbody tr").count() == len(read_rows(PACKAGE / "data" / "targets.csv"))
    assert page.locator(".vt-filters").is_hidden()
    context.close()


def test_from_a_resolution_to_its_target_and_back(page: Page, base_url: str) -> None:
    page.goto(base_url + "resolutions/gs-conclusion-health-care-2025/")
    page.get_by_role("link", name="Free hospital fees for all people").first.click()
    assert page.url == base_url + "targets/vn-free-hospital-fees-2030-2035/"
    expect(page.locator("h1")).to_have_text("Free hospital fees for all people")
    expect(page.locator(".vt-wording blockquote")).to_contain_text("free hospital fees for all people")
    page.locator(".vt-meta").get_by_role("link", name="Conclusion of General Secretary To Lam", exact=False).click()
    assert page.url == base_url + "resolutions/gs-conclusion-health-care-2025/"


def test_every_download_link_returns_its_file(page: Page, base_url: str, built_site: Path) -> None:
    page.goto(base_url + "downloads/")
    links = page.locator("a[download]")
    rows = page.locator("a[download]").evaluate_all(
        "links => links.map(a => [a.href, a.closest('tr').querySelector('.vt-hash').textContent])"
    )
    assert links.count() >= len(list((PACKAGE / "data").glob("*.csv"))) + 1
    for href, shown_hash in rows:
        response = page.request.get(href)
        assert response.status == 200, href
        body = response.body()
        local = built_site / href[len(base_url) :]
        assert body == local.read_bytes(), href
        assert hashlib.sha256(body).hexdigest() == shown_hash.strip(), href
    csv_links = [href for href, _ in rows if href.endswith(".csv")]
    for path in (PACKAGE / "data").glob("*.csv"):
        matching = [h for h in csv_links if h.endswith(f"/data/{path.name}")]
        assert matching and page.request.get(matching[0]).body() == path.read_bytes()


def test_pages_make_no_request_outside_the_site(page: Page, base_url: str) -> None:
    """No CDN, no web font, no API: the site works offline and tells no third party who reads it."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["", "resolutions/72-nq-tw/", "targets/", "downloads/"]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    search(page, base_url, "vien phi")
    page.wait_for_load_state("networkidle")
    outside = [url for url in requests if not url.startswith(base_url) and not url.startswith("data:")]
    assert requests and not outside, outside


def test_search_results_show_a_summary_not_the_field_labels(page: Page, base_url: str) -> None:
    search(page, base_url, "hospital fees")
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert excerpts and all(excerpts), excerpts
    for label in ("Date issued", "Implemented by", "not stated", "Summary:"):
        assert not any(label in text for text in excerpts), (label, excerpts)
    assert page.locator("label[for='vt-search-input']").is_visible()


def test_header_search_form_works_on_a_phone_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "targets/")
    page.fill("#vt-header-q", "vien phi")
    page.press("#vt-header-q", "Enter")
    page.wait_for_url("**/search/?q=vien+phi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_citation_is_not_set_in_the_generic_monospace(page: Page, base_url: str) -> None:
    """The generic monospace of most Linux systems (DejaVu Sans Mono) has no ế, ề, ể, ấ, so Chromium
    drew "Kê´hoạch" (the Vietnamese review of 2026-12-07, E1): the citation and the address are in
    the text font, and the embed code's fixed-width fonts end with the text font, not `monospace`."""
    page.goto(base_url + "vi/targets/hai-phong-health-insurance-coverage-2026/")
    font = "element => getComputedStyle(element).fontFamily"
    text = page.locator("article p").first.evaluate(font)
    for selector in (".vt-cite code", ".vt-permalink code"):
        family = page.locator(selector).evaluate(font)
        assert family == text and "monospace" not in family, (selector, family)
    embed = page.locator(".vt-embed-code code").evaluate(font)
    assert "monospace" not in embed and embed.endswith(text), embed
    page.goto(base_url + "vi/downloads/")
    assert "monospace" not in page.locator(".vt-cite-block code").first.evaluate(font)
