"""Export the validated package in the formats researchers use.

Everything is derived from the Table Schemas in datapackage.json: the descriptor and the CSV files
(byte-identical copies, so the folder validates with frictionless unchanged), a ZIP of them with a
README, an Excel workbook, a SQLite database, and one JSON and one Parquet file per resource.

Types follow the schema: a `number` is a float in every format (REAL in SQLite), a `list` is an
array in JSON and Parquet and its ";"-joined text in SQLite and Excel, an empty cell is null.
Partial dates (YYYY, YYYY-MM or YYYY-MM-DD) are strings in the schema and stay text everywhere.
The same package always gives byte-identical files: timestamps come from the descriptor's `created`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from tracker import diff, untrusted
from tracker.dates import PATTERN as PARTIAL_DATE
from tracker.dates import period
from tracker.load import FALSE_VALUES, Reference, is_true, key_fields, references

DESCRIPTOR = "datapackage.json"
TEMPLATES = Path(__file__).resolve().parent.parent / "site" / "templates" / "export"
SQL_TYPES = {"string": "TEXT", "number": "REAL", "list": "TEXT", "boolean": "INTEGER"}  # booleans as 0 and 1
ARROW_TYPES = {"string": pa.string(), "number": pa.float64(), "list": pa.list_(pa.string()), "boolean": pa.bool_()}
# The data dictionary of the workbook: English columns first (unchanged since 0.1.0), then the Vietnamese
# title and description (the fields' x-title-vi and x-description-vi).
DICTIONARY_HEADER = [
    "resource",
    "field",
    "title",
    "type",
    "required",
    "references",
    "description",
    "title_vi",
    "description_vi",
]
# The Vietnamese twin of the About sheet, and its dictionary's header (same columns as DICTIONARY_HEADER
# without the English title and description; the field names stay English, as in the data).
ABOUT_VI = "Giới thiệu"
DICTIONARY_HEADER_VI = ["bảng (resource)", "cột (field)", "tên cột", "kiểu", "bắt buộc", "tham chiếu", "mô tả"]

# Queries researchers would otherwise write; LEFT JOINs keep one row per target, plan or excerpt.
# Every resource with foreign keys also gets a RESOURCE_with_labels view, generated from its schema.
VIEWS = """
CREATE VIEW targets_with_documents AS
SELECT t.*,
       CASE WHEN t.resolution_id IS NOT NULL THEN 'resolution' ELSE 'local_plan' END AS document_kind,
       COALESCE(t.resolution_id, t.local_plan_id) AS document_id,
       COALESCE(r.number, p.number) AS document_number,
       COALESCE(r.title_en, p.title_en) AS document_title_en,
       COALESCE(r.title_vi, p.title_vi) AS document_title_vi,
       COALESCE(r.date_issued, p.date_issued) AS document_date_issued,
       j.name_en AS jurisdiction_name_en,
       j.name_vi AS jurisdiction_name_vi,
       tp.name_en AS topic_name_en,
       tp.name_vi AS topic_name_vi
FROM targets AS t
LEFT JOIN resolutions AS r ON r.id = t.resolution_id
LEFT JOIN local_plans AS p ON p.id = t.local_plan_id
LEFT JOIN jurisdictions AS j ON j.id = t.jurisdiction
LEFT JOIN topics AS tp ON tp.id = t.topic;

CREATE VIEW local_plans_with_resolutions AS
SELECT p.*,
       j.name_en AS jurisdiction_name_en,
       j.name_vi AS jurisdiction_name_vi,
       i.name_en AS issuer_name_en,
       i.name_vi AS issuer_name_vi,
       r.number AS resolution_number,
       r.title_en AS resolution_title_en,
       r.title_vi AS resolution_title_vi,
       r.date_issued AS resolution_date_issued
FROM local_plans AS p
LEFT JOIN resolutions AS r ON r.id = p.implements
LEFT JOIN jurisdictions AS j ON j.id = p.jurisdiction
LEFT JOIN issuers AS i ON i.id = p.issuer;

