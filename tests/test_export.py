"""The downloads: every format is written from the real package and read back with the tools researchers use.

Expectations come from the package itself: the descriptor's schemas, and the rows as frictionless types
them (numbers as floats, lists as lists, empty cells as None).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import frictionless
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import PACKAGE, ROOT, PackageCopy, read_rows

from tracker.dates import PATTERN as PARTIAL_DATE
from tracker.dates import period
from tracker.load import references
from tracker.outputs import write_downloads as write_exports
from tracker.outputs.common import Download, citation
from tracker.outputs.releases import kept as write_releases
from tracker.outputs.sqlite import label_field, link_names
from tracker.outputs.xlsx import DICTIONARY_HEADER, DICTIONARY_HEADER_VI

DESCRIPTOR = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = DESCRIPTOR["resources"]
NAMES = [r["name"] for r in RESOURCES]
STEM = f"{DESCRIPTOR['name']}-{DESCRIPTOR['version']}"
SQL_TYPES = {"string": "TEXT", "number": "REAL", "list": "TEXT", "boolean": "INTEGER"}
ARROW_TYPES = {"string": pa.string(), "number": pa.float64(), "list": pa.list_(pa.string()), "boolean": pa.bool_()}
CELL_TYPES: dict[str, Any] = {"number": int | float, "boolean": bool}  # anything else is text in the workbook
PANDAS_TYPES = {"number": "float64", "boolean": "boolean"}  # anything else is read as text
NEW = ("tasks", "events", "people", "progress")  # issue 11: every format must hold them like the others


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Download]]:
    out = tmp_path_factory.mktemp("exports") / "downloads"  # does not exist yet
    return out, write_exports(PACKAGE, out)


@pytest.fixture(scope="module")
def out(exported: tuple[Path, list[Download]]) -> Path:
    return exported[0]


@pytest.fixture(scope="module")
def downloads(exported: tuple[Path, list[Download]]) -> list[Download]:
    return exported[1]


@pytest.fixture(scope="module")
def expected() -> dict[str, list[dict[str, Any]]]:
    """Every resource's rows typed by frictionless from the schema, with numbers as floats."""
    package = frictionless.Package(str(PACKAGE / "datapackage.json"))
    return {
        name: [
            {key: float(value) if isinstance(value, Decimal) else value for key, value in row.to_dict().items()}
            for row in package.get_resource(name).read_rows()
        ]
        for name in NAMES
    }


def fields(name: str) -> list[dict[str, Any]]:
    return next(r for r in RESOURCES if r["name"] == name)["schema"]["fields"]


