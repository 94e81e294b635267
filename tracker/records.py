"""Link the validated tables into records the templates can walk: lists split, references resolved.

Nothing here knows a resource by name: everything comes from the descriptor. Every record is a
dict of its CSV cells (list fields as Python lists) plus keys added here, all starting with an
underscore:

- `_kind` (its resource), `_line` (its line in the CSV file), `_url` (site path, no leading
  slash: the resource's `x-path` and the record's id) and `_label` (how the record is named in
  links: the first non-empty of the resource's `x-label` fields, in the page's language: a label
  field `<stem>_<lang>` is read as `<stem>_<language>` when the record has that column) and
  `_summary` (the text that sums the record up, as in its feed entries: its resource's `x-summary`
  field read in the page's language the same way, "" when it has none or it is empty);
- for every reference field of its schema (`load.references`: foreign keys and the
  `x-references` of list fields), `_<field>`: the record it refers to (None when the cell is
  empty), or for a list field the list of records;
- `_in`: the records that refer to it, by resource (`_in["tasks"]`, each once, in the order of
  their file) and by resource and field (`_in["tasks.responsible"]`);
- `_records`: everything that refers to it, resource by resource in the descriptor's order (what
  the pages of jurisdictions, topics, issuers and sources list).

A new resource is a schema and a CSV file: its records get their URL, label and relations from
its descriptor, with no change here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from tracker import dates
from tracker.load import Package, references

Record = dict[str, Any]

# The dated fields the timeline shows, and what their date is the date of. On the same date,
# meetings and reports come first, then deadlines, then documents issued.
DATED = {"deadline": "deadline_event", "date": "dated_event", "date_issued": "issued_event"}


def slug(record_id: str) -> str:
    return record_id.lower()


def paths(descriptor: dict[str, Any]) -> dict[str, str]:
    """Resource name -> the URL folder of its pages (`x-path`, else the name): public, stable URLs."""
    return {r["name"]: r.get("x-path") or r["name"] for r in descriptor["resources"]}


def in_language(record: Record, name: str, language: str | None) -> str:
    """The column `name` in `language`: `title_en` read in "vi" is `title_vi` when the record has
    that column; any other name (or no language) is itself."""
    stem, _, suffix = name.rpartition("_")
    if language and stem and len(suffix) == 2 and suffix.isalpha() and f"{stem}_{language}" in record:
        return f"{stem}_{language}"
    return name


def label(resource: dict[str, Any], record: Record, language: str | None = None) -> str:
    """How a record is named in links: its first non-empty `x-label` field (in `language` when the
    record has that field in it), else its id."""
    for name in resource.get("x-label", []):
        value = record.get(in_language(record, name, language)) or record.get(name)
        if value:
            return str(value)
    return str(record["id"])


def summary(resource: dict[str, Any], record: Record, language: str | None = None) -> str:
    """The text that sums a record up: its resource's `x-summary` field, in `language` when the
    record has that field in it ("" when the resource has no `x-summary` or the cell is empty)."""
    name = resource.get("x-summary")
    return str(record.get(in_language(record, name, language)) or "") if name else ""


def __getattr__(name: str) -> Any:
    """`SEGMENTS`, the URL folders of the repository's own package (kept for existing callers)."""
    if name == "SEGMENTS":
        descriptor = Path(__file__).resolve().parent.parent / "datapackage" / "datapackage.json"
        return paths(json.loads(descriptor.read_text(encoding="utf-8")))
    raise AttributeError(name)


def _typed(package: Package, resource: dict[str, Any], folder: str, language: str | None) -> list[Record]:
    kind = resource["name"]
    lists = {f["name"] for f in resource["schema"]["fields"] if f.get("type") == "list"}
    records = []
    for line, row in package.tables[kind].numbered():
        record: Record = {k: (v.split(";") if v else []) if k in lists else v for k, v in row.items()}
        record["_kind"] = kind
        record["_line"] = line
        record["_url"] = f"{folder}/{slug(row['id'])}/"
        record["_label"] = label(resource, record, language)
        record["_summary"] = summary(resource, record, language)
        record["_in"] = defaultdict(list)
        records.append(record)
    return records


def link(package: Package, today: date | None = None, language: str | None = None) -> dict[str, Any]:
    """All records by kind and by id, with every reference of every schema resolved both ways;
    labels in `language` (default: the `x-label` fields as they are).

    `today` (default: the package's release date, `dates.release_date`) is the date statuses and
    the next deadlines are computed as of; only a package without a `created` date falls back to
    the machine's clock."""
    resources = [r for r in package.descriptor["resources"] if r["name"] in package.tables]
    folders = paths(package.descriptor)
    kinds = {r["name"]: _typed(package, r, folders[r["name"]], language) for r in resources}
    by_id = {kind: {r["id"]: r for r in records} for kind, records in kinds.items()}
    for resource in resources:
        kind = resource["name"]
        refs = {name: ref for name, ref in references(resource).items() if ref.resource in kinds}
        indexes = {
            name: by_id[ref.resource] if ref.field in (None, "id") else {r[ref.field]: r for r in kinds[ref.resource]}
            for name, ref in refs.items()
        }
        for record in kinds[kind]:
            for name, ref in refs.items():
                value = record[name]
                if ref.is_list:
                    found = [indexes[name][v] for v in value if v in indexes[name]]
                    record[f"_{name}"] = found
                else:
                    one = indexes[name].get(value) if value else None
                    record[f"_{name}"] = one
                    found = [one] if one is not None else []
                for other in found:
                    _add(other["_in"][kind], record)
                    _add(other["_in"][f"{kind}.{name}"], record)
    for records in kinds.values():
        for record in records:
            record["_in"] = dict(record["_in"])
            record["_records"] = [r for kind in kinds for r in record["_in"].get(kind, [])]
    when = today or dates.release_date(package.descriptor) or date.today()
    return {"kinds": kinds, "by_id": by_id, "events": _events(kinds), "today": when.isoformat()}


def _add(found: list[Record], record: Record) -> None:
    """Append record once: a record that refers twice (two fields, or an id listed twice) is listed
    once. Each record's references are resolved together, so a repeat is always the last item."""
    if not found or found[-1] is not record:
        found.append(record)


def _events(kinds: dict[str, list[Record]]) -> list[dict[str, Any]]:
    """Dated events: the `DATED` fields of every record, in date order (partial dates sort first)."""
    events = [
        {"date": r[name], "what": what, "record": r}
        for records in kinds.values()
        for r in records
        for name, what in DATED.items()
        if r.get(name)
    ]
    return sorted(events, key=lambda e: (e["date"], e["what"], e["record"]["id"]))
