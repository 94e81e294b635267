"""Pages that list records: pagination keeps every item once, the timeline is in date order and
the home page lists the next deadlines. Expectations are computed from the CSV files."""

from __future__ import annotations

import calendar
import json
import re
import shutil
from collections import Counter
from datetime import date
from html import escape, unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import PACKAGE, PackageCopy, period_end, read_rows

from tracker import render as render_module
from tracker.load import Package, Table, references
from tracker.outputs import render_language as render
from tracker.records import SEGMENTS, slug
from tracker.render import PAGE_SIZE, Site, load_strings, paginate
from tracker.validate import check

STRINGS = load_strings()
DESCRIPTOR = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))


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


RELEASE = date.fromisoformat(DESCRIPTOR["created"][:10])


def achieved() -> set[str]:
    """The site paths of the targets and tasks a progress report says are done, and of the tasks
    whose output document has an issue date that begins on or before the release date, unless that
    output is linked by inference (output_inferred)."""
    issued = {r["id"] for r in rows("resolutions") if r["date_issued"] and r["date_issued"] <= RELEASE.isoformat()}
    return {
        url("tasks", r["task_id"]) if r["task_id"] else url("targets", r["target_id"])
        for r in rows("progress")
        if r["status"] == "done"
    } | {url("tasks", r["id"]) for r in rows("tasks") if r["output"] in issued and r["output_inferred"] != "true"}


def commitments() -> list[tuple[str, dict[str, str]]]:
    return [(kind, row) for kind in ("targets", "tasks") for row in rows(kind)]


def next_deadlines(today: date) -> list[str]:
    """The home page's list: the five earliest targets and tasks, not achieved, whose deadline has not
    passed (this year's count); on the same deadline, targets before tasks, then by id."""
    done = achieved()
    upcoming = [
        (row["deadline"], kind, row["id"])
        for kind, row in commitments()
        if row["deadline"] and period_end(row["deadline"]) >= today and url(kind, row["id"]) not in done
    ]
    return [url(kind, record_id) for _, kind, record_id in sorted(upcoming)][:5]


def expected_status(kind: str, row: dict[str, str], today: date = RELEASE) -> str:
    """The status rules of docs/statuses.md, computed again from the CSVs."""
    if url(kind, row["id"]) in achieved():
        return "achieved"
    if not row["deadline"]:
        return "no-deadline"
    end = period_end(row["deadline"])
    index = today.month - 1 + 6  # six calendar months later, on the same day or the month's last
    year, month = today.year + index // 12, index % 12 + 1
    soon = date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    if end < today:
        return "overdue"
    return "due-soon" if end <= soon else "later"


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
    """What each topic and issuer page lists, from the CSVs and the schemas: every record of every
    resource that refers to it through any reference field, once."""
    expected: dict[str, Counter[str]] = {}
    for resource in DESCRIPTOR["resources"]:
        for row in rows(resource["name"]):
            pointed = set()
            for name, ref in references(resource).items():
                if ref.resource in ("topics", "issuers"):
                    for value in filter(None, row[name].split(";") if ref.is_list else [row[name]]):
                        pointed.add(url(ref.resource, value))
            for base in pointed:
                expected.setdefault(base, Counter())[url(resource["name"], row["id"])] += 1
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


def test_timeline_lists_every_event_in_date_order_with_the_release_date(built_site: Path) -> None:
    """Documents issued, deadlines of targets and tasks, meetings and progress reports, and the
    "as of" marker after everything dated up to the release date."""
    order = {"date": 0, "deadline": 1, "date_issued": 2}  # on one date: meetings and reports, deadlines, issues
    events = [
        (row[name], order[name], row["id"], url(resource["name"], row["id"]))
        for resource in DESCRIPTOR["resources"]
        for row in rows(resource["name"])
        for name in order
        if row.get(name)
    ]
    expected = [link for _, _, _, link in sorted(events)]
    marker = sum(1 for day, *_ in events if day <= RELEASE.isoformat())
    expected.insert(marker, "as-of")
    shown = [
        "as-of" if STRINGS["words"]["as_of_event"] in item else item
        for html in built_pages(built_site, "timeline")
        for item in list_items(html, "vt-timeline")
    ]
    assert shown == expected
    assert {"tasks", "events", "progress"} <= {link.split("/")[0] for link in expected}