def flat(name: str, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as one-value cells (SQLite, Excel): a list is its delimited text."""
    return [
        tuple(
            f["delimiter"].join(row[f["name"]]) if f["type"] == "list" and row[f["name"]] else row[f["name"]]
            for f in fields(name)
        )
        for row in rows
    ]


def assert_valid(source: str) -> None:
    report = frictionless.Package(source).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def path_of(downloads: list[Download], fmt: str, resource: str = "") -> str:
    return next(d.path for d in downloads if d.format == fmt and d.resource == resource)


# The list of downloads


def test_one_download_per_file_with_its_size_and_checksum(out: Path, downloads: list[Download]) -> None:
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert sorted(d.path for d in downloads) == files
    for download in downloads:
        data = (out / download.path).read_bytes()
        assert download.size == len(data) > 0
        assert download.sha256 == hashlib.sha256(data).hexdigest()


def test_downloads_are_named_from_the_descriptor(downloads: list[Download]) -> None:
    whole = {(d.format, d.path) for d in downloads if d.resource == ""}
    assert whole == {
        ("datapackage", "datapackage.json"),
        ("zip", f"{STEM}.zip"),
        ("xlsx", f"{STEM}.xlsx"),
        ("sqlite", f"{STEM}.sqlite"),
        ("sha256", "SHA256SUMS"),
    }
    for resource in RESOURCES:
        name = resource["name"]
        assert path_of(downloads, "csv", name) == resource["path"]
        assert path_of(downloads, "json", name) == f"json/{name}.json"
        assert path_of(downloads, "parquet", name) == f"parquet/{name}.parquet"
    assert len(downloads) == 5 + 3 * len(RESOURCES)


def test_sha256sum_checks_every_download(built_site: Path) -> None:
    """SHA256SUMS lists every other file of the downloads folder, earlier releases included, and
    GNU sha256sum finds each one intact."""
    folder = built_site / "downloads"
    listed = [line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()]
    every = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    # The folder also holds the Downloads page (index.html), which the site builds there.
    assert listed == [path for path in every if path not in ("SHA256SUMS", "index.html")]
    assert any(path.startswith("releases/") for path in listed)
    command = ["sha256sum", "--check", "--strict", "SHA256SUMS"]
    checked = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.count(": OK\n") == len(listed), checked.stdout + checked.stderr


def test_two_runs_give_identical_files(downloads: list[Download], tmp_path: Path) -> None:
    again = write_exports(PACKAGE, tmp_path)
    assert [(d.path, d.sha256) for d in again] == [(d.path, d.sha256) for d in downloads]


# Descriptor and CSV


def test_descriptor_and_csvs_are_byte_identical_copies(out: Path) -> None:
    for path in ["datapackage.json", *(r["path"] for r in RESOURCES)]:
        assert (out / path).read_bytes() == (PACKAGE / path).read_bytes(), path
    for resource in json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        assert not Path(resource["path"]).is_absolute() and "://" not in resource["path"]


def test_downloaded_folder_validates_with_frictionless(out: Path) -> None:
    assert_valid(str(out / "datapackage.json"))


def test_pandas_reads_every_csv_with_the_schema_types(out: Path, expected: dict) -> None:
    for resource in RESOURCES:
        name = resource["name"]
        dtypes = {f["name"]: PANDAS_TYPES.get(f["type"], "string") for f in fields(name)}
        frame = pd.read_csv(out / resource["path"], dtype=dtypes, keep_default_na=False, na_values=[""])
        assert list(frame.columns) == list(dtypes)
        assert {column: str(dtype) for column, dtype in frame.dtypes.items()} == dtypes
        cells = frame.astype(object).where(frame.notna(), None)
        assert [tuple(row) for row in cells.itertuples(index=False)] == flat(name, expected[name])


# ZIP


def test_zip_holds_the_package_and_a_readme_with_fixed_timestamps(out: Path, downloads: list[Download]) -> None:
    with zipfile.ZipFile(out / path_of(downloads, "zip")) as archive:
        assert sorted(archive.namelist()) == sorted(["README.md", "datapackage.json", *(r["path"] for r in RESOURCES)])
        created = tuple(int(part) for part in DESCRIPTOR["created"][:10].split("-")) + (0, 0, 0)
        assert {info.date_time for info in archive.infolist()} == {created}
        for resource in RESOURCES:
            assert archive.read(resource["path"]) == (PACKAGE / resource["path"]).read_bytes()


def test_zip_unpacked_validates_and_the_zip_itself_too(out: Path, downloads: list[Download], tmp_path: Path) -> None:
    archive = out / path_of(downloads, "zip")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path)
    assert_valid(str(tmp_path / "datapackage.json"))
    assert_valid(str(archive))


def test_readme_has_licence_citation_resources_and_the_dates_rule(out: Path, downloads: list[Download]) -> None:
    with zipfile.ZipFile(out / path_of(downloads, "zip")) as archive:
        readme = archive.read("README.md").decode("utf-8")
    cite = citation(DESCRIPTOR)
    for text in [DESCRIPTOR["title"], DESCRIPTOR["version"], DESCRIPTOR["licenses"][0]["name"], cite["apa"]]:
        assert text in readme
    assert cite["bibtex"] in readme
    for resource in RESOURCES:
        rows = len(read_rows(PACKAGE / resource["path"]))
        assert f"| `{resource['name']}` | `{resource['path']}` | {rows} |" in readme
    assert "Partial dates stay text" in readme
    assert "`targets.deadline`" in readme


def test_readme_has_a_vietnamese_section(out: Path, downloads: list[Download]) -> None:
    with zipfile.ZipFile(out / path_of(downloads, "zip")) as archive:
        readme = archive.read("README.md").decode("utf-8")
    english, vietnamese = readme.split('<a id="tieng-viet"></a>')
    assert "(#tieng-viet)" in english  # the English part points to it
    for text in [DESCRIPTOR["x-title-vi"], DESCRIPTOR["x-description-vi"], citation(DESCRIPTOR)["apa"]]:
        assert text in vietnamese
    # in Vietnamese: the citation, the release date (7/12/2026, never ISO) and the licence's name
    year, month, day = DESCRIPTOR["created"][:10].split("-")
    assert citation(DESCRIPTOR)["apa_vi"] in vietnamese and "[Bộ dữ liệu]" in citation(DESCRIPTOR)["apa_vi"]
    assert f"Phát hành ngày {int(day)}/{int(month)}/{year}." in vietnamese
    assert "Creative Commons Ghi công 4.0 Quốc tế" in vietnamese and '"' not in vietnamese.split("### Quy ước")[1]
    for resource in RESOURCES:
        rows = len(read_rows(PACKAGE / resource["path"]))
        assert f"| `{resource['name']}` | `{resource['path']}` | {rows} | {resource['x-title-vi']} |" in vietnamese
    assert "Ngày không đầy đủ" in vietnamese and "`x-title-vi`" in vietnamese
    assert "`targets.deadline`" in vietnamese


# SQLite


@pytest.fixture(scope="module")
def db(out: Path, downloads: list[Download]) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(out / path_of(downloads, "sqlite"))
    yield connection
    connection.close()


def test_sqlite_is_sound(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_sqlite_tables_have_the_schema_types_and_keys(db: sqlite3.Connection) -> None:
    for resource in RESOURCES:
        name, schema = resource["name"], resource["schema"]
        info = db.execute(f'PRAGMA table_info("{name}")').fetchall()  # cid, name, type, notnull, default, pk
        assert [(c[1], c[2]) for c in info] == [(f["name"], SQL_TYPES[f["type"]]) for f in schema["fields"]]
        assert [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]] == schema["primaryKey"]
        for column, fld in zip(info, schema["fields"], strict=True):
            assert bool(column[3]) == bool(fld.get("constraints", {}).get("required")), (name, fld["name"])
        keys = {(k[3], k[2], k[4]) for k in db.execute(f'PRAGMA foreign_key_list("{name}")')}
        assert keys == {
            (fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
            for fk in schema.get("foreignKeys", [])
        }


def test_sqlite_rows_match_the_package(db: sqlite3.Connection, expected: dict) -> None:
    for name in NAMES:
        assert db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall() == flat(name, expected[name])


def test_sqlite_link_tables_hold_the_lists_of_ids(db: sqlite3.Connection, expected: dict) -> None:
    wanted = {}
    for resource in RESOURCES:
        for fld in resource["schema"]["fields"]:
            if fld["type"] == "list" and fld.get("x-references"):
                key = (resource["name"], fld["x-references"])
                assert key not in wanted, "two lists link the same resources: the test cannot tell them apart"
                rows = expected[resource["name"]]
                wanted[key] = {(row["id"], item) for row in rows for item in row[fld["name"]] or []}
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if t not in NAMES]
    found = {}
    for table in tables:
        owner, item = [c[1] for c in db.execute(f'PRAGMA table_info("{table}")')]
        refers = {k[3]: k[2] for k in db.execute(f'PRAGMA foreign_key_list("{table}")')}
        found[(refers[owner], refers[item])] = set(db.execute(f'SELECT "{owner}", "{item}" FROM "{table}"'))
    assert found == wanted


def test_sqlite_views_give_one_row_per_record_with_the_joined_names(db: sqlite3.Connection) -> None:
    documents = {r["id"]: r for name in ("resolutions", "local_plans") for r in read_rows(PACKAGE / f"data/{name}.csv")}
    places = {r["id"]: r["name_en"] for r in read_rows(PACKAGE / "data/jurisdictions.csv")}
    targets = read_rows(PACKAGE / "data/targets.csv")
    db.row_factory = sqlite3.Row
    try:
        rows = {row["id"]: row for row in db.execute("SELECT * FROM targets_with_documents")}
        plans = list(db.execute("SELECT * FROM local_plans_with_resolutions"))
        excerpts = list(db.execute("SELECT * FROM news_excerpts_with_sources"))
    finally:
        db.row_factory = None
    assert len(rows) == len(targets) == len({t["id"] for t in targets})
    for target in targets:
        row = rows[target["id"]]
        document = documents[target["resolution_id"] or target["local_plan_id"]]
        assert row["document_id"] == document["id"]
        assert row["document_number"] == (document["number"] or None)
        assert row["document_title_en"] == document["title_en"]
        assert row["document_date_issued"] == (document["date_issued"] or None)
        assert row["jurisdiction_name_en"] == places[target["jurisdiction"]]
    resolutions = {r["id"]: r for r in read_rows(PACKAGE / "data/resolutions.csv")}
    assert len(plans) == len(read_rows(PACKAGE / "data/local_plans.csv"))
    for plan in plans:
        assert plan["resolution_title_en"] == resolutions[plan["implements"]]["title_en"]
    assert len(excerpts) == len(read_rows(PACKAGE / "data/news_excerpts.csv"))


# Excel


@pytest.fixture(scope="module")
def book(out: Path, downloads: list[Download]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(out / path_of(downloads, "xlsx"))


def test_workbook_sheets_are_about_then_one_per_resource(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["About", "Giới thiệu", *NAMES]
    created = DESCRIPTOR["created"][:19].replace("T", " ")
    assert str(book.properties.created) == str(book.properties.modified) == created


def partial(fld: dict) -> bool:
    return fld.get("constraints", {}).get("pattern") == PARTIAL_DATE


def test_workbook_sheets_hold_typed_cells_under_a_frozen_header(book: openpyxl.Workbook, expected: dict) -> None:
    kinds = set()
    for name in NAMES:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        rows = list(sheet.iter_rows(values_only=True))
        header = [
            h
            for f in fields(name)
            for h in ([f["name"], f"{f['name']}_from", f"{f['name']}_to"] if partial(f) else [f["name"]])
        ]
        assert rows[0] == tuple(header)
        assert len(rows) - 1 == len(expected[name])
        schema_rows = [tuple(row[header.index(f["name"])] for f in fields(name)) for row in rows[1:]]
        assert schema_rows == flat(name, expected[name])
        for row in schema_rows:
            for fld, value in zip(fields(name), row, strict=True):
                if value is not None:
                    kinds.add(fld["type"])
                    assert isinstance(value, CELL_TYPES.get(fld["type"], str)), (name, fld["name"])
    assert kinds == {f["type"] for r in RESOURCES for f in r["schema"]["fields"]}  # every type is checked


def test_workbook_keeps_partial_dates_as_text_with_their_period_as_dates(book: openpyxl.Workbook) -> None:
    checked = 0
    for resource in RESOURCES:
        texts = read_rows(PACKAGE / resource["path"])
        sheet = book[resource["name"]]
        header = [c.value for c in sheet[1]]
        for fld in resource["schema"]["fields"]:
            if not partial(fld):
                continue
            column = header.index(fld["name"]) + 1
            cells, starts, ends = (
                next(sheet.iter_cols(min_col=c, max_col=c, min_row=2)) for c in (column, column + 1, column + 2)
            )
            assert [c.value for c in cells] == [row[fld["name"]] or None for row in texts]
            assert all(c.data_type == "s" for c in cells if c.value is not None)
            for row, start, end in zip(texts, starts, ends, strict=True):
                span = period(row[fld["name"]])
                if span is None:
                    assert start.value is None and end.value is None
                else:
                    assert (start.value.date(), end.value.date()) == span
                    assert start.is_date and start.number_format == "yyyy-mm-dd"
            checked += sum(c.value is not None for c in cells)
    assert checked  # "2030" stays the text "2030", with 2030-01-01 and 2030-12-31 beside it


def test_workbook_about_sheet_has_metadata_citation_and_dictionary(book: openpyxl.Workbook) -> None:
    rows = [tuple(v for v in row if v is not None) for row in book["About"].iter_rows(values_only=True)]
    text = "\n".join(" ".join(map(str, row)) for row in rows)
    for value in [DESCRIPTOR["title"], DESCRIPTOR["version"], DESCRIPTOR["licenses"][0]["name"]]:
        assert value in text
    assert citation(DESCRIPTOR)["apa"] in text
    assert "kept as text" in text
    assert "Giới thiệu" in text  # points Vietnamese readers to their sheet
    header = next(row for row in book["About"].iter_rows(values_only=True) if row[:2] == ("resource", "field"))
    assert list(header) == DICTIONARY_HEADER
    assert DICTIONARY_HEADER[-2:] == ["title_vi", "description_vi"]
    dictionary = {row[:2]: row for row in book["About"].iter_rows(values_only=True) if row[0] in NAMES}
    for resource in RESOURCES:
        for fld in resource["schema"]["fields"]:
            row = dictionary[(resource["name"], fld["name"])]
            required = "yes" if fld.get("constraints", {}).get("required") else "no"
            assert (fld["title"], fld["type"], required) == (row[2], row[3], row[4])
            assert (fld["description"], fld["x-title-vi"], fld["x-description-vi"]) == row[6:9]


def test_workbook_has_the_about_sheet_in_vietnamese(book: openpyxl.Workbook) -> None:
    sheet = book["Giới thiệu"]
    rows = [tuple(v for v in row if v is not None) for row in sheet.iter_rows(values_only=True)]
    text = "\n".join(" ".join(map(str, row)) for row in rows)
    assert rows[0] == (DESCRIPTOR["x-title-vi"],)
    for value in [DESCRIPTOR["x-description-vi"], DESCRIPTOR["version"], DESCRIPTOR["licenses"][0]["name"]]:
        assert value in text
    assert citation(DESCRIPTOR)["apa"] in text
    assert "Ngày không đầy đủ" in text and "Từ điển dữ liệu" in text
    for resource in RESOURCES:
        assert f"{resource['name']} ({resource['x-title-vi']})" in text
    cells = list(sheet.iter_rows(values_only=True))
    assert DICTIONARY_HEADER_VI in [list(row[: len(DICTIONARY_HEADER_VI)]) for row in cells]
    dictionary = {row[:2]: row for row in cells if row[0] in NAMES}
    assert len(dictionary) == sum(len(r["schema"]["fields"]) for r in RESOURCES)
    for resource in RESOURCES:
        for fld in resource["schema"]["fields"]:
            row = dictionary[(resource["name"], fld["name"])]
            required = "có" if fld.get("constraints", {}).get("required") else "không"
            assert row[2:7] == (fld["x-title-vi"], fld["type"], required, row[5], fld["x-description-vi"])


# JSON and Parquet


def test_json_round_trips_to_the_typed_rows(out: Path, expected: dict) -> None:
    for name in NAMES:
        records = json.loads((out / f"json/{name}.json").read_text(encoding="utf-8"))
        assert records == expected[name]
        assert all(list(record) == [f["name"] for f in fields(name)] for record in records)
        numbers = [r[f["name"]] for r in records for f in fields(name) if f["type"] == "number"]
        assert all(isinstance(n, float) for n in numbers if n is not None)


def test_parquet_round_trips_with_typed_columns(out: Path, expected: dict) -> None:
    for name in NAMES:
        table = pq.read_table(out / f"parquet/{name}.parquet")
        assert [(c.name, c.type) for c in table.schema] == [(f["name"], ARROW_TYPES[f["type"]]) for f in fields(name)]
        assert table.to_pylist() == expected[name]
        frame = pd.read_parquet(out / f"parquet/{name}.parquet")
        assert len(frame) == len(expected[name])


# Citation, CITATION.cff and the changelog


def test_citation_is_built_from_the_descriptor() -> None:
    cite = citation(DESCRIPTOR)
    authors = [c["title"] for c in DESCRIPTOR["contributors"]]
    year = DESCRIPTOR["created"][:4]
    for value in [DESCRIPTOR["title"], DESCRIPTOR["version"], DESCRIPTOR["homepage"], year, *authors]:
        assert value in cite["apa"]
        assert value in cite["bibtex"]
    assert cite["bibtex"].startswith("@misc{") and cite["bibtex"].endswith("}")
    assert cite["bibtex"].count("{") == cite["bibtex"].count("}")


def test_citation_cff_matches_the_descriptor() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    assert cff["title"] == DESCRIPTOR["title"]
    assert str(cff["version"]) == DESCRIPTOR["version"]
    assert cff["license"] == DESCRIPTOR["licenses"][0]["name"]
    assert str(cff["date-released"]) == DESCRIPTOR["created"][:10]
    assert cff["url"] == DESCRIPTOR["homepage"]
    assert [a["name"] for a in cff["authors"]] == [c["title"] for c in DESCRIPTOR["contributors"]]


def test_changelog_has_a_section_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {DESCRIPTOR['version']} — {DESCRIPTOR['created'][:10]}" in changelog


# Every column of every view, and formula-looking text


VIEW_COLUMNS = {
    "targets_with_documents": (
        "targets",
        [
            "document_kind",
            "document_id",
            "document_number",
            "document_title_en",
            "document_title_vi",
            "document_date_issued",
            "jurisdiction_name_en",
            "jurisdiction_name_vi",
            "topic_name_en",
            "topic_name_vi",
        ],
    ),
    "local_plans_with_resolutions": (
        "local_plans",
        [
            "jurisdiction_name_en",
            "jurisdiction_name_vi",
            "issuer_name_en",
            "issuer_name_vi",
            "resolution_number",
            "resolution_title_en",
            "resolution_title_vi",
            "resolution_date_issued",
        ],
    ),
    "news_excerpts_with_sources": (
        "news_excerpts",
        [
            "source_outlet",
            "source_url",
            "source_published",
            "source_title_en",
            "source_title_vi",
            "source_original_language",
        ],
    ),
}


def joined_columns(view: str, row: dict[str, str]) -> tuple[Any, ...]:
    """The columns a view adds to a row, looked up in the CSV files (an empty cell is NULL)."""
    by_id = {name: {r["id"]: r for r in read_rows(PACKAGE / f"data/{name}.csv")} for name in NAMES}
    if view == "targets_with_documents":
        kind = "resolution" if row["resolution_id"] else "local_plan"
        document = by_id[f"{kind}s"][row["resolution_id"] or row["local_plan_id"]]
        place = by_id["jurisdictions"][row["jurisdiction"]]
        values = [
            kind,
            document["id"],
            document["number"],
            document["title_en"],
            document["title_vi"],
            document["date_issued"],
            place["name_en"],
            place["name_vi"],
            by_id["topics"][row["topic"]]["name_en"],
            by_id["topics"][row["topic"]]["name_vi"],
        ]
    elif view == "local_plans_with_resolutions":
        resolution = by_id["resolutions"][row["implements"]]
        values = [
            by_id["jurisdictions"][row["jurisdiction"]]["name_en"],
            by_id["jurisdictions"][row["jurisdiction"]]["name_vi"],
            by_id["issuers"][row["issuer"]]["name_en"],
            by_id["issuers"][row["issuer"]]["name_vi"],
            resolution["number"],
            resolution["title_en"],
            resolution["title_vi"],
            resolution["date_issued"],
        ]
    else:
        source = by_id["sources"][row["source"]]
        values = [
            source["outlet"],
            source["url"],
            source["published"],
            source["title_en"],
            source["title_vi"],
            source["original_language"],
        ]
    return tuple(v or None for v in values)


@pytest.mark.parametrize("view", VIEW_COLUMNS)
def test_sqlite_views_have_every_column_of_their_table_and_the_joined_ones(
    db: sqlite3.Connection, expected: dict, view: str
) -> None:
    table, extra = VIEW_COLUMNS[view]
    cursor = db.execute(f'SELECT * FROM "{view}"')
    columns = [d[0] for d in cursor.description]
    assert columns == [f["name"] for f in fields(table)] + extra
    found = {row[0]: row for row in cursor.fetchall()}
    texts = read_rows(PACKAGE / f"data/{table}.csv")
    assert len(found) == len(texts)
    for text, typed_row in zip(texts, flat(table, expected[table]), strict=True):
        assert found[text["id"]] == typed_row + joined_columns(view, text), text["id"]


FORMULAS = ['=HYPERLINK("http://x","y")', "=1+1", "+1", "-1", "@A1"]


def test_formula_looking_text_stays_text_in_the_workbook(package: PackageCopy, tmp_path: Path) -> None:
    ids = [row["id"] for row in read_rows(package.csv("resolutions"))][: len(FORMULAS)]
    for record_id, value in zip(ids, FORMULAS, strict=True):
        package.set_cell("resolutions", record_id, "notes_en", value)
    downloads = write_exports(package.root, tmp_path / "downloads")
    book = openpyxl.load_workbook(tmp_path / "downloads" / path_of(downloads, "xlsx"))
    sheet = book["resolutions"]
    header = [c.value for c in sheet[1]]
    cells = {row[0].value: row[header.index("notes_en")] for row in sheet.iter_rows(min_row=2)}
    for record_id, value in zip(ids, FORMULAS, strict=True):
        assert cells[record_id].value == value
        assert cells[record_id].data_type == "s", f"{value!r} became a formula"
    csv_rows = {r["id"]: r for r in read_rows(tmp_path / "downloads" / path_of(downloads, "csv", "resolutions"))}
    # the CSV neutralises them the OWASP way (a leading apostrophe), as a spreadsheet may open it
    assert [csv_rows[i]["notes_en"] for i in ids] == ["'" + value for value in FORMULAS]


# The resources added in issue 11 (tasks, events, people, progress), format by format against the CSVs


def csv_cells(name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    rows = read_rows(PACKAGE / f"data/{name}.csv")
    header = [f["name"] for f in fields(name)]
    return header, [tuple(row[c] for c in header) for row in rows]


def as_text(value: Any, fld: dict[str, Any]) -> str:
    """A cell read back from a format, as the CSV writes it."""
    if value is None:
        return ""
    if fld["type"] == "boolean":  # True, or 1 in SQLite, is written true
        return "true" if value in (True, 1) else "false"
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return fld["delimiter"].join(list(value))
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    return str(value)


def same_as_csv(name: str, header: list[str], rows: list[tuple[Any, ...]]) -> None:
    want_header, want_rows = csv_cells(name)
    assert header == want_header, name
    assert len(rows) == len(want_rows) > 0, name
    for got, want in zip(rows, want_rows, strict=True):
        texts = tuple(as_text(v, f) for v, f in zip(got, fields(name), strict=True))
        numbers = {i for i, f in enumerate(fields(name)) if f["type"] == "number"}
        for i, (a, b) in enumerate(zip(texts, want, strict=True)):
            assert (float(a) == float(b)) if i in numbers and a else a == b, (name, want[0], header[i])


@pytest.mark.parametrize("name", NEW)
def test_new_resources_are_in_every_format_with_all_columns_and_rows(
    name: str, out: Path, downloads: list[Download], db: sqlite3.Connection, book: openpyxl.Workbook
) -> None:
    assert name in NAMES
    records = json.loads((out / f"json/{name}.json").read_text(encoding="utf-8"))
    same_as_csv(name, list(records[0]), [tuple(r.values()) for r in records])
    table = pq.read_table(out / f"parquet/{name}.parquet")
    same_as_csv(name, table.column_names, [tuple(r.values()) for r in table.to_pylist()])
    cursor = db.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
    same_as_csv(name, [d[0] for d in cursor.description], cursor.fetchall())
    sheet = list(book[name].iter_rows(values_only=True))
    columns = [f["name"] for f in fields(name)]
    same_as_csv(name, columns, [tuple(row[sheet[0].index(c)] for c in columns) for row in sheet[1:]])
    with zipfile.ZipFile(out / path_of(downloads, "zip")) as archive:
        assert archive.read(f"data/{name}.csv") == (PACKAGE / f"data/{name}.csv").read_bytes()
        assert f"| `{name}` | `data/{name}.csv` |" in archive.read("README.md").decode("utf-8")
    about = {row[:2] for row in book["About"].iter_rows(values_only=True) if row[0] == name}
    assert about == {(name, c) for c in columns}
    rows = len(read_rows(PACKAGE / f"data/{name}.csv"))
    assert {(d.format, d.rows) for d in downloads if d.resource == name} == {
        ("csv", rows),
        ("json", rows),
        ("parquet", rows),
    }


def test_whole_package_downloads_count_no_rows(downloads: list[Download]) -> None:
    assert {d.rows for d in downloads if d.resource == ""} == {None}


NEW_LINK_TABLES = {
    "task_coordinating": ("tasks", "coordinating", "task_id", "issuer_id", "issuers"),
    "task_topics": ("tasks", "topics", "task_id", "topic_id", "topics"),
    "event_people": ("events", "people", "event_id", "person_id", "people"),
    "event_bodies": ("events", "bodies", "event_id", "issuer_id", "issuers"),
    "event_resolutions": ("events", "resolutions", "event_id", "resolution_id", "resolutions"),
    "event_sources": ("events", "sources", "event_id", "source_id", "sources"),
}


@pytest.mark.parametrize("table", NEW_LINK_TABLES)
def test_sqlite_link_tables_of_the_new_list_fields(db: sqlite3.Connection, table: str) -> None:
    resource, field, owner, item, target = NEW_LINK_TABLES[table]
    by_name = {r["name"]: r for r in DESCRIPTOR["resources"]}
    assert link_names(by_name[resource], field, by_name[target]) == (table, owner, item)
    assert [c[1] for c in db.execute(f'PRAGMA table_info("{table}")')] == [owner, item]
    keys = {(k[3], k[2], k[4]) for k in db.execute(f'PRAGMA foreign_key_list("{table}")')}
    assert keys == {(owner, resource, "id"), (item, target, "id")}
    rows = read_rows(PACKAGE / f"data/{resource}.csv")
    pairs = {(row["id"], ref) for row in rows for ref in row[field].split(";") if ref}
    assert set(db.execute(f'SELECT "{owner}", "{item}" FROM "{table}"')) == pairs
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_foreign_keys_of_the_new_resources_are_declared_and_hold(db: sqlite3.Connection) -> None:
    declared = {name: {k[3] for k in db.execute(f'PRAGMA foreign_key_list("{name}")')} for name in NEW}
    assert declared == {
        "tasks": {"responsible", "set_by_resolution", "set_by_local_plan", "set_by_event", "jurisdiction", "output"}
        | {"source"},
        "events": {"jurisdiction", "chair"},
        "people": {"source", "name_vi_source"},
        "progress": {"task_id", "target_id", "source"},
    }
    assert "responsible" in {k[3] for k in db.execute('PRAGMA foreign_key_list("targets")')}
    for name in NEW:
        assert db.execute(f'PRAGMA foreign_key_check("{name}")').fetchall() == []


def labels(resource: dict[str, Any]) -> list[str]:
    """The English label of a resource, then its Vietnamese twin when the resource has one."""
    label = label_field(resource)
    twin = label.removesuffix("_en") + "_vi"
    return (
        [label, twin]
        if label.endswith("_en") and twin in [f["name"] for f in resource["schema"]["fields"]]
        else [label]
    )


def test_sqlite_labels_views_name_what_each_foreign_key_points_to(db: sqlite3.Connection) -> None:
    by_id = {name: {r["id"]: r for r in read_rows(PACKAGE / f"data/{name}.csv")} for name in NAMES}
    views = {v for (v,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    for resource in RESOURCES:
        name = resource["name"]
        scalar = {f: r for f, r in references(resource).items() if not r.is_list}
        view = f"{name}_with_labels"
        assert (view in views) == bool(scalar), name
        if not scalar:
            continue
        added = [
            (f, r, label)
            for f, r in scalar.items()
            for label in labels(next(x for x in RESOURCES if x["name"] == r.resource))
        ]
        cursor = db.execute(f'SELECT * FROM "{view}" ORDER BY rowid')
        columns = [d[0] for d in cursor.description]
        assert columns == [f["name"] for f in fields(name)] + [f"{f}_{label}" for f, _, label in added]
        texts = read_rows(PACKAGE / f"data/{name}.csv")
        got = cursor.fetchall()
        assert len(got) == len(texts)
        for text, row in zip(texts, got, strict=True):
            for (field, reference, label), value in zip(added, row[len(fields(name)) :], strict=True):
                wanted = by_id[reference.resource][text[field]][label] if text[field] else ""
                assert (value or "") == wanted, (view, text["id"], field)
    assert {"tasks_with_labels", "events_with_labels", "people_with_labels", "progress_with_labels"} <= views
    row = db.execute(
        "SELECT responsible_name_en, responsible_name_vi, set_by_resolution_title_en FROM tasks_with_labels"
        " WHERE id = ?",
        ("hospital-fee-roadmap-project",),
    ).fetchone()
    resolution = by_id["resolutions"]["gs-conclusion-health-care-2025"]
    body = by_id["issuers"]["government-party-committee"]
    assert row == ("Government Party Committee", body["name_vi"], resolution["title_en"])


def test_label_field_is_an_english_title_name_or_indicator() -> None:
    labels = {r["name"]: label_field(r) for r in RESOURCES}
    assert labels == {
        "resolutions": "title_en",
        "local_plans": "title_en",
        "targets": "indicator_en",
        "news_excerpts": "summary_en",
        "tasks": "action_en",
        "events": "title_en",
        "people": "name",
        "progress": "summary_en",
        "sources": "title_en",
        "jurisdictions": "name_en",
        "issuers": "name_en",
        "topics": "name_en",
    }


def test_earlier_releases_are_offered_as_released(tmp_path: Path) -> None:
    """Each release kept in releases/ becomes one ZIP holding its descriptor and data files byte for
    byte, stamped with its own release date, the same bytes on every build; the current version is
    not among them (its files are the other downloads)."""
    releases = ROOT / "releases"
    first = write_releases(releases, tmp_path / "a")
    kept = sorted(p.name for p in releases.iterdir() if (p / "datapackage.json").is_file())
    assert kept and sorted(d.version for d in first) == kept and DESCRIPTOR["version"] not in kept
    for download in first:
        folder = releases / download.version
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert download.path == f"releases/{descriptor['name']}-{download.version}.zip"
        assert (download.resource, download.format) == ("", "zip")
        data = (tmp_path / "a" / download.path).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (download.size, download.sha256)
        day = tuple(int(x) for x in descriptor["created"][:10].split("-"))
        with zipfile.ZipFile(tmp_path / "a" / download.path) as archive:
            names = ["datapackage.json", *(r["path"] for r in descriptor["resources"])]
            assert archive.namelist() == names
            for name in names:
                assert archive.read(name) == (folder / name).read_bytes()
                assert archive.getinfo(name).date_time[:3] == day
    again = write_releases(releases, tmp_path / "b")
    assert [(d.path, d.sha256) for d in again] == [(d.path, d.sha256) for d in first]
    assert write_releases(tmp_path / "none", tmp_path / "c") == []
