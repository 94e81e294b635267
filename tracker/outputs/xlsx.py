"""The whole package as an Excel workbook: an "About" sheet (metadata, citation, data dictionary),
the same in Vietnamese ("Giới thiệu"), then one sheet per resource, each partial date followed by
its period as two real dates."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.dates import PATTERN as PARTIAL_DATE
from tracker.dates import period
from tracker.load import Reference, references
from tracker.outputs.common import Download, Source, Table, add, authors, flat, render_template, required, save

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

EACH_LANGUAGE = False
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


def write(source: Source, out: Path) -> list[Download]:
    data = workbook_bytes(source.descriptor, source.tables, source.when)
    return [save(out, "", "xlsx", f"{source.stem}.xlsx", data)]


def _restamp(data: bytes, when: datetime) -> bytes:
    """The same ZIP with every member's timestamp set to `when` (openpyxl stamps members with now)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            add(archive, info.filename, source.read(info), when)
    return buffer.getvalue()


def workbook_bytes(descriptor: dict[str, Any], tables: dict[str, Table], when: datetime) -> bytes:
    """An "About" sheet (metadata, citation, data dictionary), the same in Vietnamese ("Giới thiệu"),
    then one sheet per resource.

    openpyxl is imported here and in the helpers below, not with the module: the languages' worker
    processes, which import every output, would each hold it without writing a workbook."""
    import openpyxl
    from openpyxl.writer.excel import ExcelWriter

    book = openpyxl.Workbook()
    _about_sheet(book.active, descriptor)
    _about_sheet_vi(book.create_sheet(ABOUT_VI), descriptor)
    for resource in descriptor["resources"]:
        _resource_sheet(book.create_sheet(resource["name"]), resource, tables[resource["name"]])
    book.properties.title = descriptor["title"]
    book.properties.creator = ", ".join(authors(descriptor))
    book.properties.created = book.properties.modified = when
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # unlike openpyxl's save(), it keeps our `modified`
    return _restamp(buffer.getvalue(), when)


def _about_sheet(sheet: Worksheet, descriptor: dict[str, Any]) -> None:
    sheet.title = "About"
    names = [r["name"] for r in descriptor["resources"]]
    lines = render_template("about.tsv.j2", descriptor, resources=names, vi_sheet=ABOUT_VI).splitlines()
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
    lines = render_template(
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
    from openpyxl.styles import Font

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
    from openpyxl.styles import Font

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
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(sheet.iter_cols(), start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, widest)
