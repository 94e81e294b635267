"""The pages: write one language's Markdown pages from the linked records with the Jinja templates.

Pages are plain Markdown with YAML front matter; everything that comes from the data sits in
HTML blocks escaped by Jinja's autoescape, so Markdown never interprets it. Any static site
generator that reads Markdown (MkDocs today, Zensical tomorrow) can build them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from tracker import dates, embed, feeds, share, status, untrusted
from tracker.diff import Release
from tracker.language import View, format_date, format_number
from tracker.language import languages as languages  # kept here for their callers
from tracker.language import load_strings as load_strings
from tracker.load import one_of, setter
from tracker.outputs import calendars
from tracker.outputs.common import Download
from tracker.outputs.common import citation as citation_of
from tracker.records import DATED, Record, in_language, paths

if TYPE_CHECKING:
    from tracker.outputs.run import Run


SITE = Path(__file__).resolve().parent.parent / "site"
PAGE_SIZE = 50  # rows of an index page or items of a list page: keeps every page under 100 KB
EXCERPT_LIMIT = 20  # newest excerpts shown on a record page; the rest are found by search

# Templates by convention: a resource's record pages use records/<resource>.md.j2 and its index
# indexes/<resource>.md.j2, each falling back to _generic.md.j2 in its folder. A record template
# that shows `items` is paginated over what refers to the record (`_records`).
RECORD_FOLDER = "records"
INDEX_FOLDER = "indexes"
GENERIC = "_generic.md.j2"
PAGES = {
    "index.md": "home.md.j2",
    "search.md": "search.md.j2",
    "data-dictionary.md": "dictionary.md.j2",
    "downloads.md": "downloads.md.j2",
}
# Records listed per What's new page: one line each, a changed one with its columns' old and new
# values, each cut at CHANGE_TEXT characters (the record's page has the whole text)
WHATS_NEW_PAGE_SIZE = 25
CHANGE_TEXT = 80
# Deadlines rows are the widest (eight columns, up to 2.5 kB in Vietnamese with every link cut at 80 or
# 200 characters: site/templates/deadlines.md.j2), and the filters above them list every body, place and
# topic of the page's rows: 30 rows stay under 100 KB at 100x (40 reached 122 KB with the data of
# 0.5.0), with cells at their maxLength too
DEADLINES_PAGE_SIZE = 30
SOON = 5  # next deadlines on the home page


EACH_LANGUAGE = True


@dataclass(frozen=True)
class Site:
    """What the pages need besides the records: the catalogue and the addresses of one language's
    site. `language` is the catalogue's and the columns' suffix (`summary_vi`); `fallback` the
    language read when a record has no column in it; `top` the path from the language's root to
    the files all languages share (downloads): "" for the site at `/`, "../"
    for one at `/vi/`."""

    strings: dict[str, Any]
    site_url: str
    repo_url: str
    downloads: list[Download]
    language: str = "en"
    fallback: str = "en"
    top: str = ""
    languages: tuple[str, ...] = ("en",)
    release: Release | None = None
    earlier: tuple[Release, ...] = ()  # the kept releases' What's new pages (diff.history), newest first
    corrections: str = ""  # the editors' address for corrections (mkdocs.yml's extra.corrections_email)

    def view(self, descriptor: dict[str, Any]) -> View:
        """The language's view (tracker/language.py), citing the data of this descriptor."""
        version = str(descriptor.get("version", ""))
        released = str(dates.release_date(descriptor) or "")
        return View(
            self.language, self.strings, self.site_url, self.repo_url, self.top, version, released, self.corrections
        )


def pages_folder(language: str, fallback: str = "en") -> Path:
    """The hand-written pages of a language (site/pages/<lang>), else the fallback language's. A
    page named `*.md.j2` is rendered with Jinja like the generated pages (the About page lists the
    descriptor's resources)."""
    folder = SITE / "pages" / language
    return folder if folder.is_dir() else SITE / "pages" / fallback


@jinja2.pass_context
def column(context: jinja2.runtime.Context, name: str) -> str:
    """The name of a text column in the page's language: `col("name")` is "name_vi" on /vi/."""
    return f"{name}_{context['lang']}"


