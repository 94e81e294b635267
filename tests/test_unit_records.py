"""Unit tests of tracker.records on the small in-memory package: labels, relations both ways, events."""

from __future__ import annotations

from datetime import date

import pytest
from tables import edited, rows_of, world

from tracker import records


def ids(items: list[dict]) -> list[str]:
    return [item["id"] for item in items]


@pytest.fixture
def linked() -> dict:
    # per test, not per module: mutmut maps each function to the tests that call it
    return records.link(world(), today=date(2026, 1, 2))


def test_slug() -> None:
    assert records.slug("VN-HP") == "vn-hp"
    assert records.slug("72-nq-tw") == "72-nq-tw"


def test_today(linked: dict) -> None:
    assert linked["today"] == "2026-01-02"
    assert records.link(world())["today"] == date.today().isoformat()


def test_typed_records(linked: dict) -> None:
    r1 = linked["by_id"]["resolutions"]["r1"]
    assert r1["_kind"] == "resolutions"
    assert r1["_line"] == 2
    assert r1["_url"] == "resolutions/r1/"
    assert r1["topics"] == ["insurance"]
    assert r1["implements"] == []
    assert r1["notes"] == ""
    assert linked["by_id"]["resolutions"]["r2"]["_line"] == 3
    assert linked["by_id"]["jurisdictions"]["VN-HP"]["_url"] == "jurisdictions/vn-hp/"
    assert linked["by_id"]["local_plans"]["p1"]["_url"] == "local-plans/p1/"
    assert linked["by_id"]["news_excerpts"]["e1"]["_url"] == "excerpts/e1/"
    assert linked["by_id"]["local_plans"]["p1"]["implements"] == "r1"
    assert ids(linked["kinds"]["targets"]) == ["t1", "t2"]
    assert list(linked) == ["kinds", "by_id", "events", "today"]
    assert list(linked["kinds"]) == list(records.SEGMENTS)
    assert all(linked["by_id"][kind][r["id"]] is r for kind, rs in linked["kinds"].items() for r in rs)


def test_lists_split_on_semicolons_only() -> None:
    rows = rows_of("resolutions")
    rows[0]["notes"] = "a;b"
    topics = rows_of("topics") + [dict(rows_of("topics")[0], id="b c")]
    rows[0]["topics"] = "insurance;b c"
    linked = records.link(world(resolutions=rows, topics=topics))
    r1 = linked["by_id"]["resolutions"]["r1"]
    assert r1["topics"] == ["insurance", "b c"]
    assert r1["notes"] == "a;b"
    assert ids(r1["_topics"]) == ["insurance", "b c"]
    assert ids(linked["by_id"]["topics"]["b c"]["_records"]) == ["r1"]


def test_labels(linked: dict) -> None:
    by_id = linked["by_id"]
    assert by_id["resolutions"]["r1"]["_label"] == "72-NQ/TW"
    assert by_id["resolutions"]["r2"]["_label"] == "Conclusion"  # no number: the English title
    assert by_id["local_plans"]["p1"]["_label"] == "20-KH/TU"
    assert by_id["targets"]["t1"]["_label"] == "Coverage rate"
    assert by_id["sources"]["s1"]["_label"] == "Free hospital fees"
    assert by_id["news_excerpts"]["e1"]["_label"] == "Fees"
    assert by_id["jurisdictions"]["VN"]["_label"] == "Viet Nam"
    assert by_id["issuers"]["politburo"]["_label"] == "Politburo"
    assert by_id["topics"]["insurance"]["_label"] == "Insurance"


def test_local_plan_label_without_number() -> None:
    linked = records.link(edited("local_plans", "p1", number=""))
    assert linked["by_id"]["local_plans"]["p1"]["_label"] == "Plan"


def test_resolutions_relations(linked: dict) -> None:
    r1, r2 = linked["by_id"]["resolutions"]["r1"], linked["by_id"]["resolutions"]["r2"]
    assert r2["_implements"] == [r1]
    assert r1["_implemented_by"] == [r2]
    assert r2["_implemented_by"] == []
    assert r1["_issuer"] is linked["by_id"]["issuers"]["politburo"]
    assert ids(r1["_plans"]) == ["p1"]
    assert ids(r1["_targets"]) == ["t1"]
    assert ids(r1["_sources"]) == ["s1"]
    assert ids(r1["_topics"]) == ["insurance"]
    assert ids(r1["_excerpts"]) == ["e1"]
    assert r2["_excerpts"] == [] and r2["_plans"] == [] and r2["_targets"] == []


def test_local_plan_relations(linked: dict) -> None:
    p1 = linked["by_id"]["local_plans"]["p1"]
    assert p1["_issuer"]["id"] == "hp-committee"
    assert p1["_jurisdiction"]["id"] == "VN-HP"
    assert ids(p1["_implements"]) == ["r1"]
    assert ids(p1["_targets"]) == ["t2"]
    assert ids(p1["_excerpts"]) == ["e2"]
    assert ids(p1["_sources"]) == ["s2"]
    assert ids(p1["_topics"]) == ["insurance"]


