"""Unit tests of the small helpers the templates call (tracker.render)."""

from __future__ import annotations

from tracker import render


def test_choices_flatten_read_attributes_drop_empties_and_sort() -> None:
    assert render.choices(["b", "", "a", "b", None]) == ["a", "b"]
    assert render.choices([["x", "y"], [], ["x"], "z"]) == ["x", "y", "z"]
    records = [{"_source": {"outlet": "Nhân Dân"}}, {"_source": {"outlet": ""}}, {"_source": {"outlet": "A"}}]
    assert render.choices(records, "_source.outlet") == ["A", "Nhân Dân"]
    assert render.choices([None, {"name_en": "Body"}], "name_en") == ["Body"]
    assert render.choices([[{"name_en": "T2"}, {"name_en": "T1"}], [{"name_en": "T1"}]], "name_en") == ["T1", "T2"]
    assert render.choices([2030, 2026]) == ["2026", "2030"]


def test_topics_of_a_list_or_a_single_topic() -> None:
    one, two = {"id": "a"}, {"id": "b"}
    assert render.topics_of({"_topics": [one, two]}) == [one, two]
    assert render.topics_of({"_topic": one}) == [one]
    assert render.topics_of({"_topic": None}) == []
    assert render.topics_of({}) == []


def test_refs_and_lookup() -> None:
    task = {"id": "k"}
    record = {"_in": {"tasks": [task], "tasks.responsible": [task]}}
    assert render.refs(record, "tasks") == [task]
    assert render.refs(record, "tasks.coordinating") == []
    assert render.refs(record, "tasks") is not record["_in"]["tasks"]  # a copy: templates cannot change it
    assert render.lookup("vi", {"vi": "Vietnamese"}) == "Vietnamese"
    assert render.lookup("xx", {"vi": "Vietnamese"}) == "xx"