CREATE VIEW news_excerpts_with_sources AS
SELECT e.*,
       s.outlet AS source_outlet,
       s.url AS source_url,
       s.published AS source_published,
       s.title_en AS source_title_en,
       s.title_vi AS source_title_vi,
       s.original_language AS source_original_language
FROM news_excerpts AS e
LEFT JOIN sources AS s ON s.id = e.source;
"""

Table = list[dict[str, str]]


@dataclass(frozen=True)
class Download:
    """One file written by the export, with what the Downloads page shows about it."""

    resource: str  # resource name, or "" for whole-package files
    format: str  # csv, json, parquet, datapackage, zip, xlsx, sqlite
    path: str  # POSIX path relative to out_dir
    size: int  # bytes
    sha256: str  # hex digest
    rows: int | None = None  # records in a resource's file; None for whole-package files
    version: str = ""  # the earlier release a file holds; "" for the current version's files


def write_exports(package_dir: Path, out_dir: Path, tables: dict[str, Table] | None = None) -> list[Download]:
    """Write every export of the (already validated) package under out_dir; one Download per file.

    `tables` are the rows as the build already read them (resource name -> rows of text); without
    them the CSV files are read here.
    """
    raw = untrusted.read_bytes(package_dir, DESCRIPTOR, untrusted.MAX_DESCRIPTOR_BYTES)
    descriptor = json.loads(raw)
    resources = descriptor["resources"]
    # the package's files as downloaded, each read once: the descriptor, then every CSV spreadsheet-safe
    files = {DESCRIPTOR: raw} | {
        r["path"]: spreadsheet_safe(untrusted.read_bytes(package_dir, r["path"]), r) for r in resources
    }
    if tables is None:
        tables = {r["name"]: read_table(package_dir / r["path"]) for r in resources}
    stem = f"{descriptor['name']}-{descriptor['version']}"
    when = released(descriptor)
    out_dir.mkdir(parents=True, exist_ok=True)
    downloads = [
        _save(out_dir, "", "datapackage", DESCRIPTOR, raw),
        _save(out_dir, "", "zip", f"{stem}.zip", zip_bytes(files, descriptor, tables, when)),
        _save(out_dir, "", "xlsx", f"{stem}.xlsx", workbook_bytes(descriptor, tables, when)),
        _save(out_dir, "", "sqlite", f"{stem}.sqlite", sqlite_bytes(descriptor, tables)),
    ]
    for r in resources:
        downloads.append(_save(out_dir, r["name"], "csv", r["path"], files[r["path"]], len(tables[r["name"]])))
    for r in resources:
        data = json_bytes(r, tables[r["name"]])
        downloads.append(_save(out_dir, r["name"], "json", f"json/{r['name']}.json", data, len(tables[r["name"]])))
    for r in resources:
        data = parquet_bytes(r, tables[r["name"]])
        path = f"parquet/{r['name']}.parquet"
        downloads.append(_save(out_dir, r["name"], "parquet", path, data, len(tables[r["name"]])))
    return downloads


def write_releases(releases: Path, out_dir: Path) -> list[Download]:
    """The earlier releases kept in `releases` (one package folder per version, as released), newest
    first, each as a ZIP of its descriptor and data files under out_dir/releases/, stamped with its
    own release date; nothing is regenerated, so each holds exactly what was released."""
    kept = [p for p in releases.iterdir() if (p / DESCRIPTOR).is_file()] if releases.is_dir() else []
    found = []
    for folder in sorted(kept, key=lambda p: diff.version_key(p.name), reverse=True):
        descriptor = json.loads(untrusted.read_bytes(folder, DESCRIPTOR, untrusted.MAX_DESCRIPTOR_BYTES))
        when, buffer = released(descriptor), io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in [DESCRIPTOR, *(r["path"] for r in descriptor["resources"])]:
                _add(archive, path, untrusted.read_bytes(folder, path), when)
        name = f"releases/{descriptor['name']}-{descriptor['version']}.zip"
        found.append(_save(out_dir, "", "zip", name, buffer.getvalue(), version=descriptor["version"]))
    return found


def _save(
    out_dir: Path, resource: str, fmt: str, path: str, data: bytes, rows: int | None = None, version: str = ""
) -> Download:
    target = untrusted.within(out_dir, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Download(resource, fmt, path, len(data), hashlib.sha256(data).hexdigest(), rows, version)


# Reading and typing


def read_table(path: Path) -> Table:
    """A CSV file's rows as dicts of text."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def typed(text: str, field: dict[str, Any]) -> Any:
    """A cell as its schema types it: None when empty, float for a number, a list of ids for a list,
    True or False for a boolean."""
    if text == "":
        return None
    if field["type"] == "number":
        return float(text)
    if field["type"] == "list":
        return text.split(field.get("delimiter", ","))
    if field["type"] == "string":
        return text
    if field["type"] == "boolean":
        if is_true(field, text):
            return True
        if text in field.get("falseValues", FALSE_VALUES):
            return False
        raise ValueError(f"field {field['name']!r}: {text!r} is not a boolean")
    raise ValueError(f"field {field['name']!r}: type {field['type']!r} is not supported by the export")


