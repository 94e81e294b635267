"""The synthetic package generator and the benchmark (its report's shape, never its timings)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import PACKAGE, ROOT, broken_links, read_rows, run_cli

from benchmarks.bench import END, PERFORMANCE, START, figures_block, update_figures
from benchmarks.synthetic import generate, provinces, text_fields
from tracker import load, render
from tracker.dates import period, release_date
from tracker.outputs import render_language
from tracker.records import SEGMENTS, slug
from tracker.site import Paths, build
from tracker.validate import check

MULTIPLE = 4


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(PACKAGE, tmp_path_factory.mktemp("synthetic") / "datapackage", MULTIPLE)


def test_generated_package_is_valid_and_keys_hold(synthetic: Path) -> None:
    problems, package = check(str(synthetic))
    assert problems == [] and package is not None  # includes primary, foreign and list keys
    for path in (PACKAGE / "data").glob("*.csv"):
        real = read_rows(path)
        rows = read_rows(synthetic / "data" / path.name)
        national = sum(1 for row in real if row["id"] == "VN")
        assert len(rows) == MULTIPLE * len(real) - (MULTIPLE - 1) * national
        assert len({row["id"] for row in rows}) == len(rows)


def test_generated_text_is_varied_vietnamese_and_english(synthetic: Path) -> None:
    rows = read_rows(synthetic / "data" / "resolutions.csv")
    assert len({row["title_vi"] for row in rows}) == len(rows)
    vietnamese, english = provinces()[1]  # the name given to replica 1
    assert any(vietnamese in row["title_vi"] for row in rows)
    assert any(english in row["title_en"] for row in rows)


def test_generated_bilingual_text_gets_the_province_in_both_languages(synthetic: Path) -> None:
    """Every required free-text pair (summary_vi and summary_en, notes aside) gets the replica's
    province in its own language, so the Vietnamese of a synthetic row never equals its English;
    inside the brackets of a headline that is the tracker's, and not in a copy of the printed one."""
    descriptor = json.loads((synthetic / "datapackage.json").read_text(encoding="utf-8"))
    by_resource = {r["name"]: r for r in descriptor["resources"]}
    assert {"summary_vi", "summary_en"} <= text_fields(by_resource["resolutions"])
    assert {"description_vi", "description_en"} <= text_fields(by_resource["topics"])
    assert {"title_vi", "title_en"} <= text_fields(by_resource["sources"])
    pairs = 0
    for resource in descriptor["resources"]:
        texts = text_fields(resource)
        same = {f["name"] for f in resource["schema"]["fields"] if f.get("x-may-equal-english")}
        for row in read_rows(synthetic / resource["path"]):
            k = replica(row["id"])
            if not k:
                continue
            vietnamese, english = provinces()[int(k[2:]) % len(provinces())]
            for field in texts:
                twin = field.removesuffix("_vi") + "_en"
                if not field.endswith("_vi") or twin not in texts or field in same:
                    continue
                for name, place in ((field, vietnamese), (twin, english)):
                    value, tag = row[name], f" ({place} r{k[2:]})"
                    if value == row.get("title"):  # the headline as printed, copied: left as it is
                        continue
                    expected = f"{tag}]" if value.startswith("[") else tag
                    assert value.endswith(expected), (resource["name"], row["id"], name)
                assert row[field] != row[twin], (resource["name"], row["id"], field)
                pairs += 1
    assert pairs


def test_generator_goes_past_the_supply_of_province_codes(tmp_path: Path) -> None:
    """1000x (the largest multiple docs/performance.md offers) needs more province replicas than
    two-character codes exist: later replicas share provinces, jurisdiction ids stay unique and
    every reference to a jurisdiction still holds, in every resource."""
    big = generate(PACKAGE, tmp_path / "datapackage", 1000)
    ids = [row["id"] for row in read_rows(big / "data" / "jurisdictions.csv")]
    assert len(ids) == len(set(ids)) > 1000
    assert all(re.fullmatch(r"VN(-[0-9A-Z]{2})?", code) for code in ids)
    descriptor = json.loads((big / "datapackage.json").read_text(encoding="utf-8"))
    checked = set()
    for resource in descriptor["resources"]:
        for column, reference in load.references(resource).items():
            if reference.resource == "jurisdictions":
                assert {row[column] for row in read_rows(big / resource["path"])} <= set(ids), resource["name"]
                checked.add(resource["name"])
    assert {"targets", "local_plans", "issuers", "tasks", "events"} <= checked
    assert len(read_rows(big / "data" / "tasks.csv")) == 1000 * len(read_rows(PACKAGE / "data" / "tasks.csv"))


