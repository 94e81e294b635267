"""Unit tests of tracker.records on the small in-memory package: labels, relations both ways, events.

The small package's descriptor (tests/tables.py, with the real foreign keys) gets the URL folders
and labels of the real one (copied here: unit tests read no file)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import tables

from tracker import records
from tracker.load import Package

# resource -> (x-path, x-label) as in datapackage/datapackage.json; tables.py gives the foreign keys
SCHEMAS: dict[str, tuple[str, list[str]]] = {
    "resolutions": ("resolutions", ["number", "title_en"]),
    "local_plans": ("local-plans", ["number", "title_en"]),
    "targets": ("targets", ["indicator_en"]),
    "news_excerpts": ("excerpts", ["summary_en"]),
    "tasks": ("tasks", ["action_en"]),
    "events": ("events", ["title_en"]),
    "people": ("people", ["name"]),
    "progress": ("progress", ["summary_en"]),
    "sources": ("sources", ["title_en"]),
    "jurisdictions": ("jurisdictions", ["name_en"]),
    "issuers": ("issuers", ["name_en"]),
    "topics": ("topics", ["name_en"]),
}


def with_real_schemas(package: Package) -> Package:
    for resource in package.descriptor["resources"]:
        resource["x-path"], label = SCHEMAS[resource["name"]]
        resource["x-label"] = list(label)
    package.descriptor["created"] = "2026-01-02T00:00:00Z"
    return package


def world(**changes: Any) -> Package:
    return with_real_schemas(tables.world(**changes))


def edited(name: str, record_id: str, **cells: str) -> Package:
    return with_real_schemas(tables.edited(name, record_id, **cells))


rows_of = tables.rows_of


def ids(items: list[dict]) -> list[str]:
    return [item["id"] for item in items]


@pytest.fixture
def linked() -> dict:
    # per test, not per module: mutmut maps each function to the tests that call it
    return records.link(world(), today=date(2026, 1, 2))


def test_slug() -> None:
    assert records.slug("VN-HP") == "vn-hp"
    assert records.slug("72-nq-tw") == "72-nq-tw"


def test_today_is_the_release_date_unless_given(linked: dict) -> None:
    assert linked["today"] == "2026-01-02"
    assert records.link(world(), today=date(2030, 5, 6))["today"] == "2030-05-06"
    package = world()
    package.descriptor["created"] = "2027-03-04T12:00:00Z"
    assert records.link(package)["today"] == "2027-03-04"


def test_typed_records(linked: dict) -> None:
    r1 = linked["by_id"]["resolutions"]["r1"]
    assert r1["_kind"] == "resolutions"
    assert r1["_line"] == 2
    assert r1["_url"] == "resolutions/r1/"
    assert r1["topics"] == ["insurance"]
    assert r1["implements"] == []
    assert r1["notes_en"] == ""
    assert linked["by_id"]["resolutions"]["r2"]["_line"] == 3
    assert linked["by_id"]["jurisdictions"]["VN-HP"]["_url"] == "jurisdictions/vn-hp/"
    assert linked["by_id"]["local_plans"]["p1"]["_url"] == "local-plans/p1/"
    assert linked["by_id"]["news_excerpts"]["e1"]["_url"] == "excerpts/e1/"
    assert linked["by_id"]["local_plans"]["p1"]["implements"] == "r1"
    assert ids(linked["kinds"]["targets"]) == ["t1", "t2"]
    assert list(linked) == ["kinds", "by_id", "events", "today"]
    assert list(linked["kinds"]) == list(SCHEMAS)
    assert all(linked["by_id"][kind][r["id"]] is r for kind, rs in linked["kinds"].items() for r in rs)


def test_lists_split_on_semicolons_only() -> None:
    rows = rows_of("resolutions")
    rows[0]["notes_en"] = "a;b"
    topics = rows_of("topics") + [dict(rows_of("topics")[0], id="b c")]
    rows[0]["topics"] = "insurance;b c"
    linked = records.link(world(resolutions=rows, topics=topics))
    r1 = linked["by_id"]["resolutions"]["r1"]
    assert r1["topics"] == ["insurance", "b c"]
    assert r1["notes_en"] == "a;b"
    assert ids(r1["_topics"]) == ["insurance", "b c"]
    assert ids(linked["by_id"]["topics"]["b c"]["_records"]) == ["r1"]


def test_labels(linked: dict) -> None:
    by_id = linked["by_id"]
    assert by_id["resolutions"]["r1"]["_label"] == "72-NQ/TW"
    assert by_id["resolutions"]["r2"]["_label"] == "Conclusion"  # no number: the English title
    assert by_id["local_plans"]["p1"]["_label"] == "20-KH/TU"
    assert by_id["targets"]["t1"]["_label"] == "Coverage rate"
    assert by_id["sources"]["s1"]["_label"] == "[Free hospital fees]"
    assert by_id["news_excerpts"]["e1"]["_label"] == "Fees"
    assert by_id["jurisdictions"]["VN"]["_label"] == "Viet Nam"
    assert by_id["issuers"]["politburo"]["_label"] == "Politburo"
    assert by_id["topics"]["insurance"]["_label"] == "Insurance"


def test_summaries_are_the_x_summary_field_in_the_language() -> None:
    """A record's `_summary` (its feed entries' text) is its resource's `x-summary` field in the
    language asked for; a resource without one (people, sources) or an empty cell gives ""."""
    english = records.link(world())["by_id"]
    vietnamese = records.link(world(), language="vi")["by_id"]
    assert english["targets"]["t1"]["_summary"] == "Coverage rate"
    assert vietnamese["targets"]["t1"]["_summary"] == "Tỷ lệ bao phủ"
    assert english["sources"]["s1"]["_summary"] == ""
    assert (
        records.link(edited("targets", "t1", indicator_vi=""), language="vi")["by_id"]["targets"]["t1"]["_summary"]
        == ""
    )


def test_labels_in_the_language_asked_for() -> None:
    """A label field `<stem>_en` is read as `<stem>_<language>`; an empty cell there falls back to
    the field as named (then to the next `x-label` field)."""
    by_id = records.link(world(), language="vi")["by_id"]
    assert by_id["resolutions"]["r2"]["_label"] == "Kết luận"
    assert by_id["targets"]["t1"]["_label"] == "Tỷ lệ bao phủ"
    assert by_id["resolutions"]["r1"]["_label"] == "72-NQ/TW"  # `number` has no language
    english = records.link(edited("resolutions", "r2", title_vi=""), language="vi")["by_id"]
    assert english["resolutions"]["r2"]["_label"] == "Conclusion"


def test_in_language_reads_a_two_letter_suffix_only() -> None:
    record = {"title_vi": "", "short_title_vi": "", "title_english": "", "title_e1": ""}
    assert records.in_language(record, "title_en", "vi") == "title_vi"
    assert records.in_language(record, "short_title_en", "vi") == "short_title_vi"
    assert records.in_language(record, "title_en", None) == "title_en"
    assert records.in_language(record, "title_en", "fr") == "title_en"  # no title_fr column
    assert records.in_language(record, "title_english", "vi") == "title_english"
    assert records.in_language(record, "title_e1", "vi") == "title_e1"


def test_local_plan_label_without_number() -> None:
    linked = records.link(edited("local_plans", "p1", number=""))
    assert linked["by_id"]["local_plans"]["p1"]["_label"] == "Plan"


def test_resolutions_relations(linked: dict) -> None:
    r1, r2 = linked["by_id"]["resolutions"]["r1"], linked["by_id"]["resolutions"]["r2"]
    # ids compared, not records: pytest would print everything a failing record links to
    assert ids(r2["_implements"]) == ["r1"] and r2["_implements"][0] is r1
    assert ids(r1["_in"]["resolutions"]) == ["r2"]
    assert ids(r1["_in"]["resolutions.implements"]) == ["r2"]
    assert "resolutions" not in r2["_in"]
    assert r1["_issuer"] is linked["by_id"]["issuers"]["politburo"]
    assert ids(r1["_in"]["local_plans"]) == ["p1"]
    assert ids(r1["_in"]["targets"]) == ["t1"]
    assert ids(r1["_in"]["targets.resolution_id"]) == ["t1"]
    assert ids(r1["_sources"]) == ["s1"]
    assert ids(r1["_topics"]) == ["insurance"]
    assert ids(r1["_in"]["news_excerpts"]) == ["e1"]
    assert {kind: ids(found) for kind, found in r2["_in"].items()} == {"tasks": ["k1"], "tasks.output": ["k1"]}


def test_local_plan_relations(linked: dict) -> None:
    p1 = linked["by_id"]["local_plans"]["p1"]
    assert p1["_issuer"]["id"] == "hp-committee"
    assert p1["_jurisdiction"]["id"] == "VN-HP"
    assert p1["_implements"]["id"] == "r1"  # one id, not a list: one record
    assert ids(p1["_in"]["targets"]) == ["t2"]
    assert ids(p1["_in"]["news_excerpts.local_plan_ids"]) == ["e2"]
    assert ids(p1["_sources"]) == ["s2"]
    assert ids(p1["_topics"]) == ["insurance"]


def test_target_relations(linked: dict) -> None:
    t1, t2 = linked["by_id"]["targets"]["t1"], linked["by_id"]["targets"]["t2"]
    assert t1["_resolution_id"]["id"] == "r1" and t1["_local_plan_id"] is None
    assert t2["_local_plan_id"]["id"] == "p1" and t2["_resolution_id"] is None
    assert t1["_jurisdiction"]["id"] == "VN"
    assert t1["_topic"]["id"] == "insurance"
    assert t1["_source"]["id"] == "s1"
    assert t1["_responsible"] is None  # an empty reference
    assert ids(t1["_in"]["news_excerpts"]) == ["e1"]
    assert t2["_in"] == {}


def test_excerpt_relations(linked: dict) -> None:
    e1, e2 = linked["by_id"]["news_excerpts"]["e1"], linked["by_id"]["news_excerpts"]["e2"]
    assert e1["_source"]["id"] == "s1"
    assert ids(e1["_resolution_ids"]) == ["r1"]
    assert ids(e1["_target_ids"]) == ["t1"]
    assert e1["_local_plan_ids"] == []
    assert ids(e2["_local_plan_ids"]) == ["p1"]


def test_gathering_records(linked: dict) -> None:
    """`_records`: every referrer, resource by resource in the descriptor's order, each once."""
    by_id = linked["by_id"]

    def gathered(kind: str, record_id: str) -> list[tuple[str, str]]:
        return [(r["_kind"], r["id"]) for r in by_id[kind][record_id]["_records"]]

    assert gathered("sources", "s1") == [
        ("resolutions", "r1"),
        ("resolutions", "r2"),
        ("targets", "t1"),
        ("news_excerpts", "e1"),
        ("tasks", "k1"),
        ("tasks", "k2"),
        ("events", "ev1"),
        ("people", "lam"),
        ("progress", "g1"),
        ("progress", "g2"),
    ]
    assert ids(by_id["sources"]["s2"]["_records"]) == ["p1", "t2", "e2", "k3", "tu"]
    assert ids(by_id["topics"]["insurance"]["_records"]) == ["r1", "r2", "p1", "t1", "t2", "k1", "k2", "k3"]
    assert ids(by_id["jurisdictions"]["VN-HP"]["_records"]) == ["p1", "t2", "k3", "hp-committee"]
    assert ids(by_id["jurisdictions"]["VN"]["_records"]) == ["t1", "k1", "k2", "ev1", "politburo"]
    assert ids(by_id["issuers"]["politburo"]["_records"]) == ["r1", "r2", "k1", "ev1"]
    assert ids(by_id["issuers"]["hp-committee"]["_records"]) == ["p1", "k1"]  # k1: it coordinates
    assert by_id["issuers"]["hp-committee"]["_jurisdiction"]["id"] == "VN-HP"
    assert gathered("resolutions", "r1") == [
        ("resolutions", "r2"),
        ("local_plans", "p1"),
        ("targets", "t1"),
        ("news_excerpts", "e1"),
        ("tasks", "k1"),
        ("events", "ev1"),
    ]
    assert ids(by_id["people"]["lam"]["_in"]["events"]) == ["ev1"]  # chair and participant: once
    assert ids(by_id["people"]["lam"]["_in"]["events.chair"]) == ["ev1"]