@jinja2.pass_context
def translated_text(context: jinja2.runtime.Context, record: Record | None, stem: str) -> Any:
    """A record's text in the page's language (`record|tr("summary")` reads `summary_<lang>`), or
    in the fallback language when the record has no such column."""
    if record is None:
        return ""
    key = f"{stem}_{context['lang']}"
    return record[key] if key in record else record.get(f"{stem}_{context['fallback']}", "")


@jinja2.pass_context
def date_text(context: jinja2.runtime.Context, value: object, prose: bool = False) -> str:
    return format_date(value, context["t"]["dates"], prose)


@jinja2.pass_context
def size_text(context: jinja2.runtime.Context, size: int) -> str:
    """A file's size with decimal prefixes (Jinja's filesizeformat: "88.4 kB"), its number and unit
    written the page's language's way ("88,4 kB"; bytes as the catalogue's `downloads.units.byte`)."""
    amount, unit = jinja2.filters.do_filesizeformat(size).split(" ", 1)
    unit = "byte" if unit.lower().startswith("byte") else unit
    t = context["t"]
    return f"{format_number(amount, t['numbers'])} {t['downloads']['units'].get(unit, unit)}"


def named(record: Record, numbered: dict[str, str]) -> str:
    """How running text names a record: a numbered document by its type's word and its number
    (the catalogue's `numbered`: "Nghị quyết số 72-NQ/TW"), any other record by its label."""
    number, kind = record.get("number"), record.get("type")
    if number and isinstance(kind, str) and kind in numbered:
        return numbered[kind].format(number=number)
    return str(record["_label"])


@jinja2.pass_context
def named_text(context: jinja2.runtime.Context, record: Record) -> str:
    return named(record, context["t"]["numbered"])


def issued(record: Record) -> bool:
    """Whether a document has been issued: its `status`, where its resource has one (a local plan
    is issued when it is recorded)."""
    return record.get("status", "issued") == "issued"


@jinja2.pass_context
def number_text(context: jinja2.runtime.Context, value: object) -> str:
    return format_number(value, context["t"]["numbers"])


# What Python-Markdown reads as syntax after a backslash (its ESCAPED_CHARS, with `|` of MkDocs'
# `tables`), but `>`, which HTML escaping writes as `&gt;` (a backslash before it would show).
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(value: object) -> Markup:
    """Text from the data for a Markdown line of a page (a heading, a list item) rather than an
    HTML block: on one line, every character Markdown could read as syntax backslash-escaped, then
    HTML-escaped, so that it shows as written, as a cell does, never as a link, emphasis or HTML."""
    text = " ".join(str(value).splitlines())
    return escape(_MARKDOWN_SYNTAX.sub(r"\\\1", text))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["front"] = front_matter_value
    env.filters["choices"] = choices
    env.filters["keyed_choices"] = keyed_choices
    env.filters["lookup"] = lookup
    env.filters["tr"] = translated_text
    env.filters["date_text"] = date_text
    env.filters["number"] = number_text
    env.filters["md"] = markdown_text
    env.filters["named"] = named_text
    env.filters["size_text"] = size_text
    env.tests["issued"] = issued
    env.globals["col"] = column
    env.globals["refs"] = refs
    env.globals["latest_source"] = latest_source
    env.globals["topics_of"] = env.filters["topics_of"] = topics_of
    return env


def template_for(env: jinja2.Environment, folder: str, kind: str) -> jinja2.Template:
    """The template of a resource's pages in folder (records, indexes), or the folder's generic one."""
    return env.select_template([f"{folder}/{kind}.md.j2", f"{folder}/{GENERIC}"])


def shows_items(env: jinja2.Environment, template: jinja2.Template) -> bool:
    """Whether a template uses the variable `items` (a page of a paginated list)."""
    assert env.loader is not None and template.name is not None
    source = env.loader.get_source(env, template.name)[0]
    return "items" in jinja2.meta.find_undeclared_variables(env.parse(source))