def flat(text: str, field: dict[str, Any]) -> Any:
    """A cell for one-value-per-cell formats (SQLite, Excel): a list stays its ";"-joined text."""
    value = typed(text, field)
    return text if isinstance(value, list) else value


def required(field: dict[str, Any]) -> bool:
    return bool(field.get("constraints", {}).get("required"))


def released(descriptor: dict[str, Any]) -> datetime:
    """The descriptor's `created` as a naive UTC datetime: the timestamp of every file we write."""
    created = datetime.fromisoformat(descriptor["created"])
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    return created


def date_fields(descriptor: dict[str, Any]) -> list[str]:
    """`resource.field` for every field holding partial dates (recognised by its pattern)."""
    return [
        f"{r['name']}.{f['name']}"
        for r in descriptor["resources"]
        for f in r["schema"]["fields"]
        if f.get("constraints", {}).get("pattern") == PARTIAL_DATE
    ]


# Citation and README


def citation(descriptor: dict[str, Any]) -> dict[str, str]:
    """How to cite this version, built from the descriptor: "apa" (APA-like text) and "bibtex";
    with a Vietnamese title (`x-title-vi`), "apa_vi" too: the same in Vietnamese, naming the
    Vietnamese site."""
    authors = _authors(descriptor)
    title, version, url = descriptor["title"], descriptor["version"], descriptor["homepage"]
    year = descriptor["created"][:4]
    names = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + ", & " + authors[-1]
    names += "" if names.endswith(".") else "."
    apa = f"{names} ({year}). {title} (Version {version}) [Data set]. {url}"
    bib_authors = " and ".join("{" + _bib(a) + "}" for a in authors)
    bibtex = "\n".join(
        [
            f"@misc{{{descriptor['name']}-{version},",
            f"  author = {{{bib_authors}}},",
            f"  title = {{{{{_bib(title)}}}}},",
            f"  year = {{{year}}},",
            f"  version = {{{version}}},",
            f"  url = {{{url}}},",
            f"  note = {{Data set, version {version}}}",
            "}",
        ]
    )
    cite = {"apa": apa, "bibtex": bibtex}
    if title_vi := descriptor.get("x-title-vi"):
        home_vi = url.rstrip("/") + "/vi/"
        cite["apa_vi"] = f"Nhóm biên soạn {title_vi} ({year}). {title_vi} (phiên bản {version}) [Bộ dữ liệu]. {home_vi}"
    return cite


