"""Unit tests of tracker/loosen.py (descriptor comparison) and of tracker/against.py's helpers."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tracker import against, diff, load, loosen, untrusted
from tracker.diff import Base, DescriptorDiff, PropertyChange, ReleaseFile, ResourceDiff
from tracker.loosen import MISSING
from tracker.problems import Problem

AT = "resources[t].schema.fields[f]"


def package(**fld: Any) -> dict[str, Any]:
    """A descriptor with one resource `t` whose one field `f` has these properties."""
    schema = {"fields": [{"name": "f", "type": "string", **fld}], "primaryKey": ["f"]}
    return {"name": "p", "resources": [{"name": "t", "path": "data/t.csv", "schema": schema}]}


def constraints(**rules: Any) -> dict[str, Any]:
    return package(constraints=rules)


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        ({"pattern": "^a$"}, {}, [("constraints.pattern", "pattern removed (was ^a$)")]),
        ({"pattern": "^a$"}, {"pattern": "^a+$"}, [("constraints.pattern", "pattern changed (was ^a$, now ^a+$)")]),
        ({"pattern": "^a$"}, {"pattern": "^a$"}, []),
        ({"required": True}, {}, [("constraints.required", "required removed (was true)")]),
        ({"required": True}, {"required": False}, [("constraints.required", "required turned false (was true)")]),
        ({"required": False}, {}, []),
        ({}, {"required": True}, []),
        ({"unique": True}, {}, [("constraints.unique", "unique removed (was true)")]),
        ({"enum": ["a", "b"]}, {}, [("constraints.enum", 'enum removed (was ["a", "b"])')]),
        ({"enum": ["a", "b"]}, {"enum": ["a", "c"]}, [("constraints.enum", 'enum gained values: c (was ["a", "b"])')]),
        ({"enum": ["a", "b"]}, {"enum": ["b"]}, []),
        ({"maxLength": 300}, {"maxLength": 301}, [("constraints.maxLength", "maxLength raised from 300 to 301")]),
        ({"maxLength": 300}, {"maxLength": 299}, []),
        ({"maxLength": 300}, {}, [("constraints.maxLength", "maxLength removed (was 300)")]),
        ({"maximum": 100}, {"maximum": 100.5}, [("constraints.maximum", "maximum raised from 100 to 100.5")]),
        ({"maximum": "2030"}, {"maximum": "2031"}, [("constraints.maximum", "maximum raised from 2030 to 2031")]),
        ({"maximum": 1}, {"maximum": "1"}, [("constraints.maximum", "maximum changed from 1 to 1")]),
        ({"maximum": True}, {"maximum": 2}, [("constraints.maximum", "maximum changed from true to 2")]),
        ({"minLength": 20}, {"minLength": 19}, [("constraints.minLength", "minLength lowered from 20 to 19")]),
        ({"minLength": 20}, {"minLength": 21}, []),
        ({"minimum": 0}, {}, [("constraints.minimum", "minimum removed (was 0)")]),
        (
            {"exclusiveMinimum": 0},
            {"exclusiveMinimum": -1},
            [("constraints.exclusiveMinimum", "exclusiveMinimum lowered from 0 to -1")],
        ),
        (
            {"jsonSchema": {"a": 1}},
            {"jsonSchema": {"a": 2}},
            [("constraints.jsonSchema", 'jsonSchema changed (was {"a": 1}, now {"a": 2})')],
        ),
    ],
)
def test_constraints(old: dict[str, Any], new: dict[str, Any], found: list[tuple[str, str]]) -> None:
    assert loosen.loosenings(constraints(**old), constraints(**new)) == [(f"{AT}.{p}", w) for p, w in found]


def test_a_whole_constraints_object_removed_is_one_loosening_per_rule() -> None:
    old = constraints(required=True, pattern="^a$")
    assert loosen.loosenings(old, package()) == [
        (f"{AT}.constraints.required", "required removed (was true)"),
        (f"{AT}.constraints.pattern", "pattern removed (was ^a$)"),
    ]
    assert loosen.loosenings(package(), old) == []


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        ({"type": "number"}, {"type": "string"}, [("type", "type changed (was number, now string)")]),
        ({"type": "number"}, {}, [("type", "type removed (was number)")]),
        ({"format": "email"}, {}, [("format", "format removed (was email)")]),
        ({}, {"trueValues": ["yes"]}, [("trueValues", 'trueValues added (["yes"]): more values are accepted')]),
        ({}, {"missingValues": ["", "n/a"]}, [("missingValues", "missingValues gained n/a: they are read as empty")]),
        ({"missingValues": ["", "-"]}, {"missingValues": [""]}, []),
        ({"x-references": "topics"}, {}, [("x-references", "x-references removed (was topics)")]),
        (
            {"x-references": "topics"},
            {"x-references": "issuers"},
            [("x-references", "x-references changed (was topics, now issuers)")],
        ),
        ({"x-not-after-release": True}, {}, [("x-not-after-release", "x-not-after-release turned off (was true)")]),
        (
            {"x-not-after-today": True},
            {"x-not-after-today": False},
            [("x-not-after-today", "x-not-after-today turned off (was true)")],
        ),
        ({}, {"x-not-after-today": True}, []),
        ({}, {"x-may-equal-english": True}, [("x-may-equal-english", "x-may-equal-english turned true (was absent)")]),
        (
            {"x-may-equal-english": False},
            {"x-may-equal-english": True},
            [("x-may-equal-english", "x-may-equal-english turned true (was false)")],
        ),
        ({"x-may-equal-english": True}, {}, []),
        ({"x-expected": "an id"}, {"x-expected": "an identifier"}, []),
        ({"x-expected": "an id"}, {}, [("x-expected", "x-expected removed (was an id)")]),
        ({"x-custom-rule": 1}, {}, [("x-custom-rule", "x-custom-rule removed (was 1)")]),
        ({"description": "a"}, {}, []),
        ({"title": "a"}, {"title": "b"}, []),
    ],
)
def test_field_properties(old: dict[str, Any], new: dict[str, Any], found: list[tuple[str, str]]) -> None:
    old_package = package(**{"type": "string", **old})
    new_package = package(**{"type": "string", **new})
    if "type" in old and "type" not in new:
        del new_package["resources"][0]["schema"]["fields"][0]["type"]
    assert loosen.loosenings(old_package, new_package) == [(f"{AT}.{p}", w) for p, w in found]


def test_resources_fields_and_keys() -> None:
    base = {
        "resources": [
            {
                "name": "t",
                "x-setter": {"date": "d", "noun": "document"},
                "x-path": "t",
                "schema": {
                    "fields": [{"name": "id"}, {"name": "d"}, {"name": "other"}],
                    "primaryKey": "id",
                    "foreignKeys": [{"fields": "other", "reference": {"resource": "", "fields": "id"}}],
                    "x-one-of": [{"fields": ["d", "other"], "rule": "r", "what": "w"}],
                    "missingValues": [""],
                },
            },
            {"name": "gone", "schema": {"fields": [{"name": "id"}]}},
        ]
    }
    new = copy.deepcopy(base)
    del new["resources"][1]
    resource = new["resources"][0]
    resource["x-setter"]["noun"] = "plan"
    resource["x-path"] = "renamed"  # presentation: not a loosening
    resource["x-may-equal-english"] = True
    schema = resource["schema"]
    schema["fields"].pop(2)
    schema["primaryKey"] = ["id", "d"]
    schema["foreignKeys"] = []
    schema["x-one-of"][0]["fields"] = ["d"]
    schema["missingValues"] = ["", "NA"]
    at = "resources[t]"
    assert loosen.loosenings(base, new) == [
        (
            f"{at}.x-setter",
            'x-setter changed (was {"date": "d", "noun": "document"}, now {"date": "d", "noun": "plan"})',
        ),
        (f"{at}.x-may-equal-english", "x-may-equal-english turned true (was absent)"),
        (f"{at}.schema.fields[other]", "field other removed"),
        (f"{at}.schema.primaryKey", 'primaryKey changed (now ["id", "d"]) (was id)'),
        (f"{at}.schema.foreignKeys[0]", "foreign key removed or changed (was other → itself.id)"),
        (f"{at}.schema.x-one-of[0]", 'x-one-of group removed or changed (was: exactly one of ["d", "other"])'),
        (f"{at}.schema.missingValues", "missingValues gained NA: they are read as empty"),
        ("resources[gone]", "resource gone removed (its file is no longer checked)"),
    ]
    same_key = copy.deepcopy(base)
    same_key["resources"][0]["schema"]["primaryKey"] = ["id"]  # one name or a list of it: the same key
    assert loosen.loosenings(base, same_key) == []
    no_key = copy.deepcopy(base)
    del no_key["resources"][0]["schema"]["primaryKey"]
    assert (f"{at}.schema.primaryKey", "primaryKey removed (was id)") in loosen.loosenings(base, no_key)


@pytest.mark.parametrize(
    "broken",
    [None, [], {"resources": 3}, {"resources": [1, {"name": 2}]}, {"resources": [{"name": "topics", "schema": []}]}],
)
def test_descriptors_of_the_wrong_shape_never_raise(broken: Any) -> None:
    real = json.loads((Path(__file__).parent.parent / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    assert loosen.loosenings(broken, real) == []
    assert loosen.loosenings(real, broken)  # everything the real descriptor enforces is gone
    assert loosen.changes(broken, real)
    assert loosen.loosenings(real, real) == [] and loosen.changes(real, real) == []


def test_changes_are_property_by_property() -> None:
    old = {"a": 1, "list": [1, 2], "resources": [{"name": "r", "schema": {"fields": [{"name": "f"}]}}]}
    new = {
        "list": [1, 3],
        "b": {"c": 1},
        "resources": [
            {"name": "r", "schema": {"fields": [{"name": "f", "constraints": {"required": True}}]}},
            {"name": "s"},
        ],
    }
    assert loosen.changes(old, new) == [
        ("a", 1, MISSING),
        ("list", [1, 2], [1, 3]),
        ("resources[r].schema.fields[f].constraints.required", MISSING, True),
        ("resources[s]", MISSING, {"name": "s"}),
        ("b", MISSING, {"c": 1}),
    ]
    assert loosen.changes({"schema": {"a": 1}}, {}) == [("schema.a", 1, MISSING)]
    assert loosen.changes({"constraints": 1}, {}) == [("constraints", 1, MISSING)]
    assert loosen.changes([{"name": "x"}, {"name": "x"}], []) == [("", [{"name": "x"}, {"name": "x"}], [])]
    assert repr(MISSING) == "MISSING"


def test_shown() -> None:
    assert loosen.shown("^a$") == "^a$"
    assert loosen.shown(["a"]) == '["a"]'
    assert loosen.shown("x" * 200) == "x" * 119 + "…"
    assert loosen.named([{"name": "a"}, {"name": "b"}]) == {"a": {"name": "a"}, "b": {"name": "b"}}
    assert loosen.named([{"name": "a"}, {}]) is None
    assert loosen.named("a") is None


# tracker/against.py


def test_merged_keeps_the_base_rules_with_the_working_tree_columns_and_dates() -> None:
    base = {
        "created": "2026-01-01",
        "resources": [
            {
                "name": "t",
                "path": "data/t.csv",
                "schema": {"fields": [{"name": "a", "constraints": {"pattern": "^a$"}}, {"name": "gone"}]},
            },
            {"name": "removed", "path": "data/removed.csv", "schema": {"fields": [{"name": "a"}]}},
            "not a resource",
        ],
    }
    new = {
        "created": "2026-02-01",
        "resources": [
            {"name": "t", "path": "data/moved.csv", "schema": {"fields": [{"name": "new"}, {"name": "a"}]}},
            {"name": "added", "path": "data/added.csv", "schema": {"fields": [{"name": "b"}]}},
        ],
    }
    assert against.merged(base, new) == {
        "created": "2026-02-01",
        "resources": [
            {
                "name": "t",
                "path": "data/moved.csv",
                "schema": {
                    "fields": [{"name": "new"}, {"name": "a", "constraints": {"pattern": "^a$"}}, {"name": "gone"}]
                },
            },
            base["resources"][1],
            "not a resource",
            new["resources"][1],
        ],
    }
    assert against.merged(base, {}) == base
    odd = {"resources": [{"name": "t", "schema": {"fields": "?"}}]}
    assert against.merged(base, odd)["resources"][0] == base["resources"][0]


def test_safe_paths() -> None:
    assert load.safe_path("data/t.csv")
    for path in ("", "/etc/passwd", "../t.csv", "data/../../t.csv", "https://example.org/t.csv", "data\\t.csv"):
        assert not load.safe_path(path), path


def test_copy_reads_regular_files_only(tmp_path: Path) -> None:
    folder, root = tmp_path / "package", tmp_path / "copy"
    (folder / "data").mkdir(parents=True)
    root.mkdir()
    (folder / "data" / "t.csv").write_bytes(b"id\na\n")
    assert against.copy(folder, root, "data/t.csv") is None
    assert (root / "data" / "t.csv").read_bytes() == b"id\na\n"
    assert against.copy(folder, root, "data/none.csv") is None and not (root / "data" / "none.csv").exists()
    (folder / "data" / "link.csv").symlink_to(folder / "data" / "t.csv")
    assert against.copy(folder, root, "data/link.csv") == untrusted.SYMLINK
    (folder / "linked").symlink_to(folder / "data", target_is_directory=True)
    assert against.copy(folder, root, "linked/t.csv") == untrusted.SYMLINK
    (folder / "data" / "folder.csv").mkdir()
    assert against.copy(folder, root, "data/folder.csv") == "is a folder, not a file"
    os.mkfifo(folder / "data" / "fifo.csv")
    assert against.copy(folder, root, "data/fifo.csv") == untrusted.NOT_REGULAR


def test_problems_of_the_copy_name_the_working_tree_and_are_marked() -> None:
    problem = Problem("/tmp/x/data/t.csv", 3, "id", "A", "is not in /tmp/x/data/u.csv")
    assert against._shown(problem, "/tmp/x", "datapackage/") == Problem(
        "datapackage/data/t.csv", 3, "id", "A", "is not in datapackage/data/u.csv"
    )
    normal = [Problem("a.csv", 2, "id", "A", "is wrong")]
    found = [Problem("a.csv", 2, "id", "A", "is wrong"), Problem("a.csv", 3, "id", "B", "is wrong")]
    assert against.combine(normal, found, "main") == [
        normal[0],
        Problem("a.csv", 3, "id", "B", "is wrong (by the rules of main)"),
    ]


# the report's descriptor and release sections (tracker/diff.py)


def test_markdown_with_descriptor_and_release_sections() -> None:
    base = Base("0" * 40, "0000000", "`main`")
    descriptor = DescriptorDiff(
        [
            PropertyChange("version", "0.3.0", "0.4.0"),
            PropertyChange("a.pattern", "^a|b$", MISSING, ["pattern removed"]),
        ],
        [("a.pattern", "pattern removed (was ^a|b$)")],
    )
    releases = [
        ReleaseFile("releases/0.2.0/x.csv", "changed", "0.2.0", True),
        ReleaseFile("releases/README.md", "added", None, False),
    ]
    text = diff.markdown(base, [ResourceDiff("topics")], descriptor, releases)
    assert text.endswith(
        "No record was added, changed or removed.\n\n"
        "## Descriptor changes\n\n"
        "2 properties of `datapackage/datapackage.json` changed.\n\n"
        "**⚠ 1 change loosens the base's rules**: the data is then checked by weaker rules. Merge only if each one "
        "is intended (`python build.py validate --against` reports them as errors).\n\n"
        "- `a.pattern`: pattern removed (was ^a\\|b$)\n\n"
        "| property | before | after |\n| --- | --- | --- |\n"
        '| `version` | `"0.3.0"` | `"0.4.0"` |\n'
        '| **⚠ loosens** `a.pattern` | "^a\\|b$" | *(absent)* |\n\n'
        "## Release changes\n\n"
        "**⚠ 1 file of published releases changed**: a released version is immutable (people cite it), so these "
        "changes must not be merged unless a release is being repaired on purpose.\n\n"
        "- `releases/0.2.0/x.csv` (changed)\n\n"
        "| file | change |\n| --- | --- |\n"
        "| `releases/0.2.0/x.csv` | changed (**published release 0.2.0**) |\n"
        "| `releases/README.md` | added |\n"
    )
    quiet = diff.markdown(base, [ResourceDiff("topics")], DescriptorDiff(note="`x` does not exist at `0000000`."), [])
    assert quiet.endswith(
        "## Descriptor changes\n\n`x` does not exist at `0000000`.\n\n## Release changes\n\n"
        "No file under `releases/` was added, changed or removed.\n"
    )


def test_within() -> None:
    assert diff._within("a.b", "a.b") and diff._within("a.b.c", "a.b") and diff._within("a.b[x]", "a.b")
    assert not diff._within("a.bc", "a.b") and not diff._within("a", "a.b")