def test_a_record_referring_twice_is_listed_once() -> None:
    excerpts = rows_of("news_excerpts")
    excerpts[0]["resolution_ids"] = "r1;r2;r1"
    linked = records.link(world(news_excerpts=excerpts))
    r1 = linked["by_id"]["resolutions"]["r1"]
    assert ids(r1["_in"]["news_excerpts"]) == ["e1"]
    assert ids(linked["by_id"]["news_excerpts"]["e1"]["_resolution_ids"]) == ["r1", "r2", "r1"]


def test_tasks_link_to_their_setter_bodies_and_output() -> None:
    task = {
        "id": "k1",
        "action_en": "Draft the plan",
        "responsible": "politburo",
        "coordinating": "hp-committee;politburo",
        "set_by_resolution": "r1",
        "jurisdiction": "VN",
        "topics": "insurance",
        "output": "r2",
        "source": "s1",
    }
    linked = records.link(world(tasks=[task]))
    by_id = linked["by_id"]
    k1 = by_id["tasks"]["k1"]
    assert k1["_url"] == "tasks/k1/" and k1["_label"] == "Draft the plan"
    assert k1["_responsible"] is by_id["issuers"]["politburo"]
    assert ids(k1["_coordinating"]) == ["hp-committee", "politburo"]
    assert k1["_set_by_resolution"]["id"] == "r1" and k1["_set_by_event"] is None
    assert ids(by_id["issuers"]["politburo"]["_in"]["tasks.responsible"]) == ["k1"]
    assert ids(by_id["issuers"]["politburo"]["_in"]["tasks.coordinating"]) == ["k1"]
    assert ids(by_id["issuers"]["politburo"]["_in"]["tasks"]) == ["k1"]  # once, though it is named twice
    assert ids(by_id["issuers"]["hp-committee"]["_in"]["tasks.coordinating"]) == ["k1"]
    assert "tasks.responsible" not in by_id["issuers"]["hp-committee"]["_in"]
    assert ids(by_id["resolutions"]["r1"]["_in"]["tasks.set_by_resolution"]) == ["k1"]
    assert ids(by_id["resolutions"]["r2"]["_in"]["tasks.output"]) == ["k1"]