def test_target_relations(linked: dict) -> None:
    t1, t2 = linked["by_id"]["targets"]["t1"], linked["by_id"]["targets"]["t2"]
    assert t1["_document"]["id"] == "r1"
    assert t2["_document"]["id"] == "p1"
    assert t1["_jurisdiction"]["id"] == "VN"
    assert t1["_topic"]["id"] == "insurance"
    assert ids(t1["_topics"]) == ["insurance"]
    assert t1["_source"]["id"] == "s1"
    assert ids(t1["_sources"]) == ["s1"]
    assert ids(t1["_excerpts"]) == ["e1"]
    assert t2["_excerpts"] == []


def test_excerpt_relations(linked: dict) -> None:
    e1, e2 = linked["by_id"]["news_excerpts"]["e1"], linked["by_id"]["news_excerpts"]["e2"]
    assert e1["_source"]["id"] == "s1"
    assert ids(e1["_sources"]) == ["s1"]
    assert ids(e1["_concerns"]) == ["r1", "t1"]
    assert ids(e2["_concerns"]) == ["p1"]
    assert e1["_date"] == "2025-05"
    assert e2["_date"] == "2025-12-04"


def test_gathering_records(linked: dict) -> None:
    by_id = linked["by_id"]
    assert [(r["_kind"], r["id"]) for r in by_id["sources"]["s1"]["_records"]] == [
        ("resolutions", "r1"),
        ("resolutions", "r2"),
        ("targets", "t1"),
        ("news_excerpts", "e1"),
    ]
    assert ids(by_id["sources"]["s2"]["_records"]) == ["p1", "t2", "e2"]
    assert ids(by_id["topics"]["insurance"]["_records"]) == ["r1", "r2", "p1", "t1", "t2"]
    assert ids(by_id["jurisdictions"]["VN-HP"]["_records"]) == ["p1", "t2"]
    assert ids(by_id["jurisdictions"]["VN"]["_records"]) == ["t1"]
    assert ids(by_id["issuers"]["politburo"]["_records"]) == ["r1", "r2"]
    assert ids(by_id["issuers"]["hp-committee"]["_records"]) == ["p1"]
    assert by_id["issuers"]["hp-committee"]["_jurisdiction"]["id"] == "VN-HP"
    assert by_id["topics"]["insurance"]["_excerpts"] == []


def test_excerpts_newest_first() -> None:
    excerpts = rows_of("news_excerpts")
    excerpts[1]["resolution_ids"] = "r1"
    excerpts.append(dict(excerpts[0], id="e3", resolution_ids="r1", target_ids=""))
    sources = rows_of("sources")
    sources[0]["published"] = "2025"
    linked = records.link(world(news_excerpts=excerpts, sources=sources))
    assert ids(linked["by_id"]["resolutions"]["r1"]["_excerpts"]) == ["e2", "e1", "e3"]


def test_events_order(linked: dict) -> None:
    assert [(e["date"], e["what"], e["record"]["id"]) for e in linked["events"]] == [
        ("2025", "issued_event", "r2"),
        ("2025-06-15", "issued_event", "r1"),
        ("2025-12-03", "issued_event", "p1"),
        ("2026-06", "deadline_event", "t2"),
        ("2030", "deadline_event", "t1"),
    ]


def test_events_within_a_year_partial_dates_first() -> None:
    targets = [
        dict(rows_of("targets")[1], id=f"t{n}", deadline=deadline)
        for n, deadline in enumerate(["2025-11", "2025-03-05", "2025", "2025-03", "2025-03-05", ""], start=1)
    ]
    resolutions = rows_of("resolutions")
    resolutions[0]["date_issued"] = "2025-03-05"
    resolutions[1]["date_issued"] = ""
    excerpts = [dict(rows_of("news_excerpts")[0], target_ids="")]
    linked = records.link(world(targets=targets, resolutions=resolutions, news_excerpts=excerpts))
    assert [(e["date"], e["what"], e["record"]["id"]) for e in linked["events"]] == [
        ("2025", "deadline_event", "t3"),
        ("2025-03", "deadline_event", "t4"),
        ("2025-03-05", "deadline_event", "t2"),
        ("2025-03-05", "deadline_event", "t5"),
        ("2025-03-05", "issued_event", "r1"),
        ("2025-11", "deadline_event", "t1"),
        ("2025-12-03", "issued_event", "p1"),
    ]


def test_events_ties_by_id() -> None:
    resolutions = [dict(rows_of("resolutions")[0], id=i, date_issued="2025") for i in ("r1", "rb", "ra", "rc")]
    targets = [dict(rows_of("targets")[1], deadline="")]
    linked = records.link(world(resolutions=resolutions, targets=targets, news_excerpts=[]))
    assert [e["record"]["id"] for e in linked["events"]] == ["r1", "ra", "rb", "rc", "p1"]
    assert linked["events"][1] == {
        "date": "2025",
        "what": "issued_event",
        "record": linked["by_id"]["resolutions"]["ra"],
    }
