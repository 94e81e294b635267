"""A corpus of broken variants of the real package: each must be reported at the right place.

Every case makes one small mutation to a copy of the real package and states where the
validator must point: the file, the line (the header is line 1) and the column; MESSAGES says
what it must say there, the message a contributor reads to fix the file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date

import pytest
from conftest import PackageCopy, Result, line_of, read_rows, run_cli

from tracker.cli import main

Expected = tuple[str, int | None, str | None]
Case = Callable[[PackageCopy], Expected]

DECOMPOSED = unicodedata.normalize("NFD", "Bộ Chính trị")
DECOMPOSED_SUMMARY = unicodedata.normalize("NFD", "Buổi làm việc về chăm sóc sức khỏe nhân dân")
TARGET = "hanoi-doctor-per-commune-health-station-2030"
TASK_BY_EVENT = "commune-health-station-model-2025"  # set by the working session of 2025-10-10, due 2025-10-30
TASK_BY_DOCUMENT = "politburo-resolution-health-breakthrough"  # set by a conclusion of 2025, due 2025-05
TASK_BY_PLAN = "hanoi-districts-grassroots-health-budget"  # set by a Hanoi plan
DONE_REPORT = "282-nq-cp-issued"  # a done report on a task
SESSION = "gs-working-session-health-care-2025"
SESSION_TITLE = (
    "Working session of General Secretary To Lam with the Government Party Committee, ministries and sectors "
    "on people's health care"
)


def cell(resource: str, record: str, column: str, value: str) -> Case:
    def mutate(p: PackageCopy) -> Expected:
        return f"data/{resource}.csv", p.set_cell(resource, record, column, value), column

    return mutate


def without_notes(p: PackageCopy) -> Expected:
    """A translated source with neither notes_vi nor notes_en (so that only this rule applies)."""
    record = "baohaiphong-universal-health-insurance-2030"
    p.set_cell("sources", record, "notes_vi", "")
    return "data/sources.csv", p.set_cell("sources", record, "notes_en", ""), "notes_en"


def same_as_english(resource: str, record: str, stem: str, copy_from: str) -> Case:
    """Both texts of a pair made equal: the one in copy_from written over the other."""

    def mutate(p: PackageCopy) -> Expected:
        row = next(row for row in read_rows(p.csv(resource)) if row["id"] == record)
        other = "en" if copy_from == "vi" else "vi"
        line = p.set_cell(resource, record, f"{stem}_{other}", row[f"{stem}_{copy_from}"])
        return f"data/{resource}.csv", line, f"{stem}_vi"

    return mutate


def both_documents(p: PackageCopy) -> Expected:
    return "data/targets.csv", p.set_cell("targets", TARGET, "resolution_id", "72-nq-tw"), "resolution_id"


def on_column(case: Case, column: str) -> Case:
    """The same mutation, reported on another column of the row."""

    def mutate(p: PackageCopy) -> Expected:
        relpath, line, _ = case(p)
        return relpath, line, column

    return mutate


def duplicate_id(p: PackageCopy) -> Expected:
    return "data/resolutions.csv", p.set_cell("resolutions", "52-ct-tw", "id", "72-nq-tw"), "id"


def duplicate_url(p: PackageCopy) -> Expected:
    url = read_rows(p.csv("sources"))[0]["url"]
    return "data/sources.csv", p.set_cell("sources", "nhandan-health-sector-three-level-government", "url", url), "url"


def unused_source(p: PackageCopy) -> Expected:
    line = p.append_row(
        "sources", id="orphan-source", url="https://example.org/a", language="en", title_vi="Mồ côi", title_en="Orphan"
    )
    return "data/sources.csv", line, "id"


def implements_cycle(p: PackageCopy) -> Expected:
    return "data/resolutions.csv", p.set_cell("resolutions", "72-nq-tw", "implements", "282-nq-cp"), "implements"


def extra_column(p: PackageCopy) -> Expected:
    rows = read_rows(p.csv("topics"))
    for row in rows:
        row["colour"] = "red"
    p.rewrite("topics", rows)
    return "data/topics.csv", 1, "colour"


def missing_column(p: PackageCopy) -> Expected:
    rows = read_rows(p.csv("issuers"))
    for row in rows:
        del row["kind"]
    p.rewrite("issuers", rows)
    return "data/issuers.csv", 1, "kind"


def raw(resource: str, change: Callable[[bytes], bytes], line: int | None) -> Case:
    def mutate(p: PackageCopy) -> Expected:
        path = p.csv(resource)
        path.write_bytes(change(path.read_bytes()))
        return f"data/{resource}.csv", line, None

    return mutate


def on_line(number: int, change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[number - 1] = change(lines[number - 1])
        return b"\n".join(lines)

    return apply


def missing_file(p: PackageCopy) -> Expected:
    p.csv("jurisdictions").unlink()
    return "data/jurisdictions.csv", None, None


def descriptor_not_json(p: PackageCopy) -> Expected:
    text = p.descriptor.read_text(encoding="utf-8").splitlines()
    text[2] = text[2] + ",,"
    p.descriptor.write_text("\n".join(text), encoding="utf-8")
    return "datapackage.json", 3, None


def descriptor_missing_resource(p: PackageCopy) -> Expected:
    p.edit_descriptor(lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "topics"]))
    return "datapackage.json", None, "resources"


def descriptor_unsafe_path(p: PackageCopy) -> Expected:
    p.edit_descriptor(lambda d: d["resources"][5].update(path="../../etc/passwd.csv"))
    return "datapackage.json", None, "resources[5].path"


def position_date_without_position(p: PackageCopy) -> Expected:
    """A person whose position is removed but whose position_date is kept (every person has a position since 0.4.0)."""
    p.set_cell("people", "tran-cam-tu", "position_vi", "")
    p.set_cell("people", "tran-cam-tu", "position_en", "")
    return "data/people.csv", p.set_cell("people", "tran-cam-tu", "position_date", "2025"), "position_date"


def descriptor_rule_names_no_field(p: PackageCopy) -> Expected:
    """The targets' x-one-of names a field the schema does not have (a typo)."""
    p.edit_descriptor(lambda d: d["resources"][2]["schema"]["x-one-of"][0]["fields"].__setitem__(1, "local_plan"))
    return "datapackage.json", None, "resources[2].schema.x-one-of[0].fields"