def test_a_new_resource_links_both_ways_from_its_schema_alone() -> None:
    """A resource the code has never heard of: its URL, label and relations come from its schema."""
    package = world()
    package.descriptor["resources"].append(
        {
            "name": "hearings",
            "path": "data/hearings.csv",
            "x-path": "public-hearings",
            "x-label": ["title", "id"],
            "schema": {
                "fields": [
                    {"name": "id", "type": "string"},
                    {"name": "title", "type": "string"},
                    {"name": "about", "type": "string"},
                    {"name": "bodies", "type": "list", "x-references": "issuers"},
                ],
                "primaryKey": ["id"],
                "foreignKeys": [{"fields": ["about"], "reference": {"resource": "resolutions", "fields": ["id"]}}],
            },
        }
    )
    rows = [
        {"id": "h1", "title": "First hearing", "about": "r1", "bodies": "politburo"},
        {"id": "H2", "title": "", "about": "", "bodies": ""},
    ]
    header = ["id", "title", "about", "bodies"]
    package.tables["hearings"] = tables.Table("hearings", "data/hearings.csv", header, rows, [2, 3])
    linked = records.link(package)
    h1, h2 = linked["kinds"]["hearings"]
    assert h1["_url"] == "public-hearings/h1/" and h1["_label"] == "First hearing"
    assert h2["_url"] == "public-hearings/h2/" and h2["_label"] == "H2"  # no title: the next x-label field
    assert h1["_about"]["id"] == "r1" and h2["_about"] is None
    assert ids(h1["_bodies"]) == ["politburo"] and h2["_bodies"] == []
    r1 = linked["by_id"]["resolutions"]["r1"]
    assert r1["_in"]["hearings"] == [h1] and r1["_in"]["hearings.about"] == [h1]
    assert r1["_records"][-1] is h1  # the descriptor's last resource comes last
    assert linked["by_id"]["issuers"]["politburo"]["_in"]["hearings.bodies"] == [h1]