def _flattened(values: Iterable[Any]) -> list[Any]:
    """The values with every list or tuple among them replaced by its items."""
    return [v for value in values for v in (value if isinstance(value, list | tuple) else [value])]


def choices(values: Iterable[Any], attribute: str | None = None) -> list[str]:
    """The options of a table filter: the distinct non-empty values, sorted. Lists are flattened,
    then `attribute` (a dotted path, "_source.outlet") is read from each item (None stays None)."""
    flat = _flattened(values)
    if attribute:
        for name in attribute.split("."):
            flat = [v[name] if v is not None else None for v in flat]
    return sorted({str(v) for v in flat if v})


def keyed_choices(values: Iterable[Any], attribute: str) -> list[tuple[str, str]]:
    """The options of a table filter over records, each with a key that is the same in every
    language: (the record's `attribute`, its id) for the distinct records (lists flattened, None
    skipped), sorted by text."""
    return sorted({(str(r[attribute]), str(r["id"])) for r in _flattened(values) if r and r.get(attribute)})


def topics_of(record: Record) -> list[Record]:
    """A record's topics whether its schema has a list of them (`topics`) or one (`topic`)."""
    if "_topics" in record:
        return list(record["_topics"])
    return [record["_topic"]] if record.get("_topic") else []


# The fields that date what a record reports (a meeting, a report, an issue), not a deadline: an
# undated source appeared on or after the latest of them among the records that cite it.
REPORTED = tuple(name for name, what in DATED.items() if what != "deadline_event")


def _later(value: str) -> tuple[date, date]:
    """Sort key of a partial date: its period's last day, then its first (2025-12-31 after 2025)."""
    period = dates.period(value)
    return (period[1], period[0]) if period else (date.min, date.min)


def _starts(value: str) -> tuple[date, date]:
    """Sort key of a partial date: its period's first day, then its last (2026-02-25 after 2026-02)."""
    return _later(value)[::-1]


def latest_source(sources: Iterable[Record]) -> Record | None:
    """The latest of these sources by its `published` date (a year counts to its last day, so
    2025 comes after 2025-05), or None if none is dated."""
    dated = [s for s in sources if s.get("published")]
    return max(dated, key=lambda s: _later(s["published"])) if dated else None


def source_date(source: Record) -> tuple[str, bool]:
    """A source's date and whether the source prints it: its `published` date, else the latest
    date (REPORTED fields, by the day it starts) of the records that cite it, which it appeared on
    or after ("", False when neither)."""
    if source.get("published"):
        return source["published"], True
    reported = [r[name] for r in source["_records"] for name in REPORTED if r.get(name)]
    return (max(reported, key=_starts), False) if reported else ("", False)


def newest_source(sources: Iterable[Record]) -> dict[str, Any] | None:
    """The newest source the tracker has checked: the source, its date and whether the source
    prints that date (else it is the latest date it reports, see source_date), or None."""
    found = [(source, *source_date(source)) for source in sources]
    found = [f for f in found if f[1]]
    if not found:
        return None
    source, day, printed = max(found, key=lambda f: _later(f[1]))
    return {"source": source, "date": day, "printed": printed}


def refs(record: Record, key: str) -> list[Record]:
    """What refers to a record: `refs(r, "tasks")`, or through one field, `refs(r, "tasks.output")`."""
    return list(record["_in"].get(key, []))


def lookup(key: str, mapping: dict[str, str]) -> str:
    """mapping[key], or the key itself when the catalogue has no entry for it."""
    return mapping.get(key, key)