def _authors(descriptor: dict[str, Any]) -> list[str]:
    contributors = descriptor.get("contributors", [])
    authors = [c for c in contributors if "author" in [c.get("role"), *c.get("roles", [])]]
    return [c["title"] for c in authors or contributors] or [descriptor["title"]]


# A licence's name in Vietnamese, for the Vietnamese README and About sheet (else its own title).
_LICENCES_VI = {"CC-BY-4.0": "Creative Commons Ghi công 4.0 Quốc tế"}


def _day_vi(day: str) -> str:
    """An ISO date as Vietnamese writes it: 2026-12-07 -> 7/12/2026."""
    year, month, date = day.split("-")
    return f"{int(date)}/{int(month)}/{year}"


def _bib(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", text)


def _render(template: str, descriptor: dict[str, Any], **extra: Any) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    context = {
        **descriptor,
        "licence": descriptor["licenses"][0],
        "released": descriptor["created"][:10],
        "released_vi": _day_vi(descriptor["created"][:10]),
        "licence_vi": _LICENCES_VI.get(
            descriptor["licenses"][0].get("name", ""), descriptor["licenses"][0].get("title", "")
        ),
        "citation": citation(descriptor),
        "date_fields": date_fields(descriptor),
        **extra,
    }
    return environment.get_template(template).render(context)


def readme(descriptor: dict[str, Any], tables: dict[str, Table]) -> str:
    """The README.md of the ZIP: licence, citation, resources with their row counts, conventions; then
    the same in Vietnamese (from the descriptor's x-title-vi and x-description-vi)."""
    resources = [{**r, "rows": len(tables[r["name"]])} for r in descriptor["resources"]]
    return _render(
        "README.md.j2",
        descriptor,
        resources=resources,
        vi_title=descriptor.get("x-title-vi") or descriptor["title"],
        vi_description=descriptor.get("x-description-vi") or descriptor["description"],
    )


# ZIP


def zip_bytes(files: dict[str, bytes], descriptor: dict[str, Any], tables: dict[str, Table], when: datetime) -> bytes:
    """README.md, then the package's `files` (datapackage.json and data/*.csv, as downloaded, by
    path) at the root of the archive, with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, "README.md", readme(descriptor, tables).encode("utf-8"), when)
        for path, data in files.items():
            _add(archive, path, data, when)
    return buffer.getvalue()


def spreadsheet_safe(data: bytes, resource: dict[str, Any]) -> bytes:
    """A CSV file as downloaded: every text cell that a spreadsheet would run as a formula (starting
    with =, +, -, @) gets a leading apostrophe (OWASP), except a value its field's enum allows (the
    comparator "="). The validator refuses such cells, so a valid file comes out byte for byte."""
    fields = resource["schema"]["fields"]
    texts = {f["name"] for f in fields if f.get("type", "string") == "string"}
    enums = {f["name"]: f.get("constraints", {}).get("enum", []) for f in fields}
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header = rows[0] if rows else []

    def cell(name: str, value: str) -> str:
        return untrusted.neutralised(value) if name in texts and value not in enums[name] else value

    safe = [[cell(name, value) for name, value in zip(header, row, strict=True)] for row in rows[1:]]
    if safe == rows[1:]:
        return data
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows([header, *safe])
    return buffer.getvalue().encode("utf-8")


def _add(archive: zipfile.ZipFile, name: str, data: bytes, when: datetime) -> None:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _restamp(data: bytes, when: datetime) -> bytes:
    """The same ZIP with every member's timestamp set to `when` (openpyxl stamps members with now)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            _add(archive, info.filename, source.read(info), when)
    return buffer.getvalue()


# Excel