def test_a_foreign_key_to_another_field_than_id() -> None:
    """A key referring to another field (`number`) finds the record with that value; an empty cell
    refers to nothing, even when a record's field is empty too."""
    package = world()
    package.descriptor["resources"].append(
        {
            "name": "citations",
            "path": "data/citations.csv",
            "schema": {
                "fields": [{"name": "id", "type": "string"}, {"name": "cited", "type": "string"}],
                "primaryKey": ["id"],
                "foreignKeys": [{"fields": ["cited"], "reference": {"resource": "resolutions", "fields": ["number"]}}],
            },
        }
    )
    rows = [{"id": "c1", "cited": "72-NQ/TW"}, {"id": "c2", "cited": ""}]
    package.tables["citations"] = tables.Table("citations", "data/citations.csv", ["id", "cited"], rows, [2, 3])
    linked = records.link(package)
    c1, c2 = linked["kinds"]["citations"]
    assert rows_of("resolutions")[1]["number"] == ""  # r2 has no number
    assert c1["_cited"]["id"] == "r1" and c2["_cited"] is None
    assert "citations" not in linked["by_id"]["resolutions"]["r2"]["_in"]


def test_relations_are_plain_dicts_once_linked(linked: dict) -> None:
    """`_in` is a plain dict (reading a resource that refers to nothing is an error, not a new
    empty list), and the keys added to a record are the documented ones."""
    r1 = linked["by_id"]["resolutions"]["r1"]
    plain = type(r1["_in"]) is dict  # not asserted inline: pytest would print the records it links
    assert plain
    added = {key for key in r1 if key.startswith("_")}
    assert added == {"_kind", "_line", "_url", "_label", "_summary", "_in", "_records"} | {
        f"_{name}" for name in ("issuer", "implements", "topics", "sources")
    }