def front_matter_value(value: object) -> Markup:
    """A YAML front-matter value: HTML-escaped first, because themes print page titles unescaped."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def write(run: Run) -> int:
    """Write every page of the run's language into its pages' folder (made empty by the build,
    tracker/outputs/__init__.py), with the charts already drawn (`run.charts`), and leave the
    pages' template context in `run.context` for the embeds; how many pages."""
    package, site, view, docs, data, deadlines, env = (
        run.package,
        run.site,
        run.view,
        run.docs,
        run.data,
        run.deadlines,
        run.env,
    )
    pages = pages_folder(site.language, site.fallback)
    shutil.copytree(pages, docs, dirs_exist_ok=True)
    shutil.copytree(SITE / "assets", docs / "assets")

    setters = {r["name"] for r in package.descriptor["resources"] if setter(r) is not None}
    set_by = {kind: [c for g in one_of(package.resource(kind)) for c in g.fields] for kind in data["kinds"]}

    def scope(record: Record) -> dict[str, str]:
        """Where a commitment (a record with a status) applies and the document or meeting that
        set it (its `x-one-of` field naming a resource with an `x-setter`), in the page's language,
        for text read away from its page (a citation, a card's title); empty for any other record."""
        found = (record.get(f"_{c}") for c in set_by.get(record["_kind"], []))
        document = next((r for r in found if r and r["_kind"] in setters), None)
        place = record.get("_jurisdiction")
        if "_status" not in record or not place or not document:
            return {}
        return {"place": place["_label"], "document": named(document, view.strings["numbered"])}

    def scoped_label(record: Record) -> str:
        where = scope(record)
        if not where:
            return record["_label"]
        return view.strings["share"]["scoped_label"].format(label=record["_label"].rstrip("."), **where)

    def citation(record: Record) -> str:
        """The record's citation (the view's), naming where a commitment applies and what set it."""
        return view.citation(record, scope(record))

    folders = paths(package.descriptor)
    common = run.context = {
        "lang": site.language,
        "fallback": site.fallback,
        "top": site.top,
        "languages": site.languages,
        "t": site.strings,
        "cite": citation_of(package.descriptor),
        "jsonld": dataset_jsonld(package.descriptor, site, data),
        "descriptor": package.descriptor,
        "kinds": data["kinds"],
        "paths": folders,
        "as_of": data["today"],
        "newest_source": newest_source(data["kinds"].get("sources", [])),
        "status_order": status.ORDER,
        "downloads": site.downloads,
        "citation": citation,
        "scoped_label": scoped_label,
        "report_url": view.report_url,
        "mail_url": view.mail_url,
        "corrections_email": view.corrections,
        "issue_url": view.report_url(),
        "edit_url": lambda record: view.edit_url(record, package.resource(record["_kind"])["path"]),
        "excerpt_limit": EXCERPT_LIMIT,
        "charts": run.charts,
        "release": site.release,
        "feed_kinds": feeds.feed_kinds(package.descriptor),
        "feed_path": feeds.feed_path,
        "calendar_path": calendars.path,
        "calendar_all": calendars.ALL,
        "whats_new": feeds.whats_new_path(site.release.version) if site.release else None,
        "changelog_url": f"{site.repo_url}/blob/main/CHANGELOG.md",
        "releases_url": f"{site.repo_url}/tree/main/releases",
        "site_url": site.site_url,
        "embed_path": embed.path,
        "share_path": share.path,
    }
    count = 0
    for kind, records in data["kinds"].items():
        template = template_for(env, RECORD_FOLDER, kind)
        listed = shows_items(env, template)
        for record in records:
            base = record["_url"]
            items = record["_records"] if listed else []
            count += _paginated(docs, base, f"{base[:-1]}.md", template, common, items, record=record)
        index = template_for(env, INDEX_FOLDER, kind)
        base = f"{folders[kind]}/"
        count += _paginated(docs, base, f"{base}index.md", index, common, records, kind=kind)
    page = env.get_template("deadlines.md.j2")
    count += _paginated(docs, "deadlines/", "deadlines/index.md", page, common, deadlines, DEADLINES_PAGE_SIZE)
    timeline = env.get_template("timeline.md.j2")
    count += _paginated(docs, "timeline/", "timeline/index.md", timeline, common, _by_year(_with_as_of(data)))
    if site.release is not None:
        count += _release_pages(docs, env, common, site, data)
    home = _home(deadlines, data, site.release.base_date if site.release else None)
    for name, template_name in PAGES.items():
        root = "../" if name != "index.md" else ""
        _write(docs / name, env.get_template(template_name), common, root=root, pager=None, **home)
        count += 1
    for source in sorted(pages.rglob("*.md.j2")):  # hand-written pages that read the descriptor
        name = source.relative_to(pages)
        root = "../" * (len(name.parts) - (source.name == "index.md.j2"))
        template = env.from_string(source.read_text(encoding="utf-8"))
        _write(docs / name.with_suffix(""), template, common, root=root, pager=None)
        (docs / name).unlink()
        count += 1
    return count + sum(1 for _ in pages.rglob("*.md"))


