"""Charts: Vega-Lite specifications (built with Altair) drawn at build time into SVG files by
vl-convert, offline, so that they show without JavaScript and weigh little.

Each chart is drawn from figures aggregated here (counts by year, reported values), which are also
the rows of the table that the page shows beside it (`_macros.md.j2`, `chart`), so the chart and
its text alternative say the same. A chart is drawn once per language; its file is named by the
hash of its specification (`charts/<name>-<hash>.svg` under the language's pages), and a
specification already drawn, in this process or an earlier build (`build/docs/.charts-cache/<lang>`),
is not drawn again; cached drawings a build no longer uses are deleted at its end. vl-convert's
output depends only on the specification, so the same data gives the same bytes.

Colours: every mark has a contrast of at least 3:1 against the white background (WCAG 1.4.11) and
the statuses differ in lightness, stacked in the legend's order, so the bars still read in greyscale.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import vl_convert

from tracker import dates, status
from tracker.language import View
from tracker.records import slug

if TYPE_CHECKING:
    from tracker.outputs.run import Run

FOLDER = "charts"
CACHE = ".charts-cache"  # beside the languages' page folders (build/docs/.charts-cache/<lang>), kept between builds
WIDTH = 340  # the plotting area: about 420 px with the axes, little scaled down on a 390 px phone
# Statuses (status.ORDER) in colours that differ in lightness: relative luminance 0.14, 0.19,
# 0.07, 0.25 and 0.03, each at least 3:1 against white.
STATUS_COLOURS = {
    "overdue": "#c62828",
    "due-soon": "#c55a11",
    "later": "#0d47a1",
    "no-deadline": "#8a8a8a",
    "achieved": "#00332c",
}
INK = "#1a1a1a"  # marks of one colour, and text
AS_OF = "#b24d00"  # the site's orange: the "as of" marker and a target's line
# What a timeline event is the date of (records.DATED) -> its shape: the rows differ by shape too.
TIMELINE_SHAPES = {"issued_event": "square", "dated_event": "circle", "deadline_event": "triangle-up"}
FONT = "sans-serif"

_drawn: dict[str, bytes] = {}  # SVG by the hash of its specification


@dataclass(frozen=True)
class Chart:
    """A chart drawn into an SVG file, and the table that says the same in text.

    `src` is the file's path from the language's root; `label` its accessible name (the <img>'s
    alt text); `columns` the table's headings and `kinds` how each column's cells are written
    ("text", "number" or "date", by the page's catalogue)."""

    src: str
    label: str
    caption: str
    width: int
    height: int
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def draw(spec: dict[str, Any], cache: Path | None = None) -> tuple[str, bytes]:
    """The SVG of a Vega-Lite specification and the hash it is cached (and named) by: the hash of
    the specification and vl-convert's version. A drawing is kept for the rest of the process and,
    if `cache` is given, in that folder for later builds."""
    text = json.dumps([vl_convert.__version__, spec], sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    if key not in _drawn:
        stored = cache / f"{key}.svg" if cache else None
        if stored and stored.is_file():
            _drawn[key] = stored.read_bytes()
        else:
            _drawn[key] = vl_convert.vegalite_to_svg(spec).encode("utf-8")
            if stored:
                stored.parent.mkdir(parents=True, exist_ok=True)
                partial = stored.with_suffix(".partial")
                partial.write_bytes(_drawn[key])
                partial.replace(stored)
    return key, _drawn[key]


def cache_folder(docs: Path) -> Path:
    """A language's cache of drawn charts, beside its pages (docs: build/docs/<lang>): one folder per
    language, so that each language's build can delete what it no longer uses."""
    return docs.parent / CACHE / docs.name


def prune(docs: Path) -> int:
    """Delete the cached charts that the language's pages (docs) do not use; how many. The pages'
    charts are named `<name>-<hash>.svg` and cached as `<hash>.svg`."""
    used = {path.stem.rpartition("-")[2] for path in (docs / FOLDER).glob("*.svg")}
    folder = cache_folder(docs)
    stale = [path for path in folder.glob("*.svg") if path.stem not in used] if folder.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def _write(docs: Path, name: str, chart: alt.TopLevelMixin, strings: dict[str, Any]) -> tuple[str, int, int]:
    """Draw a chart into docs/charts/<name>-<hash>.svg; its path from the root and its size."""
    spec = chart.to_dict(validate=False)  # Altair's schema check would cost more than the drawing
    spec["config"] = {**spec.get("config", {}), **_config(strings)}
    key, svg = draw(spec, cache_folder(docs))
    src = f"{FOLDER}/{name}-{key}.svg"
    path = docs / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(svg)
    head = svg[: svg.index(b">")].decode("utf-8")
    width, height = (int(float(head.split(f'{attr}="')[1].split('"')[0])) for attr in ("width", "height"))
    return src, width, height


def _config(strings: dict[str, Any]) -> dict[str, Any]:
    """Fonts, sizes and the catalogue's number format (a decimal comma in Vietnamese)."""
    numbers = strings["numbers"]
    return {
        "locale": {
            "number": {
                "decimal": numbers["decimal"],
                "thousands": numbers["group"] or "",
                "grouping": [3],
                "currency": ["", ""],
            }
        },
        "font": FONT,
        "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": INK, "titleColor": INK, "domainColor": INK},
        "legend": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": INK, "titleColor": INK},
        "view": {"stroke": None},
        "background": "#ffffff",
    }


def _two_lines(text: str) -> str:
    """A label of more than one word cut in two lines at the space nearest its middle (the axis
    splits labels at "\\n"), so that it fits under its bar."""
    spaces = [n for n, letter in enumerate(text) if letter == " "]
    if len(text) <= 8 or not spaces:
        return text
    cut = min(spaces, key=lambda n: abs(n - len(text) / 2))
    return f"{text[:cut]}\n{text[cut + 1 :]}"


def _year_axis() -> alt.Axis:
    """A time axis with one tick a year, labelled by the year."""
    return alt.Axis(format="%Y", formatType="utc", tickCount={"interval": "year", "step": 1})


def deadline_counts(deadlines: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """How many commitments (annotated by status.annotate) have a deadline in each year ("" for
    none) and each status."""
    return Counter((r["deadline"][:4], r["_status"].code) for r in deadlines)


def deadlines_chart(deadlines: list[dict[str, Any]], docs: Path, strings: dict[str, Any], as_of: str) -> Chart:
    """Targets and tasks by the year of their deadline, stacked by status as of the release date
    (`as_of`, written the catalogue's way)."""
    words = strings["charts"]
    names = strings["commitment_statuses"]
    counts = deadline_counts(deadlines)
    years = sorted({year for year, _ in counts if year}) + ([""] if any(not y for y, _ in counts) else [])
    shown = {year: year or _two_lines(words["no_year"]) for year in years}
    codes = [code for code in status.ORDER if any(c == code for _, c in counts)]
    values = [
        {"year": shown[year], "status": names[code], "rank": status.ORDER.index(code), "count": counts[year, code]}
        for year in years
        for code in codes
        if counts[year, code]
    ]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(stroke="#ffffff", strokeWidth=1)
        .encode(
            x=alt.X(
                "year:N",
                sort=[shown[y] for y in years],
                title=words["deadline_year"],
                axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, '\\n')"),
            ),
            y=alt.Y("count:Q", title=words["count"], axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "status:N",
                title=strings["fields"]["status_as_of"],
                scale=alt.Scale(domain=[names[c] for c in codes], range=[STATUS_COLOURS[c] for c in codes]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
            ),
            order=alt.Order("rank:Q"),
        )
        .properties(width=WIDTH, height=220, description=words["deadlines_label"].format(date=as_of))
    )
    src, width, height = _write(docs, "deadlines", chart, strings)
    rows = tuple(
        (
            year or words["no_year"],
            *(counts[year, code] for code in status.ORDER),
            sum(counts[year, c] for c in status.ORDER),
        )
        for year in years
    )
    return Chart(
        src,
        words["deadlines_label"].format(date=as_of),
        words["deadlines_caption"].format(date=as_of),
        width,
        height,
        (words["deadline_year"], *(names[c] for c in status.ORDER), words["total"]),
        ("text", *("number" for _ in status.ORDER), "number"),
        rows,
    )


def timeline_counts(events: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """How many timeline events (records.link's `events`) fall in each year, by what they are."""
    return Counter((e["date"][:4], e["what"]) for e in events)


def timeline_chart(events: list[dict[str, Any]], today: str, docs: Path, strings: dict[str, Any], as_of: str) -> Chart:
    """Documents issued, meetings and reports, and deadlines by year, with the "as of" marker at
    the release date (`today`, ISO; `as_of` written the catalogue's way)."""
    words = strings["charts"]
    rows_named = words["timeline_rows"]
    counts = timeline_counts(events)
    years = sorted({year for year, _ in counts})
    whats = [what for what in TIMELINE_SHAPES if any(w == what for _, w in counts)]
    values = [
        {"year": f"{year}-07-02", "label": year, "what": rows_named[what], "count": counts[year, what]}
        for year in years
        for what in whats
        if counts[year, what]
    ]
    first, last = (years[0], years[-1]) if years else (today[:4], today[:4])
    first, last = min(first, today[:4]), max(last, today[:4])
    x_scale = alt.Scale(type="utc", domain=[f"{first}-01-01", f"{int(last) + 1}-01-01"])
    row = alt.Y("what:N", sort=[rows_named[w] for w in whats], title=None)
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("year:T", scale=x_scale, axis=_year_axis(), title=None), y=row
    )
    shapes = alt.Scale(domain=[rows_named[w] for w in whats], range=[TIMELINE_SHAPES[w] for w in whats])
    points = base.mark_point(filled=True, color=INK, opacity=1).encode(
        shape=alt.Shape("what:N", scale=shapes, legend=None),
        size=alt.Size("count:Q", scale=alt.Scale(range=[40, 300]), legend=None),
    )
    labels = base.mark_text(dx=12, align="left", fontSize=13, color=INK).encode(text=alt.Text("count:Q", format="d"))
    marker = alt.Chart(alt.Data(values=[{"date": today, "text": words["as_of"].format(date=as_of)}]))
    rule = marker.mark_rule(color=AS_OF, strokeWidth=2, strokeDash=[4, 3]).encode(x=alt.X("date:T", scale=x_scale))
    note = marker.mark_text(align="left", baseline="top", dx=4, y=-18, fontSize=13, color=AS_OF).encode(
        x=alt.X("date:T", scale=x_scale), text="text:N"
    )
    label = words["timeline_label"].format(date=as_of)
    chart = alt.layer(rule, note, points, labels).properties(
        width=WIDTH, height=44 * max(1, len(whats)), description=label, padding={"top": 24, "left": 5, "right": 5}
    )
    src, width, height = _write(docs, "timeline", chart, strings)
    rows = tuple((year, *(counts[year, w] for w in TIMELINE_SHAPES)) for year in years)
    return Chart(
        src,
        label,
        words["timeline_caption"].format(date=as_of),
        width,
        height,
        (words["year"], *(rows_named[w] for w in TIMELINE_SHAPES)),
        ("text", *("number" for _ in TIMELINE_SHAPES)),
        rows,
    )


def reported_values(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The progress reports on a commitment that give a value, by date (partial dates at the start
    of their period), in the file's order on the same date."""
    reports = [r for r in record["_in"].get("progress", []) if r.get("value") not in (None, "") and r.get("date")]
    return sorted(reports, key=lambda r: r["date"])


def progress_chart(record: dict[str, Any], docs: Path, view: View) -> Chart | None:
    """A commitment's reported values (its progress reports with a value) against its own value,
    or None if it has no value or no report gives one, in the view's language."""
    strings, language = view.strings, view.code
    reports = [r for r in reported_values(record) if dates.period(r["date"])]
    if record.get("value") in (None, "") or not reports:
        return None
    words = strings["charts"]
    unit = record.get(f"unit_{language}") or ""
    values = [{"date": dates.period(r["date"])[0].isoformat(), "value": float(r["value"])} for r in reports]
    title = f"{words['value']} ({unit})" if unit else words["value"]
    last = max([values[-1]["date"][:4], *([record["deadline"][:4]] if record.get("deadline") else [])])
    x_scale = alt.Scale(type="utc", domain=[f"{values[0]['date'][:4]}-01-01", f"{int(last) + 1}-01-01"])
    comparator = strings["comparators"].get(record.get("comparator") or "", "")
    goal = " ".join(part for part in (comparator, view.number(record["value"]), unit) if part)
    goal_text = f"{words['target']}: {goal}"
    line = (
        alt.Chart(alt.Data(values=values))
        .mark_line(color=INK, point=alt.OverlayMarkDef(color=INK, filled=True, size=60))
        .encode(
            x=alt.X("date:T", scale=x_scale, title=None, axis=_year_axis()),
            y=alt.Y("value:Q", title=title, scale=alt.Scale(zero=False)),
        )
    )
    marker = alt.Chart(alt.Data(values=[{"value": float(record["value"]), "text": goal_text}]))
    rule = marker.mark_rule(color=AS_OF, strokeWidth=2, strokeDash=[6, 3]).encode(y="value:Q")
    note = marker.mark_text(align="left", baseline="bottom", x=4, dy=-4, fontSize=13, color=AS_OF).encode(
        y="value:Q", text="text:N"
    )
    label = words["progress_label"].format(target=goal)
    chart = alt.layer(line, rule, note).properties(width=WIDTH, height=200, description=label)
    src, width, height = _write(docs, f"{record['_kind']}-{slug(record['id'])}", chart, strings)
    rows = tuple((r["date"], r["value"]) for r in reports)
    return Chart(src, label, words["progress_caption"], width, height, (words["date"], title), ("date", "number"), rows)


EACH_LANGUAGE = True


def write(run: Run) -> int:
    """Draw every chart of the run's language into its pages' folder and leave them in `run.charts`
    for the pages; how many."""
    run.charts = draw_all(run.data, run.deadlines, run.docs, run.view)
    return 2 + len(run.charts["progress"])


def draw_all(data: dict[str, Any], deadlines: list[dict[str, Any]], docs: Path, view: View) -> dict[str, Any]:
    """Every chart of one language's pages: `deadlines`, `timeline`, and `progress` by record
    ("<resource>:<id>") for each commitment with reported values. Cached charts no longer used are
    deleted."""
    progress = {}
    for record in deadlines:
        chart = progress_chart(record, docs, view)
        if chart is not None:
            progress[f"{record['_kind']}:{record['id']}"] = chart
    as_of = view.date(data["today"])
    found = {
        "deadlines": deadlines_chart(deadlines, docs, view.strings, as_of),
        "timeline": timeline_chart(data["events"], data["today"], docs, view.strings, as_of),
        "progress": progress,
    }
    prune(docs)
    return found
