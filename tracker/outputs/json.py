"""One JSON file per resource: an array of records, keys in schema order, values typed by the schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tracker.outputs.common import Download, Source, Table, save, typed

EACH_LANGUAGE = False


def write(source: Source, out: Path) -> list[Download]:
    found = []
    for r in source.resources:
        rows = source.tables[r["name"]]
        found.append(save(out, r["name"], "json", f"json/{r['name']}.json", json_bytes(r, rows), len(rows)))
    return found


def json_bytes(resource: dict[str, Any], rows: Table) -> bytes:
    """An array of records, keys in schema order, values typed by the schema."""
    fields = resource["schema"]["fields"]
    records = [{f["name"]: typed(row[f["name"]], f) for f in fields} for row in rows]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