def home_deadlines(html: str) -> list[str]:
    """The items of the list under the home page's "Next deadlines" heading."""
    heading = re.escape(STRINGS["home"]["next_deadlines"])
    section = re.split(rf"(?:<h2[^>]*>|## ){heading}", html, maxsplit=1)[1]  # the heading, not the table of contents
    return list_items(section.split("</ul>", 1)[0] + "</ul>", "vt-list")


def test_home_page_lists_the_next_deadlines_as_of_the_release_date(built_site: Path) -> None:
    expected = next_deadlines(RELEASE)
    assert home_deadlines((built_site / "index.html").read_text(encoding="utf-8")) == expected
    assert len(expected) == 5


def test_home_page_deadlines_do_not_depend_on_the_clock(package: Package, tmp_path: Path) -> None:
    """In the middle of the year of a year-only deadline, that deadline is still to come."""
    year = min(int(t["deadline"]) for t in rows("targets") if len(t["deadline"]) == 4)
    today = date(year, 6, 15)
    expected = next_deadlines(today)
    assert any(period_end(t["deadline"]).year == year for t in rows("targets") if url("targets", t["id"]) in expected)
    render(package, tmp_path, site(), today=today)
    assert home_deadlines((tmp_path / "index.md").read_text(encoding="utf-8")) == expected


def test_render_defaults_to_the_release_date_not_the_clock(package: Package, tmp_path: Path) -> None:
    render(package, tmp_path / "a", site())
    render(package, tmp_path / "b", site(), today=RELEASE)
    for name in ("index.md", "deadlines/index.md", "timeline/index.md"):
        assert (tmp_path / "a" / name).read_text(encoding="utf-8") == (tmp_path / "b" / name).read_text(
            encoding="utf-8"
        )
    assert RELEASE.isoformat() in (tmp_path / "a" / "deadlines/index.md").read_text(encoding="utf-8")


# Commitments: the Deadlines page, the home page's counts, task and issuer pages


def table_rows(html: str, table_id: str) -> list[str]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr id=\"([^\"]+)\"", table)


def deadline_pages(site: Path) -> list[str]:
    """The Deadlines pages in order: the first, then page-2, page-3, ..."""
    folder = site / "deadlines"
    pages = [folder / "index.html"]
    while (folder / f"page-{len(pages) + 1}" / "index.html").is_file():
        pages.append(folder / f"page-{len(pages) + 1}" / "index.html")
    return [page.read_text(encoding="utf-8") for page in pages]


