"""Render: write the site's Markdown pages from the linked records with the Jinja templates.

Pages are plain Markdown with YAML front matter; everything that comes from the data sits in
HTML blocks escaped by Jinja's autoescape, so Markdown never interprets it. Any static site
generator that reads Markdown (MkDocs today, Zensical tomorrow) can build them.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
import yaml
from markupsafe import Markup, escape

from tracker import export
from tracker.load import Package
from tracker.records import SEGMENTS, Record, link

SITE = Path(__file__).resolve().parent.parent / "site"
PAGE_SIZE = 50  # rows of an index page or items of a list page: keeps every page under 100 KB
EXCERPT_LIMIT = 20  # newest excerpts shown on a record page; the rest are found by search

# Record pages: resource -> template. Index pages: output file -> (template, extra context).
RECORD_TEMPLATES = {
    "resolutions": "resolution.md.j2",
    "local_plans": "local_plan.md.j2",
    "targets": "target.md.j2",
    "news_excerpts": "excerpt.md.j2",
    "sources": "source.md.j2",
    "jurisdictions": "jurisdiction.md.j2",
    "issuers": "issuer.md.j2",
    "topics": "topic.md.j2",
}
INDEX_TEMPLATES = {
    "resolutions": "index_resolutions.md.j2",
    "local_plans": "index_local_plans.md.j2",
    "targets": "index_targets.md.j2",
    "news_excerpts": "index_news_excerpts.md.j2",
    "sources": "index_simple.md.j2",
    "jurisdictions": "index_simple.md.j2",
    "issuers": "index_simple.md.j2",
    "topics": "index_simple.md.j2",
}
PAGES = {
    "index.md": "home.md.j2",
    "search.md": "search.md.j2",
    "data-dictionary.md": "dictionary.md.j2",
    "downloads.md": "downloads.md.j2",
}


@dataclass(frozen=True)
class Site:
    """What the pages need besides the records: the catalogue and the site's addresses."""

    strings: dict[str, Any]
    site_url: str
    repo_url: str
    downloads: list[export.Download]


