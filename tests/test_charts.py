"""Charts (tracker/charts.py): SVG files in the real build for both languages, named for assistive
technology, their tables saying what the data says, the same bytes on every draw, and a target's
chart once progress reports give values."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PACKAGE, PackageCopy, read_rows

from tracker import charts, status
from tracker.language import View
from tracker.outputs import render_language as render
from tracker.records import link
from tracker.render import Site, format_date, load_strings
from tracker.validate import check

PAGES = ("index.html", "deadlines/index.html", "timeline/index.html")
SVG = "{http://www.w3.org/2000/svg}svg"


class ChartBlocks(HTMLParser):
    """The charts of a page (<div class="vt-chart">): the image's attributes, the caption and the
    table's rows as lists of cell texts (the header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict] = []
        self.depth = 0  # <div>s open inside the current chart
        self.where: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and "vt-chart" in (values.get("class") or "").split():
            self.charts.append({"img": None, "caption": "", "rows": []})
            self.depth = 1
        elif not self.depth:
            return
        elif tag == "div":
            self.depth += 1
        elif tag == "img":
            self.charts[-1]["img"] = values
        elif tag == "figcaption":
            self.where = "caption"
        elif tag == "tr":
            self.charts[-1]["rows"].append([])
        elif tag in ("td", "th") and self.charts[-1]["rows"]:
            self.charts[-1]["rows"][-1].append("")
            self.where = "cell"

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1
        if tag in ("figcaption", "td", "th"):
            self.where = None

    def handle_data(self, data: str) -> None:
        if self.where == "caption":
            self.charts[-1]["caption"] += data
        elif self.where == "cell":
            self.charts[-1]["rows"][-1][-1] += data


def chart_blocks(page: Path) -> list[dict]:
    parser = ChartBlocks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.charts


def real_data() -> tuple[dict, list[dict]]:
    problems, package = check(str(PACKAGE))
    assert not problems and package is not None
    data = link(package)
    return data, status.annotate(data["kinds"], date.fromisoformat(data["today"]))


@pytest.mark.parametrize("language", ["en", "vi"])
def test_chart_pages_show_an_svg_with_a_name_a_caption_and_a_table(built_site: Path, language: str) -> None:
    strings = load_strings(language)
    root = built_site / ("vi" if language == "vi" else "")
    data, _ = real_data()
    as_of = format_date(data["today"], strings["dates"])
    expected = {
        "index.html": strings["charts"]["deadlines_label"].format(date=as_of),
        "deadlines/index.html": strings["charts"]["deadlines_label"].format(date=as_of),
        "timeline/index.html": strings["charts"]["timeline_label"].format(date=as_of),
    }
    for name in PAGES:
        page = root / name
        (block,) = chart_blocks(page)
        image = block["img"]
        assert image["alt"] == expected[name], name
        assert block["caption"].strip(), name
        svg = (page.parent / image["src"]).resolve()
        assert svg.is_file() and svg.suffix == ".svg", image["src"]
        tree = ElementTree.parse(svg).getroot()  # valid XML
        assert tree.tag == SVG
        assert (int(image["width"]), int(image["height"])) == (int(tree.get("width")), int(tree.get("height")))
        assert len(block["rows"]) > 1 and all(len(row) == len(block["rows"][0]) for row in block["rows"])
    # A target's page has a chart only when reports give values (none in the data yet).
    target = next((root / "targets").glob("*/index.html"))
    assert chart_blocks(target) == []