NEW = ("tasks", "events", "people", "progress")
SETTERS = {"set_by_resolution": "resolutions", "set_by_local_plan": "local_plans", "set_by_event": "events"}
SETTER_DATES = {"resolutions": "date_issued", "local_plans": "date_issued", "events": "date"}


def replica(record_id: str) -> str:
    """The replica a synthetic id belongs to: "-r3" for `x-r3`, "" for the real rows."""
    found = re.search(r"-r[0-9]+$", record_id)
    return found.group(0) if found else ""


@pytest.mark.parametrize("multiple", [1, 3, 12])
def test_new_resources_are_replicated_with_their_rules(multiple: int, tmp_path: Path) -> None:
    """Tasks, events, people and progress: valid at several multiples, references into their own
    replica, one setter per task, one record per report, deadlines not before their setter's date,
    no report after the release date."""
    package = generate(PACKAGE, tmp_path / "datapackage", multiple)
    problems, _ = check(str(package))
    assert problems == []
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    release = release_date(descriptor)
    assert release is not None
    rows = {r["name"]: read_rows(package / r["path"]) for r in descriptor["resources"]}
    by_id = {name: {row["id"]: row for row in table} for name, table in rows.items()}
    for resource in descriptor["resources"]:
        name = resource["name"]
        if name not in NEW:
            continue
        assert len(rows[name]) == multiple * len(read_rows(PACKAGE / resource["path"])) > 0
        for column, reference in load.references(resource).items():
            for row in rows[name]:
                for value in filter(None, row[column].split(";")):
                    assert value in by_id[reference.resource], (name, row["id"], column)
                    if reference.resource != "jurisdictions":
                        assert replica(value) == replica(row["id"]), (name, row["id"], column)
    for task in rows["tasks"]:
        setters = [(column, task[column]) for column in SETTERS if task[column]]
        assert len(setters) == 1, task["id"]
        column, setter = setters[0]
        date = by_id[SETTERS[column]][setter][SETTER_DATES[SETTERS[column]]]
        if task["deadline"] and date:
            assert period(task["deadline"])[1] >= period(date)[0], task["id"]
    for report in rows["progress"]:
        assert bool(report["task_id"]) != bool(report["target_id"]), report["id"]
        assert period(report["date"])[0] <= release, report["id"]
    if multiple > 1:
        people = rows["people"]
        assert len({p["name"] for p in people}) == len(people)  # text varies with the replica
        assert "action_en" in text_fields(next(r for r in descriptor["resources"] if r["name"] == "tasks"))


