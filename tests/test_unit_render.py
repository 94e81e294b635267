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


def test_a_numbered_document_is_named_by_its_type_and_number() -> None:
    numbered = render.load_strings("vi")["numbered"]
    document = {"_label": "72-NQ/TW", "number": "72-NQ/TW", "type": "politburo-resolution"}
    assert render.named(document, numbered) == "Nghị quyết số 72-NQ/TW"
    assert render.named({**document, "type": "project"}, numbered) == "72-NQ/TW"  # no word for the type
    assert render.named({"_label": "Đề án", "number": "", "type": "plan"}, numbered) == "Đề án"
    assert render.named({"_label": "Hà Nội"}, numbered) == "Hà Nội"  # not a document


def test_a_document_is_issued_unless_its_status_says_otherwise() -> None:
    assert render.issued({"status": "issued"}) and render.issued({})  # a local plan has no status
    assert not render.issued({"status": "in-preparation"}) and not render.issued({"status": "under-study"})


def test_a_full_date_in_vietnamese_prose_says_ngay() -> None:
    dates = render.load_strings("vi")["dates"]
    assert render.format_date("2026-02-25", dates, prose=True) == "ngày 25/2/2026"
    assert render.format_date("2026-02", dates, prose=True) == "tháng 2/2026"  # only a full date
    assert render.format_date("2026-02-25", dates) == "25/2/2026"


def test_heading_anchors_keep_the_vietnamese_d() -> None:
    from tracker.markdown_links import slugify

    assert slugify("Điểm mới của phiên bản 0.4.0", "-") == "diem-moi-cua-phien-ban-040"
    assert slugify("Những việc đến hạn", "-") == "nhung-viec-den-han"


def test_around_change_shows_where_two_values_differ() -> None:
    around_change = render.around_change
    assert around_change("2025", "2025-12") == ("2025", "2025-12")  # short: whole
    assert around_change("", "new") == ("", "new")
    long = "The Politburo's resolution on people's health care sets targets for the years to come, "
    before, after = around_change(long + "with five tasks.", long + "with seven tasks.")
    assert before.startswith("…") and before.endswith("five tasks.") and after.endswith("seven tasks.")
    assert len(before) <= 81 and before.strip("…") in long + "with five tasks."
    ids = "nhandan-health;hanoi-fees;" * 5
    assert around_change(ids + "old-source", ids + "new-source")[1].endswith("new-source")  # no spaces to cut at
