"""What the downloads share: the package read once (`Source`), the typing of a cell by its schema,
the citation, the export templates, and how a file is saved (`Download`, fixed ZIP timestamps).

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
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from tracker import untrusted
from tracker.dates import PATTERN as PARTIAL_DATE
from tracker.load import FALSE_VALUES, is_true

DESCRIPTOR = "datapackage.json"
TEMPLATES = Path(__file__).resolve().parent.parent.parent / "site" / "templates" / "export"

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


@dataclass(frozen=True)
class Source:
    """The (already validated) package as the downloads read it: its folder, its descriptor's bytes
    and the rows of its tables (resource name -> rows of text); `releases` is the folder of the
    earlier releases kept (None: none written)."""

    root: Path
    raw: bytes
    tables: dict[str, Table]
    releases: Path | None = None

    @classmethod
    def read(cls, root: Path, tables: dict[str, Table] | None = None, releases: Path | None = None) -> Source:
        """The package at root; without `tables` (the rows as the build already read them) the CSV
        files are read here."""
        raw = untrusted.read_bytes(root, DESCRIPTOR, untrusted.MAX_DESCRIPTOR_BYTES)
        if tables is None:
            tables = {r["name"]: read_table(root / r["path"]) for r in json.loads(raw)["resources"]}
        return cls(root, raw, tables, releases)

    @cached_property
    def descriptor(self) -> dict[str, Any]:
        return json.loads(self.raw)

    @property
    def resources(self) -> list[dict[str, Any]]:
        return self.descriptor["resources"]

    @property
    def stem(self) -> str:
        """The whole-package files' name: `<name>-<version>`."""
        return f"{self.descriptor['name']}-{self.descriptor['version']}"

    @property
    def when(self) -> datetime:
        return released(self.descriptor)

    @cached_property
    def files(self) -> dict[str, bytes]:
        """The package's files as downloaded, each read once: the descriptor, then every CSV
        spreadsheet-safe."""
        return {DESCRIPTOR: self.raw} | {
            r["path"]: spreadsheet_safe(untrusted.read_bytes(self.root, r["path"]), r) for r in self.resources
        }


def save(
    out_dir: Path, resource: str, fmt: str, path: str, data: bytes, rows: int | None = None, version: str = ""
) -> Download:
    """Write data at path below out_dir; the Download that describes it."""
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


# Citation and README


def citation(descriptor: dict[str, Any]) -> dict[str, str]:
    """How to cite this version, built from the descriptor: "apa" (APA-like text) and "bibtex";
    with a Vietnamese title (`x-title-vi`), "apa_vi" too: the same in Vietnamese, naming the
    Vietnamese site."""
    people = authors(descriptor)
    title, version, url = descriptor["title"], descriptor["version"], descriptor["homepage"]
    year = descriptor["created"][:4]
    names = people[0] if len(people) == 1 else ", ".join(people[:-1]) + ", & " + people[-1]
    names += "" if names.endswith(".") else "."
    apa = f"{names} ({year}). {title} (Version {version}) [Data set]. {url}"
    bib_authors = " and ".join("{" + _bib(a) + "}" for a in people)
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


def authors(descriptor: dict[str, Any]) -> list[str]:
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


def render_template(template: str, descriptor: dict[str, Any], **extra: Any) -> str:
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


# ZIP members


def add(archive: zipfile.ZipFile, name: str, data: bytes, when: datetime) -> None:
    """A member of a ZIP with a fixed timestamp, deflated, readable by all."""
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