def workbook_bytes(descriptor: dict[str, Any], tables: dict[str, Table], when: datetime) -> bytes:
    """An "About" sheet (metadata, citation, data dictionary), the same in Vietnamese ("Giới thiệu"),
    then one sheet per resource."""
    book = openpyxl.Workbook()
    _about_sheet(book.active, descriptor)
    _about_sheet_vi(book.create_sheet(ABOUT_VI), descriptor)
    for resource in descriptor["resources"]:
        _resource_sheet(book.create_sheet(resource["name"]), resource, tables[resource["name"]])
    book.properties.title = descriptor["title"]
    book.properties.creator = ", ".join(_authors(descriptor))
    book.properties.created = book.properties.modified = when
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # unlike openpyxl's save(), it keeps our `modified`
    return _restamp(buffer.getvalue(), when)


def _about_sheet(sheet: Worksheet, descriptor: dict[str, Any]) -> None:
    sheet.title = "About"
    names = [r["name"] for r in descriptor["resources"]]
    lines = _render("about.tsv.j2", descriptor, resources=names, vi_sheet=ABOUT_VI).splitlines()
    rows = [
        [
            resource["name"],
            field["name"],
            field.get("title"),
            field["type"],
            "yes" if required(field) else "no",
            label,
            field.get("description"),
            field.get("x-title-vi"),
            field.get("x-description-vi"),
        ]
        for resource, field, label in _dictionary_fields(descriptor)
    ]
    _fill_about(sheet, lines, DICTIONARY_HEADER, rows)


def _about_sheet_vi(sheet: Worksheet, descriptor: dict[str, Any]) -> None:
    """The About sheet in Vietnamese: the package's x-title-vi and x-description-vi, the conventions,
    and the data dictionary with the fields' Vietnamese titles and descriptions."""
    names = [f"{r['name']} ({r['x-title-vi']})" if r.get("x-title-vi") else r["name"] for r in descriptor["resources"]]
    lines = _render(
        "about_vi.tsv.j2",
        descriptor,
        resources=names,
        vi_title=descriptor.get("x-title-vi") or descriptor["title"],
        vi_description=descriptor.get("x-description-vi") or descriptor["description"],
    ).splitlines()
    rows = [
        [
            resource["name"],
            field["name"],
            field.get("x-title-vi"),
            field["type"],
            "có" if required(field) else "không",
            label,
            field.get("x-description-vi"),
        ]
        for resource, field, label in _dictionary_fields(descriptor)
    ]
    _fill_about(sheet, lines, DICTIONARY_HEADER_VI, rows)


def _dictionary_fields(descriptor: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any], str | None]]:
    """Each field of each resource with the label of what it references (read once per resource)."""
    for resource in descriptor["resources"]:
        found = references(resource)
        for field in resource["schema"]["fields"]:
            yield resource, field, _reference_label(found.get(field["name"]))


def _fill_about(sheet: Worksheet, lines: list[str], header: list[str], rows: list[list[Any]]) -> None:
    """The rendered metadata lines (a tab between cells), then the dictionary's header and rows."""
    for line in lines:
        sheet.append(line.split("\t") if line else [])
    sheet.append(header)
    for cell in [sheet["A1"], sheet.cell(len(lines), 1), *sheet[len(lines) + 1]]:  # title, headings
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    _fit_columns(sheet)


def _reference_label(reference: Reference | None) -> str | None:
    """How the About sheet names what a field refers to: "resource.field", or "resource (ids)"."""
    if reference is None:
        return None
    return f"{reference.resource} (ids)" if reference.is_list else f"{reference.resource}.{reference.field}"


def _resource_sheet(sheet: Worksheet, resource: dict[str, Any], rows: Table) -> None:
    """One row per record; each partial date is followed by its period as two real dates."""
    fields = resource["schema"]["fields"]
    partial = {f["name"] for f in fields if f.get("constraints", {}).get("pattern") == PARTIAL_DATE}
    header: list[str] = []
    for f in fields:
        header += [f["name"], f"{f['name']}_from", f"{f['name']}_to"] if f["name"] in partial else [f["name"]]
    sheet.append(header)
    for row in rows:
        values: list[Any] = []
        for f in fields:
            values.append(flat(row[f["name"]], f))
            if f["name"] in partial:
                values += list(period(row[f["name"]]) or (None, None))
        sheet.append(values)
    for cells in sheet.iter_rows(min_row=2):  # one pass: looking up the last row each time is quadratic
        for cell in cells:
            if cell.data_type == "f":  # text such as "=..." is data, never a formula
                cell.data_type = "s"
            elif cell.is_date:
                cell.number_format = "yyyy-mm-dd"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _fit_columns(sheet)