def test_segments_are_the_url_folders_of_the_repository_package() -> None:
    """`records.SEGMENTS` (kept for existing callers) reads datapackage/datapackage.json, the one
    file these tests read (mutmut copies it: `also_copy` in pyproject.toml)."""
    assert {kind: records.SEGMENTS[kind] for kind in SCHEMAS} == {kind: path for kind, (path, _) in SCHEMAS.items()}
    with pytest.raises(AttributeError, match="^NOPE$"):
        _ = records.NOPE


def test_paths_and_labels_come_from_the_descriptor() -> None:
    descriptor = {"resources": [{"name": "a_b", "x-path": "a-b"}, {"name": "c"}]}
    assert records.paths(descriptor) == {"a_b": "a-b", "c": "c"}
    resource = {"name": "x", "x-label": ["number", "title"]}
    assert records.label(resource, {"id": "i", "number": "1/QĐ", "title": "T"}) == "1/QĐ"
    assert records.label(resource, {"id": "i", "number": "", "title": "T"}) == "T"
    assert records.label(resource, {"id": "i", "number": "", "title": ""}) == "i"
    assert records.label({"name": "x"}, {"id": "i"}) == "i"


def test_events_order(linked: dict) -> None:
    assert [(e["date"], e["what"], e["record"]["id"]) for e in linked["events"]] == [
        ("2025", "dated_event", "g2"),  # on one date: meetings and reports, then deadlines, then issues
        ("2025", "issued_event", "r2"),
        ("2025-06-15", "issued_event", "r1"),
        ("2025-10", "dated_event", "ev1"),
        ("2025-11", "dated_event", "g1"),
        ("2025-11-30", "deadline_event", "k2"),
        ("2025-12", "deadline_event", "k1"),
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
    linked = records.link(
        world(targets=targets, resolutions=resolutions, news_excerpts=excerpts, tasks=[], events=[], progress=[])
    )
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
    linked = records.link(
        world(resolutions=resolutions, targets=targets, news_excerpts=[], tasks=[], events=[], progress=[])
    )
    assert [e["record"]["id"] for e in linked["events"]] == ["r1", "ra", "rb", "rc", "p1"]
    assert linked["events"][1] == {
        "date": "2025",
        "what": "issued_event",
        "record": linked["by_id"]["resolutions"]["ra"],
    }


def test_events_include_every_dated_field_of_every_resource() -> None:
    tasks = [{"id": "k1", "action_en": "Act", "set_by_event": "m1", "jurisdiction": "VN", "deadline": "2025-12-03"}]
    meetings = [{"id": "m1", "date": "2025-12-03", "kind": "meeting", "jurisdiction": "VN", "title_en": "Meeting"}]
    reports = [{"id": "g1", "task_id": "k1", "date": "2026", "status": "done", "summary_en": "Done", "source": "s1"}]
    linked = records.link(world(tasks=tasks, events=meetings, progress=reports))
    found = [(e["date"], e["what"], e["record"]["_kind"], e["record"]["id"]) for e in linked["events"]]
    assert [e for e in found if e[2] != "targets"][-4:] == [
        ("2025-12-03", "dated_event", "events", "m1"),  # on one date: meetings and reports first,
        ("2025-12-03", "deadline_event", "tasks", "k1"),  # then deadlines,
        ("2025-12-03", "issued_event", "local_plans", "p1"),  # then documents issued
        ("2026", "dated_event", "progress", "g1"),
    ]
    k1 = linked["by_id"]["tasks"]["k1"]
    assert k1["_set_by_event"]["id"] == "m1" and ids(k1["_in"]["progress"]) == ["g1"]
    assert ids(linked["by_id"]["events"]["m1"]["_in"]["tasks.set_by_event"]) == ["k1"]
