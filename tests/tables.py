"""Small in-memory packages for the unit tests: a minimal descriptor and a few rows per table.

`world()` is a tiny valid package (every check passes, `records.link` resolves every reference);
tests change a cell or add a row and look at what the checks say. Nothing here reads a file.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tracker import dates
from tracker.load import RESOURCES, Package, Table

COLUMNS: dict[str, list[str]] = {
    "resolutions": [
        "id",
        "number",
        "type",
        "issuer",
        "date_issued",
        "title_vi",
        "title_en",
        "title_vi_official",
        "summary_vi",
        "summary_en",
        "topics",
        "status",
        "implements",
        "sources",
        "notes_vi",
        "notes_en",
    ],
    "local_plans": [
        "id",
        "number",
        "type",
        "jurisdiction",
        "issuer",
        "date_issued",
        "implements",
        "title_vi",
        "title_en",
        "title_vi_official",
        "summary_vi",
        "summary_en",
        "topics",
        "sources",
        "notes_vi",
        "notes_en",
    ],
    "targets": [
        "id",
        "resolution_id",
        "local_plan_id",
        "jurisdiction",
        "topic",
        "indicator_vi",
        "indicator_en",
        "comparator",
        "value",
        "unit_vi",
        "unit_en",
        "deadline",
        "baseline_value",
        "baseline_date",
        "responsible",
        "source_wording",
        "source",
        "notes_vi",
        "notes_en",
        "value_misprint",
    ],
    "news_excerpts": [
        "id",
        "source",
        "language",
        "excerpt",
        "summary_vi",
        "summary_en",
        "resolution_ids",
        "local_plan_ids",
        "target_ids",
    ],
    "tasks": [
        "id",
        "action_vi",
        "action_en",
        "responsible",
        "coordinating",
        "set_by_resolution",
        "set_by_local_plan",
        "set_by_event",
        "jurisdiction",
        "topics",
        "deadline",
        "output",
        "output_inferred",
        "source_wording",
        "source",
        "notes_vi",
        "notes_en",
    ],
    "events": [
        "id",
        "date",
        "kind",
        "jurisdiction",
        "chair",
        "people",
        "bodies",
        "title_vi",
        "title_en",
        "summary_vi",
        "summary_en",
        "resolutions",
        "sources",
        "notes_vi",
        "notes_en",
    ],
    "people": ["id", "name", "position_vi", "position_en", "position_date", "source", "notes_vi", "notes_en"],
    "progress": [
        "id",
        "task_id",
        "target_id",
        "date",
        "status",
        "inferred",
        "value",
        "summary_vi",
        "summary_en",
        "source_wording",
        "source",
        "notes_vi",
        "notes_en",
    ],
    "sources": [
        "id",
        "url",
        "outlet",
        "author",
        "published",
        "language",
        "original_language",
        "title",
        "title_vi",
        "title_en",
        "notes_vi",
        "notes_en",
    ],
    "jurisdictions": ["id", "name_vi", "name_en", "level"],
    "issuers": ["id", "name_vi", "name_en", "kind", "jurisdiction"],
    "topics": ["id", "name_en", "name_vi", "description_vi", "description_en"],
}

# (resource, column) -> the resource a semicolon-separated list of ids refers to
LISTS = {
    ("resolutions", "topics"): "topics",
    ("resolutions", "implements"): "resolutions",
    ("resolutions", "sources"): "sources",
    ("local_plans", "topics"): "topics",
    ("local_plans", "sources"): "sources",
    ("news_excerpts", "resolution_ids"): "resolutions",
    ("news_excerpts", "local_plan_ids"): "local_plans",
    ("news_excerpts", "target_ids"): "targets",
    ("tasks", "coordinating"): "issuers",
    ("tasks", "topics"): "topics",
    ("events", "people"): "people",
    ("events", "bodies"): "issuers",
    ("events", "resolutions"): "resolutions",
    ("events", "sources"): "sources",
}
# resource -> its foreign keys (column -> the resource whose id it holds), as in the real schemas
FOREIGN_KEYS = {
    "resolutions": {"issuer": "issuers"},
    "local_plans": {"jurisdiction": "jurisdictions", "issuer": "issuers", "implements": "resolutions"},
    "targets": {
        "resolution_id": "resolutions",
        "local_plan_id": "local_plans",
        "jurisdiction": "jurisdictions",
        "topic": "topics",
        "source": "sources",
        "responsible": "issuers",
    },
    "news_excerpts": {"source": "sources"},
    "tasks": {
        "responsible": "issuers",
        "set_by_resolution": "resolutions",
        "set_by_local_plan": "local_plans",
        "set_by_event": "events",
        "jurisdiction": "jurisdictions",
        "output": "resolutions",
        "source": "sources",
    },
    "events": {"jurisdiction": "jurisdictions", "chair": "people"},
    "people": {"source": "sources"},
    "progress": {"task_id": "tasks", "target_id": "targets", "source": "sources"},
    "issuers": {"jurisdiction": "jurisdictions"},
}
NUMBERS = {("targets", "value"), ("targets", "baseline_value"), ("progress", "value")}
DATES = {
    ("resolutions", "date_issued"),
    ("local_plans", "date_issued"),
    ("targets", "deadline"),
    ("targets", "baseline_date"),
    ("sources", "published"),
    ("tasks", "deadline"),
    ("events", "date"),
    ("people", "position_date"),
    ("progress", "date"),
}
CREATED = "2026-11-23T00:00:00Z"  # the release date is 2026-11-23


# Vietnamese fields that may be spelt as the English (as in the real schema: Gia Lai, %).
MAY_EQUAL_ENGLISH = {("jurisdictions", "name_vi"), ("targets", "unit_vi")}
# The rules the real schema states with x- properties, as it states them.
NOT_AFTER_RELEASE = {("events", "date"), ("people", "position_date"), ("progress", "date")}
NOT_AFTER_TODAY = {
    ("resolutions", "date_issued"),
    ("local_plans", "date_issued"),
    ("sources", "published"),
    ("targets", "baseline_date"),
}
ONE_OF: dict[str, list[dict[str, Any]]] = {
    "targets": [
        {
            "fields": ["resolution_id", "local_plan_id"],
            "rule": "a target is set by exactly one document",
            "what": "the id of the document that sets the target",
        }
    ],
    "tasks": [
        {
            "fields": ["set_by_resolution", "set_by_local_plan", "set_by_event"],
            "rule": "a task is set by exactly one document or event",
            "what": "the id of the document or event that sets the task",
        }
    ],
    "progress": [
        {
            "fields": ["task_id", "target_id"],
            "rule": "a progress report is about exactly one task or target",
            "what": "the id of the task or target it reports on",
        }
    ],
}
SUMMARIES = {
    "resolutions": "summary_en",
    "local_plans": "summary_en",
    "targets": "indicator_en",
    "news_excerpts": "summary_en",
    "tasks": "action_en",
    "events": "summary_en",
    "progress": "summary_en",
    "topics": "description_en",
}
# The flag that marks a row (or its output) as linked by inference, and must be explained in its notes.
INFERRED = {"tasks": "output_inferred", "progress": "inferred"}
SETTERS = {
    "resolutions": {"date": "date_issued", "noun": "document"},
    "local_plans": {"date": "date_issued", "noun": "document", "jurisdiction": "local plan"},
    "events": {"date": "date", "noun": "event"},
}


def field(resource: str, name: str) -> dict[str, Any]:
    fld: dict[str, Any] = {"name": name, "type": "string"}
    if (resource, name) in LISTS:
        fld["type"] = "list"
        fld["x-references"] = LISTS[resource, name]
    elif (resource, name) in NUMBERS:
        fld["type"] = "number"
    elif (resource, name) in DATES:
        fld["constraints"] = {"pattern": dates.PATTERN}
    else:
        fld["constraints"] = {"maxLength": 2000}  # free text: the validator requires a limit
    if (resource, name) in MAY_EQUAL_ENGLISH:
        fld["x-may-equal-english"] = True
    if (resource, name) in NOT_AFTER_RELEASE:
        fld["x-not-after-release"] = True
    if (resource, name) in NOT_AFTER_TODAY:
        fld["x-not-after-today"] = True
    return fld


def resource(name: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "name": name,
        "path": f"data/{name}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [field(name, column) for column in COLUMNS[name]],
            "primaryKey": ["id"],
            "foreignKeys": [
                {"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
                for column, target in FOREIGN_KEYS.get(name, {}).items()
            ],
        },
    }
    if name in ONE_OF:
        found["schema"]["x-one-of"] = copy.deepcopy(ONE_OF[name])
    if name in SETTERS:
        found["x-setter"] = dict(SETTERS[name])
    if name in SUMMARIES:
        found["x-summary"] = SUMMARIES[name]
    if name == "people":
        found["x-singular"] = "person"
    if name in INFERRED:
        found["x-inferred"] = {INFERRED[name]: ["Inference", "Suy luận"]}
    if name == "sources":
        found["x-printed"] = {"field": "title", "language": "language", "noun": "headline"}
        found["x-named-by"] = {"url": ["URL"], "outlet": ["outlet", "cơ quan báo chí"], "published": ["date", "ngày"]}
    return found


def descriptor() -> dict[str, Any]:
    """A minimal descriptor with the real resources, columns and foreign keys (a valid Data Package)."""
    return {
        "name": "unit-test-package",
        "version": "0.0.1",
        "created": CREATED,
        "resources": [resource(name) for name in RESOURCES],
    }


def table(name: str, rows: list[dict[str, str]], first_line: int = 2) -> Table:
    """A Table of these rows (missing columns empty), one physical line per row from first_line."""
    full = [{column: row.get(column, "") for column in COLUMNS[name]} for row in rows]
    for row in rows:
        unknown = set(row) - set(COLUMNS[name])
        assert not unknown, f"not columns of {name}: {unknown}"
    lines = list(range(first_line, first_line + len(full)))
    return Table(name, f"data/{name}.csv", list(COLUMNS[name]), full, lines)


def package(rows: dict[str, list[dict[str, str]]] | None = None) -> Package:
    """A Package with every table: the rows given, the others empty."""
    rows = rows or {}
    tables = {name: table(name, rows.get(name, [])) for name in RESOURCES}
    return Package(Path("."), ".", descriptor(), tables)


WORLD: dict[str, list[dict[str, str]]] = {
    "jurisdictions": [
        {"id": "VN", "name_vi": "Việt Nam", "name_en": "Viet Nam", "level": "national"},
        {"id": "VN-HP", "name_vi": "Hải Phòng", "name_en": "Hai Phong", "level": "city"},
    ],
    "issuers": [
        {"id": "politburo", "name_vi": "Bộ Chính trị", "name_en": "Politburo", "kind": "party", "jurisdiction": "VN"},
        {
            "id": "hp-committee",
            "name_vi": "Thành ủy",
            "name_en": "HP Committee",
            "kind": "party",
            "jurisdiction": "VN-HP",
        },
    ],
    "topics": [
        {
            "id": "insurance",
            "name_en": "Insurance",
            "name_vi": "Bảo hiểm",
            "description_vi": "Độ bao phủ.",
            "description_en": "Coverage.",
        }
    ],
    "resolutions": [
        {
            "id": "r1",
            "number": "72-NQ/TW",
            "type": "politburo-resolution",
            "issuer": "politburo",
            "date_issued": "2025-06-15",
            "title_vi": "Nghị quyết",
            "title_en": "Resolution",
            "topics": "insurance",
            "sources": "s1",
        },
        {
            "id": "r2",
            "number": "",
            "type": "politburo-resolution",
            "issuer": "politburo",
            "date_issued": "2025",
            "title_vi": "Kết luận",
            "title_en": "Conclusion",
            "topics": "insurance",
            "implements": "r1",
            "sources": "s1",
        },
    ],
    "local_plans": [
        {
            "id": "p1",
            "number": "20-KH/TU",
            "type": "plan",
            "jurisdiction": "VN-HP",
            "issuer": "hp-committee",
            "date_issued": "2025-12-03",
            "implements": "r1",
            "title_vi": "Kế hoạch",
            "title_en": "Plan",
            "topics": "insurance",
            "sources": "s2",
        }
    ],
    "targets": [
        {
            "id": "t1",
            "resolution_id": "r1",
            "jurisdiction": "VN",
            "topic": "insurance",
            "indicator_vi": "Tỷ lệ bao phủ",
            "indicator_en": "Coverage rate",
            "comparator": ">=",
            "value": "95",
            "unit_vi": "%",
            "unit_en": "%",
            "deadline": "2030",
            "baseline_value": "90",
            "baseline_date": "2024",
            "source": "s1",
        },
        {
            "id": "t2",
            "local_plan_id": "p1",
            "jurisdiction": "VN-HP",
            "topic": "insurance",
            "indicator_vi": "Số bác sĩ",
            "indicator_en": "Doctors",
            "deadline": "2026-06",
            "source": "s2",
        },
    ],
    "sources": [
        {
            "id": "s1",
            "url": "https://example.org/news/1",
            "outlet": "Thanh Niên",
            "published": "2025-05",
            "language": "en",
            "title": "",
            "title_vi": "[Miễn viện phí]",
            "title_en": "[Free hospital fees]",
        },
        {
            "id": "s2",
            "url": "",
            "outlet": "Báo Hải Phòng",
            "published": "2025-12-04",
            "language": "vi",
            "title": "Kế hoạch 20",
            "title_vi": "Kế hoạch 20",
            "title_en": "[Plan 20]",
            "notes_vi": "Bản in không có URL.",
            "notes_en": "The printed copy has no URL.",
        },
    ],
    "news_excerpts": [
        {
            "id": "e1",
            "source": "s1",
            "language": "en",
            "excerpt": "free hospital fees",
            "summary_vi": "Viện phí",
            "summary_en": "Fees",
            "resolution_ids": "r1",
            "target_ids": "t1",
        },
        {
            "id": "e2",
            "source": "s2",
            "language": "vi",
            "excerpt": "kế hoạch",
            "summary_vi": "Kế hoạch",
            "summary_en": "Plan",
            "local_plan_ids": "p1",
        },
    ],
    "people": [
        {
            "id": "lam",
            "name": "To Lam",
            "position_vi": "Tổng Bí thư",
            "position_en": "General Secretary",
            "position_date": "2025-05",
            "source": "s1",
        },
        {"id": "tu", "name": "Tran Cam Tu", "source": "s2"},
    ],
    "events": [
        {
            "id": "ev1",
            "date": "2025-10",
            "kind": "working-session",
            "jurisdiction": "VN",
            "chair": "lam",
            "people": "lam;tu",
            "bodies": "politburo",
            "title_vi": "Buổi làm việc",
            "title_en": "Working session",
            "summary_vi": "Tóm tắt buổi làm việc",
            "summary_en": "Summary of the session",
            "resolutions": "r1",
            "sources": "s1",
        }
    ],
    "tasks": [
        {
            "id": "k1",
            "action_vi": "Xây dựng đề án",
            "action_en": "Draft a project",
            "responsible": "politburo",
            "coordinating": "hp-committee",
            "set_by_resolution": "r1",
            "jurisdiction": "VN",
            "topics": "insurance",
            "deadline": "2025-12",
            "output": "r2",
            "source_wording": "draft a project",
            "source": "s1",
        },
        {
            "id": "k2",
            "action_vi": "Hoàn thành đề án",
            "action_en": "Complete the project",
            "set_by_event": "ev1",
            "jurisdiction": "VN",
            "topics": "insurance",
            "deadline": "2025-11-30",
            "source_wording": "complete the project",
            "source": "s1",
        },
        {
            "id": "k3",
            "action_vi": "Hỗ trợ người tham gia",
            "action_en": "Support the insured",
            "set_by_local_plan": "p1",
            "jurisdiction": "VN-HP",
            "topics": "insurance",
            "source_wording": "hỗ trợ",
            "source": "s2",
        },
    ],
    "progress": [
        {
            "id": "g1",
            "task_id": "k1",
            "date": "2025-11",
            "status": "done",
            "summary_vi": "Đề án đã được xây dựng",
            "summary_en": "The project was drafted",
            "source_wording": "the project was drafted",
            "source": "s1",
        },
        {
            "id": "g2",
            "target_id": "t1",
            "date": "2025",
            "status": "in-progress",
            "value": "93",
            "summary_vi": "Tỷ lệ bao phủ đạt 93%",
            "summary_en": "Coverage reached 93%",
            "source_wording": "93% coverage",
            "source": "s1",
        },
    ],
}


def world(**changes: list[dict[str, str]]) -> Package:
    """The small valid package, with whole tables replaced by the keyword arguments."""
    rows = copy.deepcopy(WORLD)
    rows.update(changes)
    return package(rows)


def edited(name: str, record_id: str, **cells: str) -> Package:
    """The small valid package with cells of one row changed."""
    rows = copy.deepcopy(WORLD)
    matches = [row for row in rows[name] if row["id"] == record_id]
    assert matches, f"no {record_id} in {name}"
    matches[0].update(cells)
    return package(rows)


def rows_of(name: str) -> list[dict[str, str]]:
    """A copy of the small package's rows of one table."""
    return copy.deepcopy(WORLD[name])
