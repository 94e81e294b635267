"""The whole package in one ZIP: a README (licence, citation, resources, conventions, in English
then Vietnamese), the descriptor and the CSV files as downloaded, with fixed timestamps."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from tracker.outputs.common import Download, Source, Table, add, render_template, save

EACH_LANGUAGE = False


def write(source: Source, out: Path) -> list[Download]:
    data = zip_bytes(source.files, source.descriptor, source.tables, source.when)
    return [save(out, "", "zip", f"{source.stem}.zip", data)]


def readme(descriptor: dict[str, Any], tables: dict[str, Table]) -> str:
    """The README.md of the ZIP: licence, citation, resources with their row counts, conventions; then
    the same in Vietnamese (from the descriptor's x-title-vi and x-description-vi)."""
    resources = [{**r, "rows": len(tables[r["name"]])} for r in descriptor["resources"]]
    return render_template(
        "README.md.j2",
        descriptor,
        resources=resources,
        vi_title=descriptor.get("x-title-vi") or descriptor["title"],
        vi_description=descriptor.get("x-description-vi") or descriptor["description"],
    )


def zip_bytes(files: dict[str, bytes], descriptor: dict[str, Any], tables: dict[str, Table], when: datetime) -> bytes:
    """README.md, then the package's `files` (datapackage.json and data/*.csv, as downloaded, by
    path) at the root of the archive, with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        add(archive, "README.md", readme(descriptor, tables).encode("utf-8"), when)
        for path, data in files.items():
            add(archive, path, data, when)
    return buffer.getvalue()
