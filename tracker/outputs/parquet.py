"""One Parquet file per resource, with typed columns: string, float64, list<string>, bool; required
fields not nullable."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from tracker.outputs.common import Download, Source, Table, required, save, typed

EACH_LANGUAGE = False


def write(source: Source, out: Path) -> list[Download]:
    found = []
    for r in source.resources:
        rows = source.tables[r["name"]]
        path = f"parquet/{r['name']}.parquet"
        found.append(save(out, r["name"], "parquet", path, parquet_bytes(r, rows), len(rows)))
    return found


def parquet_bytes(resource: dict[str, Any], rows: Table) -> bytes:
    """A Parquet file with typed columns: string, float64, list<string>; required fields not nullable.

    pyarrow is imported here, not with the module: the languages' worker processes, which import
    every output, would each hold it (about 50 MB) without writing a Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {"string": pa.string(), "number": pa.float64(), "list": pa.list_(pa.string()), "boolean": pa.bool_()}
    fields = resource["schema"]["fields"]
    schema = pa.schema([pa.field(f["name"], arrow[f["type"]], nullable=not required(f)) for f in fields])
    columns = {f["name"]: [typed(row[f["name"]], f) for row in rows] for f in fields}
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns, schema=schema), buffer)
    return buffer.getvalue()