def _fit_columns(sheet: Worksheet, widest: int = 60) -> None:
    for index, column in enumerate(sheet.iter_cols(), start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, widest)


# SQLite


def sqlite_bytes(descriptor: dict[str, Any], tables: dict[str, Table]) -> bytes:
    """One table per resource with types and keys, link tables for the lists of ids, and views."""
    keys = {r["name"]: key_fields(r["schema"]["primaryKey"])[0] for r in descriptor["resources"]}
    db = sqlite3.connect(":memory:")
    try:
        for resource in descriptor["resources"]:
            rows = tables[resource["name"]]
            db.execute(table_sql(resource))
            fields = resource["schema"]["fields"]
            marks = ", ".join("?" for _ in fields)
            values = [[flat(row[f["name"]], f) for f in fields] for row in rows]
            db.executemany(f"INSERT INTO {_q(resource['name'])} VALUES ({marks})", values)
        for resource in descriptor["resources"]:
            _link_tables(db, resource, tables[resource["name"]], keys, descriptor)
        db.executescript(VIEWS)
        for resource in descriptor["resources"]:
            view = labels_view_sql(resource, descriptor)
            if view:
                db.execute(view)
        db.commit()
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ValueError(f"foreign keys do not resolve in the SQLite export: {broken[:5]}")
        return db.serialize()
    finally:
        db.close()


def table_sql(resource: dict[str, Any]) -> str:
    """CREATE TABLE with declared types, NOT NULL for required fields, the primary and foreign keys."""
    schema = resource["schema"]
    lists = {f["name"] for f in schema["fields"] if f["type"] == "list"}
    lines = [f"{_q(f['name'])} {SQL_TYPES[f['type']]}" + (" NOT NULL" if required(f) else "") for f in schema["fields"]]
    lines.append(f"PRIMARY KEY ({_qs(key_fields(schema['primaryKey']))})")
    for key in schema.get("foreignKeys", []):
        fields = key_fields(key["fields"])
        if lists.intersection(fields):  # a list of ids cannot be a foreign key: see the link tables
            continue
        target = key["reference"].get("resource") or resource["name"]
        lines.append(
            f"FOREIGN KEY ({_qs(fields)}) REFERENCES {_q(target)} ({_qs(key_fields(key['reference']['fields']))})"
        )
    return f"CREATE TABLE {_q(resource['name'])} (\n  " + ",\n  ".join(lines) + "\n)"


def link_names(resource: dict[str, Any], field: str, target: dict[str, Any]) -> tuple[str, str, str]:
    """Link table and its two columns for a list field: resolutions.topics -> resolution_topics(resolution_id,
    topic_id); news_excerpts.target_ids -> news_excerpt_targets(news_excerpt_id, target_id)."""
    owner = f"{singular(resource)}_id"
    item = f"{singular(target)}_id"
    stem = field.removesuffix("_ids") + "s" if field.endswith("_ids") else field
    return f"{singular(resource)}_{stem}", owner, item if item != owner else field