def test_the_tables_hold_the_counts_the_data_gives(built_site: Path) -> None:
    data, deadlines = real_data()
    strings = load_strings("en")
    names = strings["commitment_statuses"]
    found = Counter((r["deadline"][:4], r["_status"].code) for r in deadlines)
    (block,) = chart_blocks(built_site / "deadlines" / "index.html")
    head, *rows = block["rows"]
    assert head[1:-1] == [names[code] for code in status.ORDER]
    table = {}
    for row in rows:
        year = "" if row[0] == strings["charts"]["no_year"] else row[0]
        counts = [int(cell) for cell in row[1:]]
        assert counts[-1] == sum(counts[:-1])
        table.update({(year, code): n for code, n in zip(status.ORDER, counts[:-1], strict=True) if n})
    assert table == dict(found)
    assert sum(found.values()) == len(deadlines) == len(data["kinds"]["targets"]) + len(data["kinds"]["tasks"])

    (block,) = chart_blocks(built_site / "timeline" / "index.html")
    head, *rows = block["rows"]
    whats = list(charts.TIMELINE_SHAPES)
    assert head[1:] == [strings["charts"]["timeline_rows"][w] for w in whats]
    events = Counter((e["date"][:4], e["what"]) for e in data["events"])
    table = {(row[0], w): int(n) for row in rows for w, n in zip(whats, row[1:], strict=True) if int(n)}
    assert table == dict(events)


def test_a_chart_is_drawn_the_same_bytes_every_time(built_site: Path, tmp_path: Path) -> None:
    """Drawn again in this process, with no cache, each chart of the real build is byte for byte the
    same; it is cached, and a cached drawing no chart uses any more is deleted."""
    data, deadlines = real_data()
    strings = load_strings("vi")
    charts._drawn.clear()
    docs = tmp_path / "docs" / "vi"
    stale = tmp_path / "docs" / charts.CACHE / "vi" / "0123456789abcdef.svg"
    stale.parent.mkdir(parents=True)
    stale.write_text("<svg/>", encoding="utf-8")
    drawn = charts.draw_all(data, deadlines, docs, View("vi", strings))
    assert not stale.exists()
    for chart in (drawn["deadlines"], drawn["timeline"]):
        assert (docs / chart.src).read_bytes() == (built_site / "vi" / chart.src).read_bytes()
        assert (tmp_path / "docs" / charts.CACHE / "vi" / Path(chart.src).name.split("-")[-1]).is_file()


def test_colours_pass_contrast_and_differ_in_lightness() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a: float, b: float) -> float:
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)

    white = 1.0
    assert set(charts.STATUS_COLOURS) == set(status.ORDER)
    for colour in [*charts.STATUS_COLOURS.values(), charts.INK, charts.AS_OF]:
        assert contrast(luminance(colour), white) >= 3, colour
    for a, b in itertools.combinations(charts.STATUS_COLOURS.values(), 2):
        assert contrast(luminance(a), luminance(b)) >= 1.25, (a, b)  # apart in greyscale too


def test_a_target_with_reported_values_gets_its_chart(package: PackageCopy, tmp_path: Path) -> None:
    target = "hai-phong-health-insurance-coverage-2026"
    for number, (when, value) in enumerate([("2024", "93.2"), ("2025-06", "94.1")]):
        package.append_row(
            "progress",
            id=f"coverage-report-{number}",
            target_id=target,
            date=when,
            status="in-progress",
            inferred="false",
            value=value,
            summary_vi="Tỷ lệ bao phủ bảo hiểm y tế.",
            summary_en="Health insurance coverage rate.",
            source_wording="tỷ lệ bao phủ",
            source="baohaiphong-universal-health-insurance-2030",
        )
    problems, loaded = check(str(package.root))
    assert not problems and loaded is not None
    strings = load_strings("vi")
    site = Site(strings, "https://example.org/", "https://example.org/repo", [], "vi", "en", "../", ("en", "vi"))
    render(loaded, tmp_path / "docs", site)
    page = (tmp_path / "docs" / "targets" / f"{target}.md").read_text(encoding="utf-8")
    parser = ChartBlocks()
    parser.feed(page)
    (block,) = parser.charts
    assert "95,5" in block["img"]["alt"]
    assert block["rows"][1:] == [["năm 2024", "93,2"], ["tháng 6/2025", "94,1"]]
    svg = (tmp_path / "docs" / "targets" / target / block["img"]["src"]).resolve()
    assert ElementTree.parse(svg).getroot().tag == SVG
    reported = {r["target_id"] for r in read_rows(package.csv("progress")) if r["target_id"] and r["value"]}
    charted = {
        path.stem
        for path in (tmp_path / "docs" / "targets").glob("*.md")
        if "vt-chart" in path.read_text(encoding="utf-8")
    }
    assert charted == reported | {target}  # only the targets with a reported value get one
