"""Unit tests of tracker.load: reading bytes, the descriptor rules and the CSV structure rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import frictionless
import pytest
from tables import COLUMNS, descriptor

from tracker import load
from tracker.load import Package, Problem, Table

SHOWN = "pkg/datapackage.json"


def check(desc: Any) -> list[str]:
    return [problem.text() for problem in load.check_descriptor(desc, SHOWN)]


def changed(edit: Any) -> dict[str, Any]:
    desc = descriptor()
    edit(desc)
    return desc


def first_field(desc: dict[str, Any]) -> dict[str, Any]:
    return desc["resources"][0]["schema"]["fields"][0]


# Table and Package


def test_table_numbered_and_line_of_row() -> None:
    table = Table("topics", "data/topics.csv", ["id"], [{"id": "a"}, {"id": "b"}], [2, 5])
    assert list(table.numbered()) == [(2, {"id": "a"}), (5, {"id": "b"})]
    assert table.line_of_row(1) == 1
    assert table.line_of_row(0) == 1
    assert table.line_of_row(2) == 2
    assert table.line_of_row(3) == 5
    assert table.line_of_row(4) == 1
    with pytest.raises(ValueError):
        list(Table("t", "p", ["id"], [{"id": "a"}], []).numbered())


def test_package_helpers() -> None:
    package = Package(Path("x"), "shown/root", descriptor())
    assert package.shown("data/a.csv") == "shown/root/data/a.csv"
    assert Package(Path("x"), ".", {}).shown("data/a.csv") == "data/a.csv"
    assert package.resource("topics")["path"] == "data/topics.csv"
    assert [f["name"] for f in package.fields("topics")] == COLUMNS["topics"]
    assert package.tables == {}


def test_locate(tmp_path: Path) -> None:
    assert load.locate(str(tmp_path)) == (tmp_path / "datapackage.json", str(tmp_path))
    assert load.locate(str(tmp_path) + "/") == (tmp_path / "datapackage.json", str(tmp_path))
    assert load.locate("some/where/dp.json") == (Path("some/where/dp.json"), "some/where")
    assert load.locate("dp.json") == (Path("dp.json"), ".")
    (tmp_path / "X").mkdir()
    assert load.locate(str(tmp_path / "X") + "//") == (tmp_path / "X" / "datapackage.json", str(tmp_path / "X"))
    assert load.locate("/") == (Path("/datapackage.json"), ".")


# read_text


def read(tmp_path: Path, data: bytes) -> tuple[str | None, list[str]]:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    text, problems = load.read_text(tmp_path, "f.csv", "data/f.csv", "is missing")
    return text, [p.text() for p in problems]


def test_read_text_utf8(tmp_path: Path) -> None:
    assert read(tmp_path, "id\nHà Nội\r\n".encode()) == ("id\nHà Nội\r\n", [])
    assert read(tmp_path, b"") == ("", [])


def test_read_text_missing(tmp_path: Path) -> None:
    text, problems = load.read_text(tmp_path, "nope.csv", "data/nope.csv", "is not there")
    assert (text, [p.text() for p in problems]) == (None, ["data/nope.csv: is not there"])


def test_read_text_unreadable(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    text, problems = load.read_text(tmp_path, "data", "data", "is not there")
    assert (text, [p.text() for p in problems]) == (
        None,
        ["data: is a folder, not a file"],
    )


def test_read_text_nul(tmp_path: Path) -> None:
    assert read(tmp_path, b"a\nb\nc\x00d\n\x00") == (
        None,
        ["data/f.csv:3: contains binary data (a NUL byte), not text"],
    )
    assert read(tmp_path, b"\x00") == (None, ["data/f.csv:1: contains binary data (a NUL byte), not text"])


def test_read_text_bom(tmp_path: Path) -> None:
    assert read(tmp_path, b"\xef\xbb\xbfid\nx\n") == (
        None,
        ["data/f.csv:1: starts with a byte-order mark (save as UTF-8 without BOM)"],
    )


def test_read_text_bom_later_is_text(tmp_path: Path) -> None:
    assert read(tmp_path, b"id\n\xef\xbb\xbf\n") == ("id\n\ufeff\n", [])


def test_read_text_nul_before_bom(tmp_path: Path) -> None:
    assert read(tmp_path, b"\xef\xbb\xbf\x00")[1] == ["data/f.csv:1: contains binary data (a NUL byte), not text"]


def test_read_text_invalid_utf8(tmp_path: Path) -> None:
    assert read(tmp_path, "id\nHà\nNội ".encode() + b"\xe9\n") == (
        None,
        ["data/f.csv:3: byte 0xe9 is not valid UTF-8 (save the file as UTF-8)"],
    )
    assert read(tmp_path, b"\xff") == (None, ["data/f.csv:1: byte 0xff is not valid UTF-8 (save the file as UTF-8)"])


# read_descriptor


def write_descriptor(tmp_path: Path, text: str) -> None:
    (tmp_path / "datapackage.json").write_text(text, encoding="utf-8")


def test_read_descriptor_valid(tmp_path: Path) -> None:
    write_descriptor(tmp_path, json.dumps(descriptor()))
    package, problems = load.read_descriptor(str(tmp_path))
    assert problems == []
    assert package is not None
    assert package.root == tmp_path
    assert package.shown_root == str(tmp_path)
    assert package.descriptor == descriptor()
    assert package.tables == {}
    package, problems = load.read_descriptor(str(tmp_path / "datapackage.json"))
    assert problems == [] and package is not None and package.root == tmp_path


def test_read_descriptor_missing(tmp_path: Path) -> None:
    assert load.read_descriptor(str(tmp_path)) == (
        None,
        [
            Problem(
                f"{tmp_path}/datapackage.json", message="not found (expected a package folder or its datapackage.json)"
            )
        ],
    )


def test_read_descriptor_not_json(tmp_path: Path) -> None:
    write_descriptor(tmp_path, '{\n  "resources": [,]\n}')
    package, problems = load.read_descriptor(str(tmp_path))
    assert package is None
    assert [p.text() for p in problems] == [
        f"{tmp_path}/datapackage.json:2: is not valid JSON: Expecting value (column 17)"
    ]


def test_read_descriptor_nested_too_deeply(tmp_path: Path) -> None:
    write_descriptor(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert load.read_descriptor(str(tmp_path)) == (
        None,
        [Problem(f"{tmp_path}/datapackage.json", message="is not valid JSON: nested too deeply")],
    )


def test_read_descriptor_bom(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_bytes(b"\xef\xbb\xbf{}")
    package, problems = load.read_descriptor(str(tmp_path))
    assert package is None
    assert [p.text() for p in problems] == [
        f"{tmp_path}/datapackage.json:1: starts with a byte-order mark (save as UTF-8 without BOM)"
    ]


def test_read_descriptor_invalid(tmp_path: Path) -> None:
    write_descriptor(tmp_path, "[]")
    assert load.read_descriptor(str(tmp_path)) == (
        None,
        [Problem(f"{tmp_path}/datapackage.json", message="must be a JSON object with a list of resources")],
    )


# check_descriptor


def test_descriptor_valid() -> None:
    assert check(descriptor()) == []


@pytest.mark.parametrize("value", [[], "x", None, 3])
def test_descriptor_not_an_object(value: Any) -> None:
    assert check(value) == [f"{SHOWN}: must be a JSON object with a list of resources"]


@pytest.mark.parametrize("value", [None, {}, "data.csv"])
def test_descriptor_resources_not_a_list(value: Any) -> None:
    desc = {"resources": value} if value is not None else {}
    assert check(desc) == [f"{SHOWN}: resources: must be a list of resources"]


def test_resource_not_an_object() -> None:
    desc = changed(lambda d: d["resources"].insert(1, "topics"))
    assert check(desc) == [f"{SHOWN}: resources[1]: must be a JSON object"]


@pytest.mark.parametrize("name", [None, "", 3])
def test_resource_without_name(name: Any) -> None:
    desc = changed(lambda d: d["resources"].append({"name": name, "path": "x.csv"}))
    assert check(desc) == [f"{SHOWN}: resources[12].name: is missing (every resource needs a name)"]


def test_resource_problems_after_one_without_name_or_not_an_object() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["resources"][0:0] = [3, {"path": "x.csv"}]
        d["resources"][4]["path"] = "x.tsv"

    desc = changed(edit)
    assert check(desc) == [
        f"{SHOWN}: resources[0]: must be a JSON object",
        f"{SHOWN}: resources[1].name: is missing (every resource needs a name)",
        f'{SHOWN}: resources[4].path: "x.tsv" must name a .csv file',
    ]


def test_resource_name_twice() -> None:
    desc = changed(lambda d: d["resources"].append(copy.deepcopy(d["resources"][-1])))
    assert check(desc) == [f'{SHOWN}: resources[12].name: "topics" is used by two resources']


def test_resource_missing() -> None:
    desc = changed(lambda d: d["resources"].pop(2))
    assert check(desc) == [f'{SHOWN}: resources: "targets" resource is missing']


def test_a_resource_the_code_does_not_name_is_accepted() -> None:
    """A new resource is a schema and a CSV file: no list in the code to add it to."""
    extra = lambda d: d["resources"].append(dict(copy.deepcopy(d["resources"][-1]), name="extra"))  # noqa: E731
    assert check(changed(extra)) == []


@pytest.mark.parametrize("path", [None, "", 3])
def test_resource_path_not_a_path(path: Any) -> None:
    desc = changed(lambda d: d["resources"][0].update(path=path))
    assert check(desc) == [f"{SHOWN}: resources[0].path: must be the relative path of a CSV file"]


@pytest.mark.parametrize(
    "path", ["/etc/x.csv", "../x.csv", "data/../../x.csv", "https://example.org/x.csv", "data\\x.csv", "file://x.csv"]
)
def test_resource_path_outside(path: str) -> None:
    desc = changed(lambda d: d["resources"][0].update(path=path))
    assert check(desc) == [
        f"{SHOWN}: resources[0].path: {json.dumps(path)} must be a relative path inside the package folder"
    ]


@pytest.mark.parametrize("path", ["data/x.tsv", "data/x", "data/x.CSV", "data/x.csv.gz"])
def test_resource_path_not_csv(path: str) -> None:
    desc = changed(lambda d: d["resources"][0].update(path=path))
    assert check(desc) == [f'{SHOWN}: resources[0].path: "{path}" must name a .csv file']


@pytest.mark.parametrize("schema", [None, "s.json", {}, {"fields": {}}, {"fields": []}])
def test_schema_without_fields(schema: Any) -> None:
    desc = changed(lambda d: d["resources"][1].update(schema=schema))
    assert check(desc) == [f"{SHOWN}: resources[1].schema: must be a Table Schema with a list of fields"]


@pytest.mark.parametrize("fld", ["id", {}, {"name": ""}, {"name": 3}])
def test_field_without_name(fld: Any) -> None:
    desc = changed(lambda d: d["resources"][1]["schema"]["fields"].insert(2, fld))
    assert check(desc) == [f"{SHOWN}: resources[1].schema.fields[2]: must be an object with a name"]


def test_field_problems_after_one_without_name() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["resources"][1]["schema"]["fields"][0:0] = [{}, {"name": "x", "type": 1}]

    desc = changed(edit)
    assert check(desc) == [
        f"{SHOWN}: resources[1].schema.fields[0]: must be an object with a name",
        f'{SHOWN}: resources[1].schema.fields[1].type: "1" must be a string',
    ]


def test_field_name_twice() -> None:
    desc = changed(
        lambda d: d["resources"][1]["schema"]["fields"].append({"name": "id", "constraints": {"pattern": "^x$"}})
    )
    assert check(desc) == [f'{SHOWN}: resources[1].schema.fields[16].name: "id" is used by two fields']


def test_field_constraints_not_an_object() -> None:
    desc = changed(lambda d: first_field(d).update(constraints=["required"], type=3))
    assert check(desc) == [f"{SHOWN}: resources[0].schema.fields[0].constraints: must be a JSON object"]


@pytest.mark.parametrize("pattern", ["[a-z", "(", 3])
def test_field_pattern_invalid(pattern: Any) -> None:
    desc = changed(lambda d: first_field(d).update(constraints={"pattern": pattern}))
    assert check(desc) == [
        f'{SHOWN}: resources[0].schema.fields[0].constraints.pattern: "{pattern}" is not a regular expression the '
        "validator accepts (RE2 syntax, which runs in linear time: no back-references or look-arounds)"
    ]


def test_field_x_references_unknown() -> None:
    desc = changed(lambda d: first_field(d).update({"x-references": "persons"}))
    assert check(desc) == [
        f'{SHOWN}: resources[0].schema.fields[0].x-references: "persons" must name a resource of the package '
        "(events, issuers, jurisdictions, local_plans, news_excerpts, people, progress, resolutions, sources, targets, "
        "tasks, topics)"
    ]


@pytest.mark.parametrize("key", ["x-expected", "type"])
def test_field_not_a_string(key: str) -> None:
    desc = changed(lambda d: first_field(d).update({key: ["a"]}))
    assert check(desc) == [f"{SHOWN}: resources[0].schema.fields[0].{key}: \"['a']\" must be a string"]


def test_field_several_problems_in_order() -> None:
    def edit(d: dict[str, Any]) -> None:
        first_field(d).update({"constraints": {"pattern": "("}, "x-references": "x", "x-expected": 1, "type": 2})

    assert [line.split(": ")[1] for line in check(changed(edit))] == [
        "resources[0].schema.fields[0].constraints.pattern",
        "resources[0].schema.fields[0].x-references",
        "resources[0].schema.fields[0].x-expected",
        "resources[0].schema.fields[0].type",
    ]


def test_rules_name_fields_of_their_resource() -> None:
    """x-one-of, x-setter and x-summary name fields of the resource's schema, in the file's words."""

    def edit(d: dict[str, Any]) -> None:
        d["resources"][2]["schema"]["x-one-of"][0]["fields"][1] = "local_plan"
        d["resources"][5]["x-setter"]["date"] = "held_on"
        d["resources"][4]["x-summary"] = "action"

    fields = ", ".join(COLUMNS["targets"])
    assert check(changed(edit)) == [
        f'{SHOWN}: resources[2].schema.x-one-of[0].fields: "local_plan" is not a field of targets '
        f"(expected one of: {fields})",
        f'{SHOWN}: resources[4].x-summary: "action" is not a field of tasks (expected one of: '
        f"{', '.join(COLUMNS['tasks'])})",
        f'{SHOWN}: resources[5].x-setter.date: "held_on" is not a field of events (expected one of: '
        f"{', '.join(COLUMNS['events'])})",
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d["resources"][2]["schema"].update({"x-one-of": {}}),
            "2].schema.x-one-of: must be a list of groups",
        ),
        (
            lambda d: d["resources"][2]["schema"]["x-one-of"][0].pop("what"),
            '2].schema.x-one-of[0]: must be an object with "fields" (at least two), "rule" and "what"',
        ),
        (
            lambda d: d["resources"][2]["schema"]["x-one-of"][0].update(fields=["id"]),
            "2].schema.x-one-of[0].fields: \"['id']\" must be a list of at least two different fields",
        ),
        (
            lambda d: d["resources"][2]["schema"]["x-one-of"][0].update(rule=""),
            '2].schema.x-one-of[0].rule: "" must be a phrase (a non-empty string)',
        ),
        (
            lambda d: d["resources"][5].update({"x-setter": "date"}),
            '5].x-setter: must be an object with a "date" (a field), a "noun" and optionally a "jurisdiction" '
            '(e.g. {"date": "date", "noun": "event"})',
        ),
        (
            lambda d: d["resources"][2]["schema"]["x-one-of"][0].update(what=" "),
            '2].schema.x-one-of[0].what: " " must be a phrase (a non-empty string)',
        ),
        (
            lambda d: d["resources"][5].update({"x-setter": {"date": "date"}}),
            '5].x-setter: must be an object with a "date" (a field), a "noun" and optionally a "jurisdiction" '
            '(e.g. {"date": "date", "noun": "event"})',
        ),
        (
            lambda d: d["resources"][5]["x-setter"].update(noun=""),
            '5].x-setter.noun: "" must be a phrase (a non-empty string)',
        ),
        (
            lambda d: d["resources"][1]["x-setter"].update(jurisdiction=3),
            '1].x-setter.jurisdiction: "3" must be a phrase (a non-empty string)',
        ),
        (
            lambda d: d["resources"][0]["x-setter"].update(jurisdiction="document"),
            "0].x-setter.jurisdiction: is set but resolutions has no jurisdiction field",
        ),
        (
            lambda d: d["resources"][8].update({"x-printed": {"field": "title"}}),
            '8].x-printed: must be an object with a "field", a "language" (fields) and a "noun" '
            '(e.g. {"field": "title", "language": "language", "noun": "headline"})',
        ),
        (
            lambda d: d["resources"][8]["x-printed"].update(field="headline"),
            '8].x-printed.field: "headline" is not a field of sources (expected one of: '
            + ", ".join(COLUMNS["sources"])
            + ")",
        ),
        (
            lambda d: d["resources"][8]["x-printed"].update(noun=" "),
            '8].x-printed.noun: " " must be a phrase (a non-empty string)',
        ),
        (
            lambda d: d["resources"][8]["x-printed"].update(language="lang"),
            '8].x-printed.language: "lang" is not a field of sources (expected one of: '
            + ", ".join(COLUMNS["sources"])
            + ")",
        ),
        (
            lambda d: d["resources"][6].update({"x-singular": "Person"}),
            '6].x-singular: "Person" must be the resource\'s name in the singular, in lowercase letters '
            "(people: person)",
        ),
        (
            lambda d: d["resources"][5]["schema"]["fields"][1].update({"x-not-after-release": "yes"}),
            '5].schema.fields[1].x-not-after-release: "yes" must be true or false',
        ),
    ],
)
def test_rules_malformed(edit: Any, expected: str) -> None:
    assert check(changed(edit)) == [f"{SHOWN}: resources[{expected}"]


def test_rules_every_malformed_group() -> None:
    """A malformed `x-one-of` group does not hide the groups after it."""

    def edit(d: dict[str, Any]) -> None:
        group = d["resources"][4]["schema"]["x-one-of"][0]
        d["resources"][4]["schema"]["x-one-of"] = [{"fields": group["fields"]}, dict(group, rule="")]

    assert check(changed(edit)) == [
        f'{SHOWN}: resources[4].schema.x-one-of[0]: must be an object with "fields" (at least two), "rule" and "what"',
        f'{SHOWN}: resources[4].schema.x-one-of[1].rule: "" must be a phrase (a non-empty string)',
    ]


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "utf8"])
def test_resource_encoding(encoding: str) -> None:
    desc = changed(lambda d: d["resources"][3].update(encoding=encoding))
    assert check(desc) == [f'{SHOWN}: resources[3].encoding: "{encoding}" must be utf-8']


def test_resource_encoding_case_and_default() -> None:
    assert check(changed(lambda d: d["resources"][3].update(encoding="UTF-8"))) == []
    assert check(changed(lambda d: d["resources"][3].pop("encoding"))) == []


def test_resource_dialect() -> None:
    desc = changed(lambda d: d["resources"][3].update(dialect={"delimiter": ";"}))
    assert check(desc) == [
        f"{SHOWN}: resources[3].dialect: is not supported: the files are comma-separated UTF-8 CSV with a header row"
    ]


def test_our_problems_come_before_frictionless() -> None:
    desc = changed(lambda d: (first_field(d).update(type="nonsense"), d["resources"][3].update(encoding="latin-1")))
    assert check(desc) == [f'{SHOWN}: resources[3].encoding: "latin-1" must be utf-8']


def test_frictionless_validation() -> None:
    desc = changed(lambda d: first_field(d).update(type="nonsense"))
    assert check(desc) == [f'{SHOWN}: field error: field type "nonsense" is not supported']
    desc = changed(lambda d: d.update(name="bad/../name"))
    assert check(desc) == [
        f'{SHOWN}: name: "bad/../name" must be letters, digits and single hyphens or underscores between them '
        "(it names a file or folder)"
    ]


class FakePackage:
    """frictionless.Package whose descriptor validates but whose construction fails."""

    reasons: list[Any] = []

    def __init__(self, descriptor: dict[str, Any] | None) -> None:
        if descriptor is None:  # frictionless.Package() is an empty package
            return
        error = frictionless.errors.PackageError(note="descriptor is not valid")
        exception = frictionless.FrictionlessException(error)
        exception._FrictionlessException__reasons = self.reasons  # type: ignore[attr-defined]
        raise exception

    @staticmethod
    def validate_descriptor(descriptor: dict[str, Any]) -> Any:
        return SimpleNamespace(errors=[])


def test_frictionless_construction_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load.frictionless, "Package", FakePackage)
    assert check(descriptor()) == [f"{SHOWN}: package error: descriptor is not valid"]
    FakePackage.reasons = [
        frictionless.errors.FieldError(note="first reason"),
        frictionless.errors.SchemaError(note="second reason"),
    ]
    try:
        assert check(descriptor()) == [f"{SHOWN}: field error: first reason", f"{SHOWN}: schema error: second reason"]
    finally:
        FakePackage.reasons = []


def test_frictionless_several_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    errors = [frictionless.errors.FieldError(note="a"), frictionless.errors.PackageError(note="b")]
    monkeypatch.setattr(
        load.frictionless.Package, "validate_descriptor", staticmethod(lambda d: SimpleNamespace(errors=errors))
    )
    assert check(descriptor()) == [f"{SHOWN}: field error: a", f"{SHOWN}: package error: b"]


# read_table


def write_package(tmp_path: Path, name: str, data: bytes | None) -> Package:
    (tmp_path / "data").mkdir(exist_ok=True)
    if data is not None:
        (tmp_path / "data" / f"{name}.csv").write_bytes(data)
    return Package(tmp_path, "pkg", descriptor())


def read_topics(tmp_path: Path, text: str | bytes | None) -> tuple[Table | None, list[str]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    table, problems = load.read_table(write_package(tmp_path, "topics", data), "topics")
    return table, [p.text() for p in problems]


TOPICS = "id,name_en,name_vi,description_vi,description_en"
HEADER = TOPICS + "\n"


def test_read_table(tmp_path: Path) -> None:
    text = HEADER + 'a,A,Ă,B,"two\nlines"\r\nb,B,,,\n'
    table, problems = read_topics(tmp_path, text)
    assert problems == []
    assert table == Table(
        "topics",
        "pkg/data/topics.csv",
        COLUMNS["topics"],
        [
            {"id": "a", "name_en": "A", "name_vi": "Ă", "description_vi": "B", "description_en": "two\nlines"},
            {"id": "b", "name_en": "B", "name_vi": "", "description_vi": "", "description_en": ""},
        ],
        [2, 4],
    )


def test_read_table_keeps_carriage_returns_in_quoted_cells(tmp_path: Path) -> None:
    table, problems = read_topics(tmp_path, HEADER + 'a,A,B,B,"C\r\nD\rE"\r\n')
    assert problems == []
    assert table is not None and table.rows[0]["description_en"] == "C\r\nD\rE"


def test_read_table_header_only(tmp_path: Path) -> None:
    table, problems = read_topics(tmp_path, HEADER)
    assert problems == [] and table is not None and table.rows == [] and table.lines == []


def test_read_table_missing(tmp_path: Path) -> None:
    assert read_topics(tmp_path, None) == (
        None,
        ["pkg/data/topics.csv: file not found (the descriptor's resource 'topics' points to it)"],
    )


def test_read_table_bytes_problem(tmp_path: Path) -> None:
    assert read_topics(tmp_path, b"\xef\xbb\xbf" + HEADER.encode()) == (
        None,
        ["pkg/data/topics.csv:1: starts with a byte-order mark (save as UTF-8 without BOM)"],
    )


@pytest.mark.parametrize("text", ["", "\n", " \r\n \n"])
def test_read_table_empty(tmp_path: Path, text: str) -> None:
    assert read_topics(tmp_path, text) == (
        None,
        ["pkg/data/topics.csv:1: file is empty (expected a header row: " + TOPICS + ")"],
    )


def test_read_table_bad_quotes(tmp_path: Path) -> None:
    table, problems = read_topics(tmp_path, HEADER + "a,A,B,C,D\n" + 'b,"B"x,C,D,E\n')
    assert table is None
    assert problems == [
        "pkg/data/topics.csv:3: is not well-formed CSV: ',' expected after '\"' (check the quotes on this row)"
    ]


def test_read_table_bad_quotes_after_a_multiline_cell(tmp_path: Path) -> None:
    table, problems = read_topics(tmp_path, HEADER + 'a,A,B,C,"D\nE"\n' + 'b,"B"x,C,D,E\n')
    assert problems[0].startswith("pkg/data/topics.csv:4: is not well-formed CSV")


def test_read_table_unknown_column(tmp_path: Path) -> None:
    table, problems = read_topics(tmp_path, "id,name_en,name_vi,description_vi,description_en,extra\n")
    assert table is None
    assert problems == [f'pkg/data/topics.csv:1: extra: "extra" is not a column of this table (expected {TOPICS})']


def test_read_table_missing_column(tmp_path: Path) -> None:
    assert read_topics(tmp_path, "id,name_en,description_vi,description_en\na,b,c,d\n") == (
        None,
        ["pkg/data/topics.csv:1: name_vi: column is missing from the header"],
    )


def test_read_table_column_twice(tmp_path: Path) -> None:
    assert read_topics(tmp_path, "id,name_en,name_vi,description_vi,description_en,id,name_vi\n") == (
        None,
        [
            "pkg/data/topics.csv:1: id: column appears twice in the header",
            "pkg/data/topics.csv:1: name_vi: column appears twice in the header",
        ],
    )


def test_read_table_columns_out_of_order(tmp_path: Path) -> None:
    assert read_topics(tmp_path, "id,name_vi,name_en,description_vi,description_en\n") == (
        None,
        [f"pkg/data/topics.csv:1: columns are out of order (expected {TOPICS})"],
    )


def test_read_table_header_problems_together(tmp_path: Path) -> None:
    _, problems = read_topics(tmp_path, "name_en,x,name_en,id\n")
    assert problems == [
        f'pkg/data/topics.csv:1: x: "x" is not a column of this table (expected {TOPICS})',
        "pkg/data/topics.csv:1: name_vi: column is missing from the header",
        "pkg/data/topics.csv:1: description_vi: column is missing from the header",
        "pkg/data/topics.csv:1: description_en: column is missing from the header",
        "pkg/data/topics.csv:1: name_en: column appears twice in the header",
    ]


def test_read_table_rows(tmp_path: Path) -> None:
    text = HEADER + "a,A,B,C,D\n\nb,B,C,D\nc,A,B,C,D,E\nd,A,B,C,D\n"
    assert read_topics(tmp_path, text) == (
        None,
        [
            "pkg/data/topics.csv:3: is a blank row (delete it)",
            "pkg/data/topics.csv:4: has 4 values but the header has 5 columns",
            "pkg/data/topics.csv:5: has 6 values but the header has 5 columns",
        ],
    )


def test_references_reads_foreign_keys_and_list_fields_only() -> None:
    resource = {
        "name": "targets",
        "schema": {
            "fields": [
                {"name": "id", "type": "string"},
                {"name": "parent", "type": "string"},
                {"name": "source", "type": "string"},
                {"name": "a", "type": "string"},
                {"name": "b", "type": "string"},
                {"name": "topics", "type": "list", "x-references": "topics"},
                {"name": "note", "type": "string", "x-references": "sources"},
            ],
            "foreignKeys": [
                {"fields": "source", "reference": {"resource": "sources", "fields": "id"}},
                {"fields": "parent", "reference": {"resource": "", "fields": "id"}},
                {"fields": ["a", "b"], "reference": {"resource": "pairs", "fields": ["x", "y"]}},
            ],
        },
    }
    found = load.references(resource)
    assert found == {
        "source": load.Reference("sources", "id"),
        "parent": load.Reference("targets", "id"),
        "a": load.Reference("pairs", "x"),
        "b": load.Reference("pairs", "y"),
        "topics": load.Reference("topics"),
    }
    assert found["topics"].is_list and not found["source"].is_list
    assert load.key_fields("id") == ["id"] and load.key_fields(["a", "b"]) == ["a", "b"]
    assert load.references({"name": "topics", "schema": {"fields": [{"name": "id", "type": "string"}]}}) == {}