@pytest.fixture(scope="module")
def big_site(synthetic: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big-site")
    paths = Paths(package=synthetic, docs=root / "docs", out=root / "public")
    assert build(paths, quiet=True) == 0
    return paths.out


def test_indexes_are_paginated_and_list_every_record(synthetic: Path, big_site: Path) -> None:
    for kind, segment in SEGMENTS.items():
        pages = [big_site / segment / "index.html", *sorted((big_site / segment).glob("page-*/index.html"))]
        html = "".join(p.read_text(encoding="utf-8") for p in pages)
        rows = read_rows(synthetic / "data" / f"{kind}.csv")
        assert len(pages) == max(1, -(-len(rows) // render.PAGE_SIZE)), kind
        for row in rows:
            assert f"{segment}/{slug(row['id'])}/" in html, (kind, row["id"])
    excerpts = (big_site / "excerpts" / "index.html").read_text(encoding="utf-8")
    assert 'href="../excerpts/page-2/" rel="next"' in excerpts


def test_paginated_site_has_no_broken_link(big_site: Path) -> None:
    broken, pages = broken_links(big_site)
    assert not broken, "\n".join(broken[:20])
    assert pages > 300


def test_no_page_grows_past_100_kb(big_site: Path) -> None:
    sizes = {p: p.stat().st_size for p in big_site.rglob("*.html")}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] < 100_000, largest


DEADLINES_ROW_BYTES = 2_500  # the heaviest Deadlines row: 1.8 kB in Vietnamese at 4x and at 10x


def test_deadlines_pages_stay_under_100_kb_at_any_multiple(big_site: Path) -> None:
    """A Deadlines page is a frame (header, filters, pager) and DEADLINES_PAGE_SIZE rows. Every link in
    a row is cut (site/templates/deadlines.md.j2), so a row does not grow with the data, and the frame's
    filters list at most what its rows name: a full page of the heaviest rows stays under 100 kB."""
    pages = sorted(big_site.glob("**/deadlines/**/index.html"))
    assert len(pages) > 2 and any("vi" in p.parts for p in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rows = [len(row.encode()) for row in re.findall(r'<tr id=".*?</tr>', html, re.DOTALL)]
        assert 0 < len(rows) <= render.DEADLINES_PAGE_SIZE, page
        assert max(rows) <= DEADLINES_ROW_BYTES, page
        frame = len(html.encode()) - sum(rows)
        assert frame + render.DEADLINES_PAGE_SIZE * DEADLINES_ROW_BYTES < 100_000, page


def test_hub_pages_are_paginated(synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The nation gathers every record that refers to it (national targets, tasks, bodies, ...): with
    10 items a page, its page splits in two or more. Rendered in this process (the build renders in
    worker processes, which would not see the smaller page size)."""
    from tracker.load import references

    monkeypatch.setattr(render, "PAGE_SIZE", 10)
    problems, package = check(str(synthetic))
    assert not problems and package is not None
    strings = render.load_strings("en")
    render_language(
        package, tmp_path / "docs", render.Site(strings, "https://example.org/", "https://example.org/r", [])
    )
    national = [r for r in read_rows(synthetic / "data" / "targets.csv") if r["jurisdiction"] == "VN"]
    descriptor = json.loads((synthetic / "datapackage.json").read_text(encoding="utf-8"))
    gathered = 0
    for resource in descriptor["resources"]:
        columns = [c for c, ref in references(resource).items() if ref.resource == "jurisdictions"]
        gathered += sum(1 for r in read_rows(synthetic / resource["path"]) if any(r[c] == "VN" for c in columns))
    count = -(-gathered // 10)
    assert count >= 2
    folder = tmp_path / "docs" / "jurisdictions"
    pages = [folder / "vn.md", *(folder / "vn").glob("page-*.md")]
    assert len(pages) == count
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    for target in national:
        assert f"targets/{slug(target['id'])}/" in text
    assert 'href="../../../jurisdictions/vn/" rel="prev"' in (folder / "vn" / "page-2.md").read_text(encoding="utf-8")


def test_benchmark_runs_end_to_end_at_1x(tmp_path: Path) -> None:
    output = tmp_path / "bench.json"
    result = run_cli("bench", "--multiples", "1", "--json", str(output))
    assert result.code == 0, result.out + result.err
    report = json.loads(output.read_text(encoding="utf-8"))
    assert set(report) == {"date", "machine", "results"}
    (row,) = report["results"]
    assert row["multiple"] == 1 and row["records"] > 50 and row["pages"] > 50
    assert set(row["steps"]) == {"validate", "exports", "render", "site", "search"}
    for step in row["steps"].values():
        assert step["seconds"] >= 0 and step["peak_mb"] > 0
    for key in ("total_seconds", "peak_mb", "site_mb", "largest_page_kb", "first_search_kb", "lower_bound_seconds"):
        assert isinstance(row[key], int | float), key
    assert row["site_to_lower_bound"] > 0 and row["lower_bound_pages"] > 50
    assert row["stock_site_seconds"] > 0 and row["search_cpu_seconds"] > 0
    cores = report["machine"]["cpus"]
    floor = row["steps"]["validate"]["seconds"] + row["stock_site_seconds"] + row["search_cpu_seconds"] / cores
    assert abs(row["floor_seconds"] - floor) < 0.05
    assert abs(row["total_to_floor"] - row["total_seconds"] / row["floor_seconds"]) < 0.01
    assert row["rebuild_seconds"] > 0
    assert abs(row["rebuild_to_total"] - row["rebuild_seconds"] / row["total_seconds"]) < 0.01
    assert "| rebuild / full build |" in result.out and "| **total / stack floor** |" in result.out
    assert "| **stack floor s** (validate + stock site + Pagefind CPU / cores) |" in result.out
    assert "| first search query KB |" in result.out and "figures written to" in result.out


def test_figures_are_replaced_between_the_markers(tmp_path: Path) -> None:
    report = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    page = tmp_path / "performance.md"
    page.write_text(f"intro\n{START}\nold figures\n{END}\noutro\n", encoding="utf-8")
    update_figures(report, page)
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"intro\n{START}\nLatest run: ") and text.endswith(f"{END}\noutro\n")
    assert "old figures" not in text and "| site step / lower bound |" in text
    assert PERFORMANCE == ROOT / "docs" / "performance.md"  # the page --docs rewrites
    real = PERFORMANCE.read_text(encoding="utf-8")
    assert figures_block(report) in real  # the manual shows the figures of benchmarks/results.json


def test_figures_are_not_appended_to_a_page_without_the_markers(tmp_path: Path) -> None:
    report = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    page = tmp_path / "README.md"
    page.write_text("a front page without figures\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bench:start"):
        update_figures(report, page)
    assert page.read_text(encoding="utf-8") == "a front page without figures\n"