def line_numbers_follow_multiline_cells(p: PackageCopy) -> Expected:
    """A cell with a line break shifts every later row by one line; the reported line must follow."""
    rows = read_rows(p.csv("resolutions"))
    rows[0]["notes_en"] = rows[0]["notes_en"] + "\nsecond line"
    rows[4]["issuer"] = "no-such-issuer"
    p.rewrite("resolutions", rows)
    return "data/resolutions.csv", 7, "issuer"


CASES: dict[str, Case] = {
    "deadline month 13": cell("targets", TARGET, "deadline", "2030-13-01"),
    "deadline 30 February": cell("targets", TARGET, "deadline", "2030-02-30"),
    "deadline before the plan": cell("targets", "hai-phong-health-insurance-coverage-2026", "deadline", "2024"),
    "target set by two documents": both_documents,
    "target set by no document": lambda p: (*cell("targets", TARGET, "local_plan_id", "")(p)[:2], "resolution_id"),
    "comma decimal": cell("targets", TARGET, "value", "95,5"),
    "unknown comparator": cell("targets", TARGET, "comparator", "≥"),
    "value without comparator": cell("targets", TARGET, "comparator", ""),
    "negative value": cell("targets", TARGET, "value", "-1"),
    "percentage over 100": cell("targets", "hanoi-health-insurance-participation-2030", "value", "120"),
    "unknown source": cell("targets", TARGET, "source", "no-such-source"),
    "unknown plan": cell("targets", TARGET, "local_plan_id", "no-such-plan"),
    "unknown implemented document": cell("local_plans", "hai-phong-20-kh-tu", "implements", "99-ct-tw"),
    "unknown topic in a list": cell("resolutions", "52-ct-tw", "topics", "health-insurance;no-such-topic"),
    "empty item in a list": cell("resolutions", "52-ct-tw", "topics", "health-insurance;;prevention"),
    "record without a source": cell("resolutions", "52-ct-tw", "sources", ""),
    "duplicate id": duplicate_id,
    "duplicate official number": cell("resolutions", "71-nq-tw", "number", "72-NQ/TW"),
    "malformed official number": cell("resolutions", "71-nq-tw", "number", "NQ 71"),
    "unknown status": cell("resolutions", "71-nq-tw", "status", "draft"),
    "future issue date": cell("resolutions", "71-nq-tw", "date_issued", "2999-01-01"),
    "excerpt too long": cell("news_excerpts", "hanoi-grassroots-plan-281", "excerpt", "dài " * 80),
    "excerpt language differs from source": cell("news_excerpts", "hanoi-grassroots-plan-281", "language", "en"),
    "language not BCP 47": cell("news_excerpts", "hanoi-grassroots-plan-281", "language", "Vietnamese"),
    "excerpt about nothing": cell("news_excerpts", "nhandan-commune-health-stations-deadline", "resolution_ids", ""),
    "ftp URL": cell("sources", "nhandan-health-sector-three-level-government", "url", "ftp://nhandan.vn/a"),
    "javascript URL": cell("sources", "nhandan-health-sector-three-level-government", "url", "javascript:alert(1)"),
    "duplicate URL": duplicate_url,
    "uncited source": unused_source,
    "translated source without notes": without_notes,
    "decomposed Vietnamese (not NFC)": cell("issuers", "politburo", "name_vi", DECOMPOSED),
    "Vietnamese title copied from English": cell(
        "resolutions",
        "71-nq-tw",
        "title_vi",
        "Politburo Resolution No. 71-NQ/TW on breakthroughs in education and training development",
    ),
    "trailing space": cell("topics", "culture", "name_en", "Culture "),
    "local plan for the whole country": cell("local_plans", "hai-phong-20-kh-tu", "jurisdiction", "VN"),
    "jurisdiction code not ISO": cell("jurisdictions", "VN-HP", "id", "VN-HaiPhong"),
    "document implements itself through another": implements_cycle,
    "unknown column": extra_column,
    "missing column": missing_column,
    "ragged row": raw("topics", on_line(3, lambda b: b + b",extra"), 3),
    "bytes that are not UTF-8": raw("issuers", on_line(4, lambda b: b.replace(b"B", b"\xff", 1)), 4),
    "byte-order mark": raw("topics", lambda b: b"\xef\xbb\xbf" + b, 1),
    "empty file": raw("sources", lambda b: b"", 1),
    "binary file": raw("sources", lambda b: b"\x89PNG\r\n\x1a\n\x00\x00\x00", 3),
    "unclosed quote": raw("topics", on_line(5, lambda b: b.replace(b'"', b"", 1)), 5),
    "blank line": raw("issuers", on_line(3, lambda b: b"\n" + b), 3),
    "missing file": missing_file,
    "descriptor is not JSON": descriptor_not_json,
    "descriptor lacks a resource": descriptor_missing_resource,
    "descriptor path escapes the package": descriptor_unsafe_path,
    "descriptor rule names no field": descriptor_rule_names_no_field,
    "line numbers follow multi-line cells": line_numbers_follow_multiline_cells,
    # tasks, events, people and progress (issue 11)
    "task set by a document and an event": cell("tasks", TASK_BY_EVENT, "set_by_resolution", "72-nq-tw"),
    "task set by nothing": on_column(cell("tasks", TASK_BY_EVENT, "set_by_event", ""), "set_by_resolution"),
    "task deadline before its event": cell("tasks", TASK_BY_EVENT, "deadline", "2024-12"),
    "task deadline before its document": cell("tasks", TASK_BY_DOCUMENT, "deadline", "2024"),
    "task jurisdiction differs from its plan": cell("tasks", TASK_BY_PLAN, "jurisdiction", "VN-HP"),
    "unknown event setting a task": cell("tasks", TASK_BY_EVENT, "set_by_event", "no-such-event"),
    "unknown responsible body of a task": cell("tasks", TASK_BY_EVENT, "responsible", "no-such-body"),
    "unknown coordinating body": cell("tasks", TASK_BY_EVENT, "coordinating", "ministry-of-finance;no-such-body"),
    "unknown responsible body of a target": cell("targets", TARGET, "responsible", "no-such-body"),
    "unknown chair of an event": cell("events", SESSION, "chair", "no-such-person"),
    "unknown person at an event": cell("events", SESSION, "people", "to-lam;no-such-person"),
    "unknown body at an event": cell("events", SESSION, "bodies", "no-such-body"),
    "Vietnamese event title copied from English": cell("events", SESSION, "title_vi", SESSION_TITLE),
    "event after the release date": cell("events", SESSION, "date", "2027"),
    "position without its date": cell("people", "to-lam", "position_date", ""),
    "position date without a position": position_date_without_position,
    "position in English only": cell("people", "to-lam", "position_vi", ""),
    "progress on a task and a target": on_column(cell("progress", DONE_REPORT, "target_id", TARGET), "task_id"),
    "progress on nothing": cell("progress", DONE_REPORT, "task_id", ""),
    "progress after the release date": cell("progress", DONE_REPORT, "date", "2026-12-08"),
    "done report without source wording": cell("progress", DONE_REPORT, "source_wording", ""),
    "progress without a source": cell("progress", DONE_REPORT, "source", ""),
    "progress with an unknown source": cell("progress", DONE_REPORT, "source", "no-such-source"),
    "value on a task report": cell("progress", DONE_REPORT, "value", "3"),
    # every pair of columns X_vi and X_en (issue 12)
    "Vietnamese notes missing": cell("resolutions", "71-nq-tw", "notes_vi", ""),
    "English notes missing": cell("resolutions", "71-nq-tw", "notes_en", ""),
    "Vietnamese unit missing": cell("targets", TARGET, "unit_vi", ""),
    "English position missing": cell("people", "to-lam", "position_en", ""),
    "decomposed Vietnamese summary (not NFC)": cell("events", SESSION, "summary_vi", DECOMPOSED_SUMMARY),
    "Vietnamese description without a Vietnamese letter": cell(
        "topics", "culture", "description_vi", "Cultural development, as recorded in the news"
    ),
    "English summary copied from Vietnamese": same_as_english("resolutions", "71-nq-tw", "summary", "vi"),
    "Vietnamese indicator copied from English": same_as_english("targets", TARGET, "indicator", "en"),
}

