"""Link the validated tables into records the templates can walk: lists split, references resolved.

Every record is a dict of its CSV cells (list fields as Python lists) plus a few keys added
here, all starting with an underscore: `_kind`, `_url` (site path, no leading slash),
`_label` (how the record is named in links), `_line` (its line in the CSV file) and the
related records; `_records` lists what a jurisdiction, topic, issuer or source gathers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.load import Package

Record = dict[str, Any]

# URL folder of each resource's pages: part of the site's public, stable URLs.
SEGMENTS = {
    "resolutions": "resolutions",
    "local_plans": "local-plans",
    "targets": "targets",
    "news_excerpts": "excerpts",
    "sources": "sources",
    "jurisdictions": "jurisdictions",
    "issuers": "issuers",
    "topics": "topics",
}


def slug(record_id: str) -> str:
    return record_id.lower()


def _label(kind: str, row: Record) -> str:
    if kind in ("resolutions", "local_plans"):
        return row["number"] or row["title_en"]
    if kind == "targets":
        return row["indicator_en"]
    if kind == "sources":
        return row["title_en"]
    if kind == "news_excerpts":
        return row["summary_en"]
    return row["name_en"]


def _typed(package: Package, kind: str) -> list[Record]:
    lists = {f["name"] for f in package.fields(kind) if f.get("type") == "list"}
    records = []
    for line, row in package.tables[kind].numbered():
        record: Record = {k: (v.split(";") if v else []) if k in lists else v for k, v in row.items()}
        record["_kind"] = kind
        record["_line"] = line
        record["_url"] = f"{SEGMENTS[kind]}/{slug(row['id'])}/"
        record["_label"] = _label(kind, record)
        records.append(record)
    return records


def link(package: Package, today: date | None = None) -> dict[str, Any]:
    """All records by kind and by id, with every relation the pages show resolved both ways."""
    kinds = {kind: _typed(package, kind) for kind in SEGMENTS}
    by_id = {kind: {r["id"]: r for r in records} for kind, records in kinds.items()}
    for records in kinds.values():
        for r in records:
            for key in ("_targets", "_excerpts", "_plans", "_implemented_by", "_records"):
                r[key] = []

    res, plans, srcs = by_id["resolutions"], by_id["local_plans"], by_id["sources"]
    for r in kinds["resolutions"]:
        r["_issuer"] = by_id["issuers"][r["issuer"]]
        r["_implements"] = [res[i] for i in r["implements"]]
        for parent in r["_implements"]:
            parent["_implemented_by"].append(r)
    for p in kinds["local_plans"]:
        p["_issuer"] = by_id["issuers"][p["issuer"]]
        p["_jurisdiction"] = by_id["jurisdictions"][p["jurisdiction"]]
        p["_implements"] = [res[p["implements"]]]
        res[p["implements"]]["_plans"].append(p)
        p["_jurisdiction"]["_records"].append(p)
    for t in kinds["targets"]:
        t["_document"] = res.get(t["resolution_id"]) or plans[t["local_plan_id"]]
        t["_document"]["_targets"].append(t)
        t["_jurisdiction"] = by_id["jurisdictions"][t["jurisdiction"]]
        t["_jurisdiction"]["_records"].append(t)
        t["_topic"] = by_id["topics"][t["topic"]]
        t["_topics"] = [t["_topic"]]
        t["_source"] = srcs[t["source"]]
        t["_sources"] = [t["_source"]]
    for e in kinds["news_excerpts"]:
        e["_source"] = srcs[e["source"]]
        e["_sources"] = [e["_source"]]
        e["_concerns"] = (
            [res[i] for i in e["resolution_ids"]]
            + [plans[i] for i in e["local_plan_ids"]]
            + [by_id["targets"][i] for i in e["target_ids"]]
        )
        for record in e["_concerns"]:
            record["_excerpts"].append(e)
    for kind in ("resolutions", "local_plans"):
        for r in kinds[kind]:
            r["_sources"] = [srcs[s] for s in r["sources"]]
            r["_topics"] = [by_id["topics"][t] for t in r["topics"]]
    for kind in ("resolutions", "local_plans", "targets", "news_excerpts"):
        for r in kinds[kind]:
            for source in r["_sources"]:
                source["_records"].append(r)
            for topic in r.get("_topics", []):
                topic["_records"].append(r)
    for issuer in kinds["issuers"]:
        issuer["_jurisdiction"] = by_id["jurisdictions"][issuer["jurisdiction"]]
    for kind in ("resolutions", "local_plans"):
        for r in kinds[kind]:
            r["_issuer"]["_records"].append(r)
    for e in kinds["news_excerpts"]:
        e["_date"] = e["_source"]["published"]
    for records in kinds.values():
        for r in records:
            r["_excerpts"].sort(key=lambda e: e["_date"], reverse=True)
    return {"kinds": kinds, "by_id": by_id, "events": _events(kinds), "today": (today or date.today()).isoformat()}


def _events(kinds: dict[str, list[Record]]) -> list[dict[str, Any]]:
    """Dated events: documents issued and target deadlines, in date order (partial dates sort first)."""
    events = [
        {"date": r["date_issued"], "what": "issued_event", "record": r}
        for kind in ("resolutions", "local_plans")
        for r in kinds[kind]
        if r["date_issued"]
    ]
    events += [
        {"date": t["deadline"], "what": "deadline_event", "record": t} for t in kinds["targets"] if t["deadline"]
    ]
    return sorted(events, key=lambda e: (e["date"], e["what"], e["record"]["id"]))