def _release_pages(
    docs: Path, env: jinja2.Environment, common: dict[str, Any], site: Site, data: dict[str, Any]
) -> int:
    """The What's new pages of the release and of the earlier releases kept, and the Follow pages
    (the Atom feeds are an output of their own, tracker/feeds.py)."""
    assert site.release is not None
    page = env.get_template("whats_new.md.j2")
    releases = [site.release, *site.earlier]
    pages = [(r.version, feeds.whats_new_path(r.version)) for r in releases]
    count = 0
    for release in releases:  # every kept release keeps its page and address
        base = feeds.whats_new_path(release.version)
        here = dict(common, release=release, releases=pages)
        items = changes(release, data["by_id"])
        count += _paginated(docs, base, f"{base}index.md", page, here, items, WHATS_NEW_PAGE_SIZE)
    followed = [r for kind in common["feed_kinds"] for r in data["kinds"].get(kind, [])]
    count += _paginated(docs, "follow/", "follow/index.md", env.get_template("follow.md.j2"), common, followed)
    return count


def around_change(before: str, after: str, width: int = CHANGE_TEXT) -> tuple[str, str]:
    """Two values of a cell, each cut to about `width` characters from a little before where they
    first differ, at word boundaries, "…" marking a cut: a long text's change shows, not its
    unchanged start."""
    same = len(os.path.commonprefix([before, after]))
    start = 0
    if same > width // 2:  # begin at a word a quarter of the width before the first difference
        anchor = same - width // 4
        space = before.rfind(" ", 0, anchor)
        start = space + 1 if space >= 0 else anchor

    def cut(value: str) -> str:
        piece = value[start:]
        if len(piece) > width:
            piece = (piece[: width - 1].rsplit(" ", 1)[0] or piece[: width - 1]) + "…"
        return ("…" if start else "") + piece if value else ""

    return cut(before), cut(after)


def changes(release: Release, by_id: dict[str, dict[str, Record]]) -> list[dict[str, Any]]:
    """The release's records added, changed (with the fields that changed: (name, before, after)) and
    removed, resource by resource: `record` is the linked record (None for a removed one, named by
    `label`)."""
    found = []
    for diff in release.diffs:
        records = by_id.get(diff.name, {})
        listed = [("added", key, name, []) for key, name in diff.added]
        listed += [
            ("changed", c.key, c.label, [(f, *around_change(old, new)) for f, old, new in c.fields])
            for c in diff.changed
        ]
        listed += [("removed", key, name, []) for key, name in diff.removed]
        for change, key, name, fields in listed:
            record_id = ", ".join(key)
            record = records.get(record_id) if change != "removed" else None
            found.append(
                {
                    "kind": diff.name,
                    "change": change,
                    "id": record_id,
                    "label": name,
                    "record": record,
                    "fields": fields,
                }
            )
    return found


def _paginated(
    docs: Path,
    base: str,
    first: str,
    template: jinja2.Template,
    common: dict[str, Any],
    items: list[Any],
    size: int | None = None,
    **context: Any,
) -> int:
    """Write one page per PAGE_SIZE items: `first` (the page at URL `base`), then base/page-N.md.

    `base` is a site path ending in "/" ("resolutions/", "jurisdictions/vn/"); the page at URL
    base/page-N/ is one folder deeper, hence its longer root.
    """
    chunks = paginate(items, size)
    urls = [base] + [f"{base}page-{n}/" for n in range(2, len(chunks) + 1)]
    depth = base.count("/")
    for number, chunk in enumerate(chunks, start=1):
        path = untrusted.within(docs, first if number == 1 else f"{base}page-{number}.md")
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
        _write(path, template, common, root=root, items=chunk, pager=pager, **context)
    return len(chunks)