def load_strings(language: str = "en") -> dict[str, Any]:
    with (SITE / "i18n" / f"{language}.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["front"] = front_matter_value
    return env


def front_matter_value(value: object) -> Markup:
    """A YAML front-matter value: HTML-escaped first, because themes print page titles unescaped."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def render(package: Package, docs: Path, site: Site, today: date | None = None) -> int:
    """Write every page into docs (emptied first) and return how many were written.

    `today` (default: the machine's date) decides which deadlines the home page lists as next."""
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    shutil.copytree(SITE / "pages", docs, dirs_exist_ok=True)
    shutil.copytree(SITE / "assets", docs / "assets")
    data = link(package, today)
    env = environment()
    version = package.descriptor.get("version", "")

    def citation(record: Record) -> str:
        return site.strings["cite_record"].format(
            site=site.strings["site_name"], version=version, label=record["_label"], url=site.site_url + record["_url"]
        )

    def report_url(record: Record) -> str:
        query = {
            "template": "report-error.yml",
            "title": site.strings["contribute"]["report_title"].format(label=record["_label"]),
            "record": site.site_url + record["_url"],
        }
        return f"{site.repo_url}/issues/new?{urlencode(query)}"

    def edit_url(record: Record) -> str:
        path = package.resource(record["_kind"])["path"]
        return f"{site.repo_url}/blob/main/datapackage/{path}#L{record['_line']}"

    common = {
        "t": site.strings,
        "cite": export.citation(package.descriptor),
        "jsonld": dataset_jsonld(package.descriptor, site, data),
        "descriptor": package.descriptor,
        "kinds": data["kinds"],
        "segments": SEGMENTS,
        "downloads": site.downloads,
        "citation": citation,
        "report_url": report_url,
        "edit_url": edit_url,
        "excerpt_limit": EXCERPT_LIMIT,
    }
    count = 0
    for kind, records in data["kinds"].items():
        template = env.get_template(RECORD_TEMPLATES[kind])
        for record in records:
            base = record["_url"]
            count += _paginated(docs, base, f"{base[:-1]}.md", template, common, record["_records"], record=record)
        index = env.get_template(INDEX_TEMPLATES[kind])
        base = f"{SEGMENTS[kind]}/"
        options = functools.partial(_filters, kind, strings=site.strings)
        count += _paginated(docs, base, f"{base}index.md", index, common, records, options, kind=kind)
    home = _home(data)
    timeline = env.get_template("timeline.md.j2")
    count += _paginated(docs, "timeline/", "timeline/index.md", timeline, common, _by_year(data["events"]))
    for name, template_name in PAGES.items():
        root = "../" if name != "index.md" else ""
        _write(docs / name, env.get_template(template_name), common, root=root, pager=None, **home)
        count += 1
    return count + sum(1 for _ in (SITE / "pages").rglob("*.md"))


def _paginated(
    docs: Path,
    base: str,
    first: str,
    template: jinja2.Template,
    common: dict[str, Any],
    items: list[Any],
    options: Callable[[list[Any]], dict[str, list[str]]] | None = None,
    **context: Any,
) -> int:
    """Write one page per PAGE_SIZE items: `first` (the page at URL `base`), then base/page-N.md.

    `base` is a site path ending in "/" ("resolutions/", "jurisdictions/vn/"); the page at URL
    base/page-N/ is one folder deeper, hence its longer root.
    """
    chunks = paginate(items)
    urls = [base] + [f"{base}page-{n}/" for n in range(2, len(chunks) + 1)]
    depth = base.count("/")
    for number, chunk in enumerate(chunks, start=1):
        path = docs / (first if number == 1 else f"{base}page-{number}.md")
        root = "../" * (depth if number == 1 else depth + 1)
        shown = sorted({1, len(chunks), *range(max(1, number - 3), min(len(chunks), number + 3) + 1)})
        window = [(n, urls[n - 1]) for n in shown]
        pager = {
            "number": number,
            "count": len(chunks),
            "previous": urls[number - 2] if number > 1 else None,
            "next": urls[number] if number < len(chunks) else None,
            "window": window,
        }
        extra = options(chunk) if options else {}
        _write(path, template, common, root=root, items=chunk, pager=pager, **extra, **context)
    return len(chunks)


def paginate(items: list[Any], size: int | None = None) -> list[list[Any]]:
    """The items cut into pages of `size` (default PAGE_SIZE), in order; no items: one empty page."""
    size = size or PAGE_SIZE
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _write(path: Path, template: jinja2.Template, common: dict[str, Any], **context: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.render(**common, **context), encoding="utf-8")


def _sorted_values(values: Iterable[str]) -> list[str]:
    return sorted({v for v in values if v})


def _filters(kind: str, records: list[Record], *, strings: dict[str, Any]) -> dict[str, list[str]]:
    """The choices of each index table's filters, from the records themselves."""
    if kind == "resolutions":
        return {"topic_names": _sorted_values(t["name_en"] for r in records for t in r["_topics"])}
    if kind == "local_plans":
        return {"jurisdiction_names": _sorted_values(r["_jurisdiction"]["name_en"] for r in records)}
    if kind == "targets":
        return {
            "topic_names": _sorted_values(r["_topic"]["name_en"] for r in records),
            "jurisdiction_names": _sorted_values(r["_jurisdiction"]["name_en"] for r in records),
            "deadline_years": _sorted_values(r["deadline"][:4] for r in records),
        }
    if kind == "news_excerpts":
        unknown = strings["words"]["unknown"]
        languages = strings["languages"]
        return {
            "language_names": _sorted_values(languages.get(r["language"], r["language"]) for r in records),
            "outlet_names": _sorted_values(r["_source"]["outlet"] or unknown for r in records),
            "published_years": _sorted_values(r["_source"]["published"][:4] or unknown for r in records),
        }
    return {}


MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "datapackage": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sqlite": "application/vnd.sqlite3",
}


def dataset_jsonld(descriptor: dict[str, Any], site: Site, data: dict[str, Any]) -> dict[str, Any]:
    """schema.org Dataset metadata, so that dataset search engines index the package and its files."""
    dates = [e["date"] for e in data["events"]] + [s["published"] for s in data["kinds"]["sources"] if s["published"]]
    places = [j["name_en"] for j in data["kinds"]["jurisdictions"]]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": descriptor["title"],
        "description": descriptor["description"],
        "url": site.site_url,
        # The package's own stable id if it declares one, else its canonical address (no DOI yet).
        "identifier": descriptor.get("id") or descriptor.get("homepage") or site.site_url,
        "version": descriptor["version"],
        "datePublished": str(descriptor["created"])[:10],
        "license": descriptor["licenses"][0]["path"],
        "keywords": descriptor.get("keywords", []),
        "isAccessibleForFree": True,
        "creator": [{"@type": "Organization", "name": c["title"]} for c in descriptor.get("contributors", [])],
        "citation": export.citation(descriptor)["apa"],
        "temporalCoverage": f"{min(dates)[:4]}/{max(dates)[:4]}" if dates else None,
        "spatialCoverage": {"@type": "Place", "name": ", ".join(places)},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.path,
                "encodingFormat": MEDIA_TYPES.get(d.format, "application/octet-stream"),
                "contentUrl": f"{site.site_url}downloads/{d.path}",
                "contentSize": f"{d.size} B",
                "sha256": d.sha256,
            }
            for d in site.downloads
        ],
    }


def _by_year(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**event, "year": event["date"][:4]} for event in events]


def _home(data: dict[str, Any]) -> dict[str, Any]:
    """The home page's lists: the next deadlines from today, the latest excerpts."""
    today = data["today"]
    upcoming = [t for t in data["kinds"]["targets"] if t["deadline"] and t["deadline"] >= today[: len(t["deadline"])]]
    excerpts = sorted(data["kinds"]["news_excerpts"], key=lambda e: e["_date"], reverse=True)
    return {"next_deadlines": sorted(upcoming, key=lambda t: t["deadline"])[:5], "latest_excerpts": excerpts[:5]}