def _link_tables(
    db: sqlite3.Connection, resource: dict[str, Any], rows: Table, keys: dict[str, str], descriptor: dict[str, Any]
) -> None:
    name, key = resource["name"], keys[resource["name"]]
    refs = references(resource)
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for field in resource["schema"]["fields"]:
        reference = refs.get(field["name"])
        if reference is None or not reference.is_list:
            continue
        target = reference.resource
        table, owner, item = link_names(resource, field["name"], by_name[target])
        db.execute(
            f"CREATE TABLE {_q(table)} (\n  {_q(owner)} TEXT NOT NULL,\n  {_q(item)} TEXT NOT NULL,\n"
            f"  PRIMARY KEY ({_q(owner)}, {_q(item)}),\n"
            f"  FOREIGN KEY ({_q(owner)}) REFERENCES {_q(name)} ({_q(key)}),\n"
            f"  FOREIGN KEY ({_q(item)}) REFERENCES {_q(target)} ({_q(keys[target])})\n)"
        )
        pairs = [(row[key], ref) for row in rows for ref in typed(row[field["name"]], field) or []]
        db.executemany(f"INSERT OR IGNORE INTO {_q(table)} VALUES (?, ?)", pairs)


def label_field(resource: dict[str, Any]) -> str | None:
    """The field that names a record (an English title, name or indicator), as `build.py diff` picks it."""
    schema = resource["schema"]
    described = diff.Resource(
        resource["name"],
        resource["path"],
        key_fields(schema["primaryKey"]),
        schema["fields"],
        frozenset(references(resource)),
    )
    return diff.label_column(described, [f["name"] for f in schema["fields"]])


def labels_view_sql(resource: dict[str, Any], descriptor: dict[str, Any]) -> str | None:
    """CREATE VIEW RESOURCE_with_labels: every column of the table, then for each foreign key the label
    of the record it names (tasks.responsible -> responsible_name_en, then its Vietnamese twin
    responsible_name_vi where the target has one); None without foreign keys."""
    by_name = {r["name"]: r for r in descriptor["resources"]}
    columns, joins = [], []
    for field, reference in references(resource).items():
        target = by_name.get(reference.resource)
        shown = label_field(target) if target is not None and not reference.is_list else None
        if shown is None:
            continue
        alias = f"r{len(joins) + 1}"
        columns.append(f"{alias}.{_q(shown)} AS {_q(f'{field}_{shown}')}")
        twin = shown.removesuffix("_en") + "_vi"  # the Vietnamese label next to the English one
        if target is not None and shown.endswith("_en") and twin in {f["name"] for f in target["schema"]["fields"]}:
            columns.append(f"{alias}.{_q(twin)} AS {_q(f'{field}_{twin}')}")
        joins.append(f"LEFT JOIN {_q(reference.resource)} AS {alias} ON {alias}.{_q(reference.field)} = t.{_q(field)}")
    if not columns:
        return None
    view = _q(f"{resource['name']}_with_labels")
    return (
        f"CREATE VIEW {view} AS\nSELECT t.*,\n       "
        + ",\n       ".join(columns)
        + (f"\nFROM {_q(resource['name'])} AS t\n" + "\n".join(joins))
    )


def singular(resource: dict[str, Any]) -> str:
    """The English singular of a resource's name, for the names of link-table columns: its
    `x-singular` (people -> person), else activities -> activity, progress -> progress, topics -> topic."""
    name = str(resource["name"])
    if resource.get("x-singular"):
        return str(resource["x-singular"])
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name if name.endswith("ss") else name.removesuffix("s")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _qs(names: list[str]) -> str:
    return ", ".join(_q(n) for n in names)


# JSON and Parquet


def json_bytes(resource: dict[str, Any], rows: Table) -> bytes:
    """An array of records, keys in schema order, values typed by the schema."""
    fields = resource["schema"]["fields"]
    records = [{f["name"]: typed(row[f["name"]], f) for f in fields} for row in rows]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def parquet_bytes(resource: dict[str, Any], rows: Table) -> bytes:
    """A Parquet file with typed columns: string, float64, list<string>; required fields not nullable."""
    fields = resource["schema"]["fields"]
    schema = pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]], nullable=not required(f)) for f in fields])
    columns = {f["name"]: [typed(row[f["name"]], f) for row in rows] for f in fields}
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns, schema=schema), buffer)
    return buffer.getvalue()