def paginate(items: list[Any], size: int | None = None) -> list[list[Any]]:
    """The items cut into pages of `size` (default PAGE_SIZE), in order; no items: one empty page."""
    size = size or PAGE_SIZE
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _write(path: Path, template: jinja2.Template, common: dict[str, Any], **context: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.render(**common, **context), encoding="utf-8")


MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "datapackage": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sqlite": "application/vnd.sqlite3",
    "sha256": "text/plain",
}


def dataset_jsonld(descriptor: dict[str, Any], site: Site, data: dict[str, Any]) -> dict[str, Any]:
    """schema.org Dataset metadata, so that dataset search engines index the package and its files."""
    dates = [e["date"] for e in data["events"]] + [s["published"] for s in data["kinds"]["sources"] if s["published"]]
    places = [j[in_language(j, "name_en", site.language)] for j in data["kinds"]["jurisdictions"]]
    released = str(descriptor["created"])[:10]
    # Each release is compared with the kept release before it (its base): the oldest base is the
    # oldest release kept.
    bases = [r.base_date for r in (site.release, *site.earlier) if r is not None and r.base_date]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": descriptor.get(f"x-title-{site.language}") or descriptor["title"],
        "description": descriptor.get(f"x-description-{site.language}") or descriptor["description"],
        "inLanguage": site.language,
        "url": site.site_url,
        # The package's own stable id if it declares one, else its canonical address (no DOI yet).
        "identifier": descriptor.get("id") or descriptor.get("homepage") or site.site_url,
        "version": descriptor["version"],
        # First published: the oldest release kept (releases/); modified: this release.
        "datePublished": min([released, *bases]),
        "dateModified": released,
        "license": descriptor["licenses"][0]["path"],
        "keywords": descriptor.get("keywords", []),
        "isAccessibleForFree": True,
        "creator": [{"@type": "Organization", "name": c["title"]} for c in descriptor.get("contributors", [])],
        "citation": citation_of(descriptor)["apa"],
        "temporalCoverage": f"{min(dates)[:4]}/{max(dates)[:4]}" if dates else None,
        "spatialCoverage": {"@type": "Place", "name": ", ".join(places)},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.path,
                "encodingFormat": MEDIA_TYPES.get(d.format, "application/octet-stream"),
                "contentUrl": urljoin(site.site_url, f"{site.top}downloads/{d.path}"),
                "contentSize": f"{d.size} B",
                "sha256": d.sha256,
            }
            for d in site.downloads
            if not d.version  # this version's files; earlier releases are listed on the page
        ],
    }


def _by_year(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**event, "year": event["date"][:4]} for event in events]


def _with_as_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The timeline's events with the "as of" marker at the release date, after what happens that day."""
    today = data["today"]
    events = data["events"]
    at = next((n for n, e in enumerate(events) if e["date"] > today), len(events))
    return [*events[:at], {"date": today, "what": "as_of", "record": None}, *events[at:]]


def _home(deadlines: list[Record], data: dict[str, Any], since: str | None) -> dict[str, Any]:
    """The home page's figures as of the release date: how many commitments are overdue, due soon
    and achieved; the next deadlines (not achieved, not yet passed, soonest first); the latest
    excerpts; how many commitments had their evidence searched since `since`, the previous release's
    date (None: no earlier release, any search counts)."""
    today = data["today"]
    counts = {code: sum(1 for r in deadlines if r["_status"].code == code) for code in status.ORDER}
    upcoming = [
        r
        for r in deadlines
        if r["_status"].end is not None and r["_status"].code != "achieved" and r["_status"].end.isoformat() >= today
    ]
    upcoming.sort(key=lambda r: (r["deadline"], r["_kind"], r["id"]))
    excerpts = sorted(data["kinds"].get("news_excerpts", []), key=lambda e: e["_source"]["published"], reverse=True)
    searched = status.searched_since(deadlines, since)
    return {
        "status_counts": counts,
        "next_deadlines": upcoming[:SOON],
        "latest_excerpts": excerpts[:5],
        "searched_count": len(searched),
        "commitment_count": len(deadlines),
    }