def test_deadlines_page_lists_every_commitment_overdue_first(built_site: Path) -> None:
    pages = deadline_pages(built_site)
    html = pages[0]
    rank = ("overdue", "due-soon", "later", "no-deadline", "achieved")
    done = achieved()
    expected = sorted(
        (
            rank.index(expected_status(kind, row)),
            # an achieved commitment keeps its deadline's end too (tracker/status.py)
            period_end(row["deadline"]) if row["deadline"] else date.max,
            row["deadline"],
            kind,
            row["id"],
        )
        for kind, row in commitments()
    )
    listed = [row for page in pages for row in table_rows(page, "deadlines-table")]
    assert listed == [f"{kind}-{record_id}" for *_, kind, record_id in expected]
    assert len(pages) == -(-len(expected) // render_module.DEADLINES_PAGE_SIZE)  # pages of DEADLINES_PAGE_SIZE rows
    shown = [rank[r] for r, *_ in expected]
    assert done  # the data has achieved commitments, sorted by their deadlines below
    assert shown[0] == "overdue" and shown[-1] == "achieved" and "due-soon" in shown and "later" in shown
    assert f"Statuses as of {RELEASE.isoformat()}" in html


def test_deadlines_sort_by_when_puts_every_dated_commitment_before_the_undated(built_site: Path) -> None:
    """The "By when" column's sort key is the deadline's last day whatever the status, achieved
    included; only a commitment without a deadline sorts last (9999)."""
    deadlines = {f"{kind}-{row['id']}": row["deadline"] for kind, row in commitments()}
    keys = {}
    for html in deadline_pages(built_site):
        for row_id, key in re.findall(r'<tr id="([^"]+)"><td>.*?</td><td>.*?</td><td data-sort="([^"]*)">', html):
            keys[row_id] = key
    assert keys.keys() == deadlines.keys()
    for row_id, deadline in deadlines.items():
        assert keys[row_id] == (period_end(deadline).isoformat() if deadline else "9999"), row_id
    done = [f"{kind}-{row['id']}" for kind, row in commitments() if url(kind, row["id"]) in achieved()]
    assert any(keys[row_id] != "9999" for row_id in done)


def select_options(html: str, label: str, key: bool = False) -> list[str]:
    """The options of a filter: their texts, or (key=True) their language-independent data-key."""
    found = re.search(rf'<label class="vt-filter">{re.escape(label)} <select[^>]*>(.*?)</select>', html, re.S)
    assert found, label
    options = re.findall(r'<option(?: data-key="([^"]*)")?>(.*?)</option>', found.group(1))
    return [unescape(o[0] if key else o[1]) for o in options]


def test_deadlines_page_filters_offer_the_values_of_its_rows(built_site: Path) -> None:
    """A Deadlines page's filters offer the values of the rows on that page (the first, here)."""
    html = (built_site / "deadlines" / "index.html").read_text(encoding="utf-8")
    on_page = set(table_rows(html, "deadlines-table"))

    shown = [(kind, row) for kind, row in commitments() if f"{kind}-{row['id']}" in on_page]

    pages = STRINGS["pages"]
    issuers = {r["id"]: r["name_en"] for r in rows("issuers")}
    bodies = sorted({issuers[row["responsible"]] for _, row in shown if row["responsible"]})
    if any(not row["responsible"] for _, row in shown):
        bodies.append(STRINGS["words"]["not_stated_source"])
    assert select_options(html, pages["filter_responsible"]) == bodies
    named = {(issuers[r["responsible"]], r["responsible"]) for _, r in shown if r["responsible"]}
    keys = [i for _, i in sorted(named)]
    assert select_options(html, pages["filter_responsible"], key=True) == keys + ["none"] * (len(bodies) - len(keys))
    places = {r["id"]: r["name_en"] for r in rows("jurisdictions")}
    assert select_options(html, pages["filter_jurisdiction"]) == sorted({places[r["jurisdiction"]] for _, r in shown})
    assert select_options(html, pages["filter_jurisdiction"], key=True) == [
        i for _, i in sorted({(places[r["jurisdiction"]], r["jurisdiction"]) for _, r in shown})
    ]
    topics = {r["id"]: r["name_en"] for r in rows("topics")}
    used = {topics[t] for _, r in shown for t in (r.get("topics") or r.get("topic") or "").split(";") if t}
    assert select_options(html, pages["filter_topic"]) == sorted(used)
    statuses = STRINGS["commitment_statuses"]
    present = {expected_status(kind, row) for kind, row in shown}
    order = ("overdue", "due-soon", "later", "no-deadline", "achieved")
    assert select_options(html, pages["filter_status"]) == [statuses[c] for c in order if c in present]
    # ?status=overdue selects the same option in every language (the language switch sends it)
    assert select_options(html, pages["filter_status"], key=True) == [c for c in order if c in present]
    assert '<div class="vt-filters" data-filters-for="deadlines-table" hidden>' in html  # shown by tables.js


def test_home_page_counts_commitments_as_of_the_release_date(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    counts = Counter(expected_status(kind, row) for kind, row in commitments())
    assert counts["overdue"] and counts["achieved"]
    statuses = STRINGS["commitment_statuses"]
    for code in ("overdue", "due-soon", "achieved"):
        link = f"deadlines/?{urlencode({'status': statuses[code]})}"
        assert f'<a href="{escape(link)}"><strong>{counts[code]}</strong> {statuses[code].lower()}</a>' in html, code
    assert STRINGS["home"]["commitments_lead"].format(date=RELEASE.isoformat()) in html
    assert html.index(STRINGS["home"]["commitments"]) < html.index(STRINGS["home"]["counts"])


def test_a_task_whose_output_is_issued_shows_the_document_as_its_evidence(built_site: Path, tmp_path: Path) -> None:
    """Rule 2 of the statuses: a task with no report saying it is done, whose output document is
    issued, is achieved with that document as its evidence (on its page and on Deadlines). Every
    such task of the real data now has a report too, so the test removes the report from a copy."""
    task_id = "government-action-programme-72"
    copy = PackageCopy(tmp_path / "datapackage")
    shutil.copytree(PACKAGE, copy.root)
    reports = [r for r in read_rows(copy.csv("progress")) if r["task_id"] != task_id]
    copy.rewrite("progress", reports)
    problems, loaded = check(str(copy.root))
    assert not problems and loaded is not None, problems
    render(loaded, tmp_path / "docs", site())
    task = next(r for r in rows("tasks") if r["id"] == task_id)
    document = next(r for r in rows("resolutions") if r["id"] == task["output"])
    assert document["date_issued"]
    named = STRINGS["numbered"][document["type"]].format(number=document["number"])
    evidence = STRINGS["words"]["output_issued"].format(document=named, date=document["date_issued"])
    link = re.escape(url("resolutions", document["id"]))
    shown = re.compile(rf'<a href="(?:\.\./)*{link}">{re.escape(evidence)}</a>')
    assert shown.search((tmp_path / "docs" / f"{url('tasks', task_id)[:-1]}.md").read_text(encoding="utf-8"))
    deadlines = [p.read_text(encoding="utf-8") for p in (tmp_path / "docs" / "deadlines").rglob("*.md")]
    row = next(html for html in deadlines if f'id="tasks-{task_id}"' in html)
    assert shown.search(row[row.index(f'id="tasks-{task_id}"') :])
    lead = (built_site / "deadlines" / "index.html").read_text(encoding="utf-8")
    lead = lead[lead.index('<p class="vt-as-of-lead">') :]
    lead = lead[: lead.index("</p>")]
    assert 'href="../data-dictionary/#statuses"' in lead  # how statuses are decided
    newest = max(r["published"] for r in rows("sources") if r["published"])
    assert newest in lead  # the newest source checked, by its date


def test_an_output_linked_by_inference_achieves_nothing(built_site: Path) -> None:
    """A task whose output is the tracker's inference (output_inferred) is not achieved by that
    document's issue, and its page says the link is an inference, pointing to the notes; so does
    a progress report linked by inference (inferred), in the task's list of reports."""
    inferred = [r for r in rows("tasks") if r["output_inferred"] == "true"]
    assert inferred
    issued = {r["id"] for r in rows("resolutions") if r["date_issued"]}
    assert any(r["output"] in issued for r in inferred)
    marker = STRINGS["words"]["inferred"]
    for task in inferred:
        assert url("tasks", task["id"]) not in achieved() or any(
            r["task_id"] == task["id"] and r["status"] == "done" for r in rows("progress")
        )
        html = unescape((built_site / url("tasks", task["id"]) / "index.html").read_text(encoding="utf-8"))
        assert f'#notes">({marker})</a>' in html
        assert 'id="notes"' in html
    status = STRINGS["commitment_statuses"]["overdue"]
    task = next(r for r in inferred if r["id"] == "politburo-resolution-health-breakthrough")
    html = (built_site / url("tasks", task["id"]) / "index.html").read_text(encoding="utf-8")
    assert status in html
    reports = [r for r in rows("progress") if r["inferred"] == "true"]
    assert reports and not any(r["status"] == "done" for r in reports)
    for report in reports:
        on = url("tasks", report["task_id"]) if report["task_id"] else url("targets", report["target_id"])
        html = unescape((built_site / on / "index.html").read_text(encoding="utf-8"))
        section = html[html.index(f'id="{report["id"]}"') :]
        section = section[: section.index("</section>")]
        assert f"({marker})</a>" in section, report["id"]


def test_a_document_status_says_when_and_where_it_was_reported(built_site: Path) -> None:
    html = (built_site / "resolutions" / "ntp-health-population-2026-2035" / "index.html").read_text(encoding="utf-8")
    # cited: Thanh Niên (2025-05), Nhân Dân (2025), VnEconomy (2025-11-25) and Ngày Nay (2026-03-08): the latest
    reported = STRINGS["words"]["as_reported"].format(date="2026-03-08")
    source = url("sources", "ngaynay-34-nq-cp")
    assert re.search(rf"{STRINGS['statuses']['in-preparation']}, {reported} \(<a href=\"\.\./\.\./{source}\">", html)


def test_a_value_flagged_as_a_misprint_links_to_its_notes(built_site: Path) -> None:
    flagged = [r["id"] for r in rows("targets") if r["value_misprint"] == "true"]
    assert flagged == ["hanoi-population-health-management-2030"]
    marker = re.compile(
        rf'<a class="vt-misprint" href="(?:\.\./)+{re.escape(url("targets", flagged[0]))}#notes">'
        rf"\[{re.escape(STRINGS['words']['misprint'])}\]</a>"
    )
    for folder in ("deadlines", "timeline"):  # every page of each
        pages = [built_site / folder / "index.html", *sorted((built_site / folder).glob("page-*/index.html"))]
        html = "".join(p.read_text(encoding="utf-8") for p in pages)
        assert len(marker.findall(html)) == 1, folder
    assert 'id="notes"' in (built_site / url("targets", flagged[0]) / "index.html").read_text(encoding="utf-8")


def html_count(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").count(text)


def test_deadlines_is_in_the_navigation_right_after_home(built_site: Path) -> None:
    html = (built_site / "timeline" / "index.html").read_text(encoding="utf-8")  # a page without a table of contents
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    links = list(dict.fromkeys(re.findall(r'href="([^"#]*)"', nav[: nav.index("</nav>")])))
    assert links[:3] == ["..", "../deadlines/", "../search/"]
    for folder in ("tasks", "events", "people"):
        assert f"../{folder}/" in links


def test_task_page_shows_its_setter_body_deadline_status_and_source(built_site: Path) -> None:
    task = next(r for r in rows("tasks") if r["set_by_event"] and r["responsible"] and r["deadline"])
    html = (built_site / url("tasks", task["id"]) / "index.html").read_text(encoding="utf-8")
    assert f'href="../../{url("events", task["set_by_event"])}"' in html
    assert f'href="../../{url("issuers", task["responsible"])}"' in html
    assert f'href="../../{url("sources", task["source"])}"' in html
    assert f'<time datetime="{task["deadline"]}">' in html
    assert STRINGS["commitment_statuses"][expected_status("tasks", task)] in html
    assert STRINGS["words"]["as_of_day"].format(date=RELEASE.isoformat()) in html
    assert unescape(html).count(task["source_wording"]) == 1


def test_task_with_a_done_report_shows_it_as_evidence(built_site: Path) -> None:
    report = next(r for r in rows("progress") if r["status"] == "done" and r["task_id"])
    html = (built_site / url("tasks", report["task_id"]) / "index.html").read_text(encoding="utf-8")
    assert STRINGS["commitment_statuses"]["achieved"] in html
    assert f'href="../../{url("progress", report["id"])}"' in html
    assert unescape(html).count(report["source_wording"]) == 1
    page = (built_site / url("progress", report["id"]) / "index.html").read_text(encoding="utf-8")
    assert f'href="../../{url("tasks", report["task_id"])}"' in page
    assert f'href="../../{url("sources", report["source"])}"' in page


def test_issuer_page_lists_what_it_must_deliver(built_site: Path) -> None:
    for issuer in rows("issuers"):
        responsible = [url("tasks", t["id"]) for t in rows("tasks") if t["responsible"] == issuer["id"]]
        coordinating = [url("tasks", t["id"]) for t in rows("tasks") if issuer["id"] in t["coordinating"].split(";")]
        html = (built_site / url("issuers", issuer["id"]) / "index.html").read_text(encoding="utf-8")
        for table_id, expected in (("responsible-tasks", responsible), ("coordinating-tasks", coordinating)):
            table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
            assert re.findall(r'<td><a href="\.\./\.\./(tasks/[^"]+)"', table) == expected, (issuer["id"], table_id)
    assert any(t["responsible"] for t in rows("tasks")) and any(t["coordinating"] for t in rows("tasks"))


def test_document_and_event_pages_list_the_tasks_they_set(built_site: Path) -> None:
    for kind, column in (
        ("resolutions", "set_by_resolution"),
        ("local_plans", "set_by_local_plan"),
        ("events", "set_by_event"),
    ):
        for row in rows(kind):
            expected = [url("tasks", t["id"]) for t in rows("tasks") if t[column] == row["id"]]
            html = (built_site / url(kind, row["id"]) / "index.html").read_text(encoding="utf-8")
            table = html.split('id="tasks-set"', 1)[1].split("</table>", 1)[0]
            assert re.findall(r'<td><a href="\.\./\.\./(tasks/[^"]+)"', table) == expected, (kind, row["id"])


def test_a_new_resource_gets_pages_from_its_schema_and_the_generic_templates(package: Package, tmp_path: Path) -> None:
    """A resource with no template of its own: its pages, index and reverse links need no Python change."""
    issuer = rows("issuers")[0]
    copy = Package(package.root, package.shown_root, json.loads(json.dumps(package.descriptor)), dict(package.tables))
    copy.descriptor["resources"].append(
        {
            "name": "hearings",
            "path": "data/hearings.csv",
            "title": "Public hearings",
            "description": "Hearings held in public.",
            "x-path": "public-hearings",
            "x-label": ["title"],
            "schema": {
                "fields": [
                    {"name": "id", "type": "string", "title": "Identifier", "description": "Identifier."},
                    {"name": "title", "type": "string", "title": "Title", "description": "Title."},
                    {"name": "body", "type": "string", "title": "Body", "description": "Body."},
                ],
                "primaryKey": ["id"],
                "foreignKeys": [{"fields": ["body"], "reference": {"resource": "issuers", "fields": ["id"]}}],
            },
        }
    )
    row = {"id": "h1", "title": "A <b>hearing</b>", "body": issuer["id"]}
    copy.tables["hearings"] = Table("hearings", "data/hearings.csv", list(row), [row], [2])
    render(copy, tmp_path, site())
    page = (tmp_path / "public-hearings" / "h1.md").read_text(encoding="utf-8")
    assert f'href="../../{url("issuers", issuer["id"])}"' in page
    assert "A &lt;b&gt;hearing&lt;/b&gt;" in page and "<b>" not in page
    assert 'href="../public-hearings/h1/"' in (tmp_path / "public-hearings" / "index.md").read_text(encoding="utf-8")
    issuer_page = (tmp_path / f"{url('issuers', issuer['id'])[:-1]}.md").read_text(encoding="utf-8")
    assert 'href="../../public-hearings/h1/"' in issuer_page


VI = load_strings("vi")


def vi_page(site: Path, resource: str, record_id: str) -> str:
    return (site / "vi" / url(resource, record_id) / "index.html").read_text(encoding="utf-8")


def test_a_document_not_yet_issued_names_its_drafting_body_not_an_issuer(built_site: Path) -> None:
    """A document in preparation has a drafting body, no signer and no number or date of issue yet:
    its page says so, never "Cơ quan ban hành" (the Vietnamese review of 2026-12-07, A3 and A6)."""
    pending = [r for r in rows("resolutions") if r["status"] != "issued"]
    assert len(pending) >= 3
    for row in pending:
        html = vi_page(built_site, "resolutions", row["id"])
        assert f"<dt data-pagefind-ignore>{VI['fields']['drafter']}</dt>" in html, row["id"]
        assert VI["fields"]["issuer"] not in html, row["id"]
        assert f"<dt data-pagefind-ignore>{VI['fields']['signer']}</dt>" not in html, row["id"]
        assert f'<span class="vt-none">{VI["words"]["not_issued"]}</span>' in html, row["id"]
        if not row["number"]:
            assert f'<span class="vt-none">{VI["words"]["not_yet"]}</span>' in html, row["id"]
        english = (built_site / url("resolutions", row["id"]) / "index.html").read_text(encoding="utf-8")
        assert f"<dt data-pagefind-ignore>{STRINGS['fields']['drafter']}</dt>" in english
    issued = vi_page(built_site, "resolutions", "72-nq-tw")
    assert f"<dt data-pagefind-ignore>{VI['fields']['issuer']}</dt>" in issued
    assert f"<dt data-pagefind-ignore>{VI['fields']['signer']}</dt>" in issued
    index = (built_site / "vi" / "resolutions" / "index.html").read_text(encoding="utf-8")
    assert f"<th>{VI['fields']['body']}</th>" in index and f"({VI['words']['drafting']})" in index


def test_vietnamese_pages_name_documents_and_counts_as_the_review_asked(built_site: Path) -> None:
    """ "Nghị quyết số 72-NQ/TW", not a kind and a bare number; the home counts from the catalogue
    ("văn bản của Trung ương", capital T); "byte", not "Bytes"; the other language's title said to
    be so; a position without its English in brackets; and an empty "implements" as "—"."""
    home = (built_site / "vi" / "index.html").read_text(encoding="utf-8")
    assert f"</strong> {VI['counts']['resolutions']}</a>" in home and "văn bản của Trung ương" in home
    downloads = (built_site / "vi" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "Bytes" not in downloads and re.search(r"\d byte<", downloads)
    page = vi_page(built_site, "resolutions", "72-nq-tw")
    assert ">Nghị quyết số 282/NQ-CP</a>" in page
    assert VI["words"]["in_language"].format(language=VI["languages"]["en"]) in page
    timeline = "".join(p.read_text(encoding="utf-8") for p in (built_site / "vi" / "timeline").rglob("index.html"))
    assert f"{VI['kinds']['events']} <a" not in timeline and f"{VI['kinds']['resolutions']} <a" not in timeline
    person = vi_page(built_site, "people", "to-lam")
    assert "General Secretary" not in person
    without = next(r["id"] for r in rows("resolutions") if not r["implements"])
    assert f'<dt data-pagefind-ignore>{VI["fields"]["implements"]}</dt> <dd><span class="vt-none">—</span>' in vi_page(
        built_site, "resolutions", without
    )
    assert 'id="diem-moi-cua-phien-ban-' in home and 'id="iem-' not in home


def test_an_empty_relation_says_none_in_this_data_in_both_languages(built_site: Path) -> None:
    """A resolution no other document implements says so of the tracker's data ("none in this
    data"), not of the world ("none")."""
    implemented = {i for r in rows("resolutions") for i in r["implements"].split(";") if i}
    alone = [r["id"] for r in rows("resolutions") if r["id"] not in implemented]
    assert alone
    for language, prefix in (("en", ""), ("vi", "vi/")):
        strings = load_strings(language)
        label, none = escape(strings["fields"]["implemented_by"]), escape(strings["words"]["none"])
        assert none == {"en": "none in this data", "vi": "chưa có trong dữ liệu này"}[language]
        for record_id in alone:
            html = (built_site / prefix / url("resolutions", record_id) / "index.html").read_text(encoding="utf-8")
            assert f'{label}</dt> <dd><span class="vt-none">{none}</span></dd>' in html, (language, record_id)