# What follows `file:line: column:` in the validator's line for each case.
MESSAGES: dict[str, str] = {
    "deadline month 13": '"2030-13-01" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)',
    "deadline 30 February": '"2030-02-30" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)',
    "deadline before the plan": '"2024" is before the date of the document that sets it (2025-12-03)',
    "target set by two documents": '"72-nq-tw" is filled and so is local_plan_id: a target is set by exactly one document, keep one',  # noqa: E501
    "target set by no document": "is empty and so is local_plan_id: fill one with the id of the document that sets the target",  # noqa: E501
    "comma decimal": '"95,5" is not a number (expected digits with a dot as decimal separator, e.g. 95.5)',
    "unknown comparator": '"≥" is not one of: >, >=, =, <=, <',
    "value without comparator": '"" is empty but value is filled (a quantified target needs comparator, value and unit)',  # noqa: E501
    "negative value": '"-1" is below the minimum 0',
    "percentage over 100": '"120" is not a percentage between 0 and 100',
    "unknown source": '"no-such-source" is not the id of any row in datapackage/data/sources.csv',
    "unknown plan": '"no-such-plan" is not the id of any row in datapackage/data/local_plans.csv',
    "unknown implemented document": '"99-ct-tw" is not the id of any row in datapackage/data/resolutions.csv',
    "unknown topic in a list": '"no-such-topic" is not the id of any row in datapackage/data/topics.csv',
    "empty item in a list": "\"health-insurance;;prevention\" has an empty item (separate ids with a single ';', no spaces)",  # noqa: E501
    "record without a source": '"" is empty but required',
    "duplicate id": '"72-nq-tw" is already used on line 2 (ids must be unique)',
    "duplicate official number": '"72-NQ/TW" is already used on line 2 (each number must be unique)',
    "malformed official number": '"NQ 71" is not an official number such as 72-NQ/TW, 282/NQ-CP, 281/QĐ-TTg, 43/2025/TT-BYT or 261/2025/QH15',  # noqa: E501
    "unknown status": '"draft" is not one of: issued, in-preparation, under-study',
    "future issue date": f'"2999-01-01" is in the future (today is {date.today().isoformat()})',
    "excerpt too long": '"dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài…" is 320 characters long (at most 300)',  # noqa: E501
    "excerpt language differs from source": '"en" differs from the language of source hanoi-health-insurance-95-percent (vi)',  # noqa: E501
    "language not BCP 47": '"Vietnamese" is not a BCP 47 language code such as vi, en, fr or pl',
    "excerpt about nothing": '"" is empty, and so are local_plan_ids and target_ids: an excerpt concerns at least one record',  # noqa: E501
    "ftp URL": '"ftp://nhandan.vn/a" is not an http(s) URL',
    "javascript URL": '"javascript:alert(1)" is not an http(s) URL',
    "duplicate URL": '"https://thanhnien.vn/tong-bi-thu-mien-vien-phi-toan-dan-tu-giai-doan-2030-2035-…" is the same URL as the source on line 2 (merge the two)',  # noqa: E501
    "uncited source": '"orphan-source" is not cited by any record (cite it or remove it)',
    "translated source without notes": '"" is empty but the source is a translation (language fr, original_language vi): say where the translation comes from',  # noqa: E501
    "decomposed Vietnamese (not NFC)": '"Bộ Chính trị" is not in Unicode NFC form (re-save it as NFC: composed Vietnamese diacritics)',  # noqa: E501
    "Vietnamese title copied from English": '"Politburo Resolution No. 71-NQ/TW on breakthroughs in education and training de…" is the same as title_en (write it in Vietnamese)',  # noqa: E501
    "trailing space": '"Culture " has spaces at the start or end (remove them)',
    "local plan for the whole country": '"VN" is the whole country: national documents belong in resolutions.csv',
    "jurisdiction code not ISO": '"VN-HaiPhong" is not an ISO 3166-2:VN code such as VN-HN, or VN',
    "document implements itself through another": '"282-nq-cp" leads back to 72-nq-tw itself (a document cannot implement itself)',  # noqa: E501
    "unknown column": '"colour" is not a column of this table (expected id,name_en,name_vi,description_vi,description_en)',  # noqa: E501
    "missing column": "column is missing from the header",
    "ragged row": "has 6 values but the header has 5 columns",
    "bytes that are not UTF-8": "byte 0xff is not valid UTF-8 (save the file as UTF-8)",
    "byte-order mark": "starts with a byte-order mark (save as UTF-8 without BOM)",
    "empty file": "file is empty (expected a header row: id,url,outlet,author,published,language,original_language,title,title_vi,title_en,notes_vi,notes_en)",  # noqa: E501
    "binary file": "contains binary data (a NUL byte), not text",
    "unclosed quote": "has 8 values but the header has 5 columns",
    "blank line": "is a blank row (delete it)",
    "missing file": "file not found (the descriptor's resource 'jurisdictions' points to it)",
    "descriptor is not JSON": "is not valid JSON: Expecting property name enclosed in double quotes (column 43)",
    "descriptor lacks a resource": '"topics" resource is missing',
    "descriptor path escapes the package": '"../../etc/passwd.csv" must be a relative path inside the package folder',
    "descriptor rule names no field": '"local_plan" is not a field of targets (expected one of: id, resolution_id, local_plan_id, jurisdiction, topic, indicator_vi, indicator_en, comparator, value, unit_vi, unit_en, deadline, baseline_value, baseline_date, responsible, source_wording, source, notes_vi, notes_en, value_misprint, searched)',  # noqa: E501
    "line numbers follow multi-line cells": '"no-such-issuer" is not the id of any row in datapackage/data/issuers.csv',
    "task set by a document and an event": '"72-nq-tw" is filled and so is set_by_event: a task is set by exactly one document or event, keep one',  # noqa: E501
    "task set by nothing": "is empty and so are set_by_local_plan and set_by_event: fill one with the id of the document or event that sets the task",  # noqa: E501
    "task deadline before its event": '"2024-12" is before the date of the event that sets it (2025-10-10)',
    "task deadline before its document": '"2024" is before the date of the document that sets it (2025)',
    "task jurisdiction differs from its plan": '"VN-HP" differs from the jurisdiction of local plan hanoi-grassroots-health-plan (VN-HN)',  # noqa: E501
    "unknown event setting a task": '"no-such-event" is not the id of any row in datapackage/data/events.csv',
    "unknown responsible body of a task": '"no-such-body" is not the id of any row in datapackage/data/issuers.csv',
    "unknown coordinating body": '"no-such-body" is not the id of any row in datapackage/data/issuers.csv',
    "unknown responsible body of a target": '"no-such-body" is not the id of any row in datapackage/data/issuers.csv',
    "unknown chair of an event": '"no-such-person" is not the id of any row in datapackage/data/people.csv',
    "unknown person at an event": '"no-such-person" is not the id of any row in datapackage/data/people.csv',
    "unknown body at an event": '"no-such-body" is not the id of any row in datapackage/data/issuers.csv',
    "Vietnamese event title copied from English": '"Working session of General Secretary To Lam with the Government Party Committee…" is the same as title_en (write it in Vietnamese)',  # noqa: E501
    "event after the release date": '"2027" is after the package\'s release date (2026-12-07, the day of "created" in datapackage.json)',  # noqa: E501
    "position without its date": '"" is empty but position_vi is filled (say when the source gives the position)',
    "position date without a position": '"2025" is filled but position_vi and position_en are empty (a date goes with a position)',  # noqa: E501
    "position in English only": '"" is empty but position_en is filled (write it in Vietnamese too)',
    "progress on a task and a target": '"government-action-programme-72" is filled and so is target_id: a progress report is about exactly one task or target, keep one',  # noqa: E501
    "progress on nothing": "is empty and so is target_id: fill one with the id of the task or target it reports on",
    "progress after the release date": '"2026-12-08" is after the package\'s release date (2026-12-07, the day of "created" in datapackage.json)',  # noqa: E501
    "done report without source wording": '"" is empty but required',
    "progress without a source": '"" is empty but required',
    "progress with an unknown source": '"no-such-source" is not the id of any row in datapackage/data/sources.csv',
    "value on a task report": '"3" is filled but the report is on task government-action-programme-72: a task has no value (leave it empty)',  # noqa: E501
    "Vietnamese notes missing": '"" is empty but notes_en is filled (write it in Vietnamese too)',
    "English notes missing": '"" is empty but notes_vi is filled (write it in English too)',
    "Vietnamese unit missing": '"" is empty but unit_en is filled (write it in Vietnamese too)',
    "English position missing": '"" is empty but position_vi is filled (write it in English too)',
    "decomposed Vietnamese summary (not NFC)": f'"{DECOMPOSED_SUMMARY}" is not in Unicode NFC form (re-save it as NFC: composed Vietnamese diacritics)',  # noqa: E501
    "Vietnamese description without a Vietnamese letter": '"Cultural development, as recorded in the news" is not Vietnamese: it has no Vietnamese letter (write it in Vietnamese)',  # noqa: E501
    "English summary copied from Vietnamese": '"Nghị quyết về giáo dục và đào tạo, được đưa vào dữ liệu vì các nguồn về cải các…" is the same as summary_en (write it in Vietnamese)',  # noqa: E501
    "Vietnamese indicator copied from English": '"Permanent doctors at each commune, ward and township health station" is the same as indicator_en (write it in Vietnamese)',  # noqa: E501
}


