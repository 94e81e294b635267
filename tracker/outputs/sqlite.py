"""The whole package as a SQLite database: one table per resource with types and keys, link tables
for the lists of ids, and views that join what researchers would otherwise join themselves."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tracker import diff
from tracker.load import key_fields, references
from tracker.outputs.common import TEMPLATES, Download, Source, Table, flat, required, save, typed

EACH_LANGUAGE = False
SQL_TYPES = {"string": "TEXT", "number": "REAL", "list": "TEXT", "boolean": "INTEGER"}  # booleans as 0 and 1

# Queries researchers would otherwise write (site/templates/export/views.sql); every resource with
# foreign keys also gets a RESOURCE_with_labels view, generated from its schema (labels_view_sql).
VIEWS = TEMPLATES / "views.sql"


def write(source: Source, out: Path) -> list[Download]:
    return [save(out, "", "sqlite", f"{source.stem}.sqlite", sqlite_bytes(source.descriptor, source.tables))]


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
        db.executescript(VIEWS.read_text(encoding="utf-8"))
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