@pytest.mark.parametrize("name", CASES)
def test_broken_variant_is_reported_precisely(
    name: str, package: PackageCopy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    relpath, line, column = CASES[name](package)
    before = {p: p.read_bytes() for p in package.root.rglob("*") if p.is_file()}
    monkeypatch.chdir(package.root.parent)  # in-process (fast); the CLI's own process is tested below
    code = main(["validate", "datapackage"])
    result = Result(code, *capsys.readouterr())
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err and result.err == ""
    where = f"datapackage/{relpath}" + (f":{line}" if line else "") + (f": {column}:" if column else ":")
    problems = result.out.splitlines()[:-1]
    assert any(p.startswith(where) for p in problems), f"expected a line starting {where!r} in:\n{result.out}"
    assert f"{where} {MESSAGES[name]}" in problems, f"expected {MESSAGES[name]!r} after {where!r} in:\n{result.out}"
    assert "problem" in result.out.splitlines()[-1]
    after = {p: p.read_bytes() for p in package.root.rglob("*") if p.is_file()}
    assert after == before, "validation must not modify the files it reads"


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25 + 12
    assert set(MESSAGES) == set(CASES)


def test_issue_example_message(package: PackageCopy) -> None:
    line = package.set_cell("targets", TARGET, "deadline", "2030-13-01")
    result = run_cli("validate", "datapackage", cwd=package.root.parent)
    expected = (
        f'datapackage/data/targets.csv:{line}: deadline: "2030-13-01" '
        "is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    assert expected in result.out.splitlines()


def test_line_of_helper_agrees_with_file(package: PackageCopy) -> None:
    assert line_of(package.csv("jurisdictions"), "VN") == 2


@pytest.mark.parametrize(
    ("resource", "record", "column"),
    [("people", "tran-cam-tu", "source"), ("tasks", TASK_BY_EVENT, "source"), ("events", SESSION, "sources")],
)
def test_source_cited_only_by_a_new_record_is_cited(
    resource: str,
    record: str,
    column: str,
    package: PackageCopy,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A source that only a person, a task or an event cites is cited: the package stays valid."""
    package.append_row(
        "sources",
        id="new-source",
        url="https://example.org/new",
        outlet="Example News",
        published="2026-01-02",
        language="en",
        title="A new article",
        title_vi="[Một bài báo mới]",
        title_en="A new article",
    )
    old = read_rows(package.csv(resource))
    current = next(row[column] for row in old if row["id"] == record)
    package.set_cell(resource, record, column, f"{current};new-source" if column == "sources" else "new-source")
    monkeypatch.chdir(package.root.parent)
    code = main(["validate", "datapackage"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("datapackage: valid")


@pytest.mark.parametrize(
    ("resource", "record", "column", "value"),
    [
        ("jurisdictions", "VN-HP", "name_vi", "Hai Phong"),  # spelt as name_en: allowed
        ("jurisdictions", "VN-HP", "name_vi", "Gia Lai"),  # no Vietnamese letter: allowed
        ("targets", TARGET, "unit_vi", "doctors per health station"),  # as unit_en: allowed
        ("targets", TARGET, "unit_vi", "%"),
    ],
)
def test_may_equal_english_fields_pass(
    resource: str,
    record: str,
    column: str,
    value: str,
    package: PackageCopy,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """x-may-equal-english: a Vietnamese place name or unit may be spelt as in English, with no
    Vietnamese letter; the package stays valid."""
    package.set_cell(resource, record, column, value)
    monkeypatch.chdir(package.root.parent)
    code = main(["validate", "datapackage"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("datapackage: valid")
