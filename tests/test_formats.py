"""The validator's output formats and exit codes."""

from __future__ import annotations

import json
import re

from conftest import PackageCopy, run_cli

TARGET = "hai-phong-health-insurance-coverage-2026"


def test_github_annotations_point_at_file_and_line(package: PackageCopy) -> None:
    line = package.set_cell("targets", TARGET, "value", "95,5")
    result = run_cli("validate", "datapackage", "--format", "github", cwd=package.root.parent)
    assert result.code == 1
    annotations = [x for x in result.out.splitlines() if x.startswith("::")]
    assert len(annotations) == 1
    match = re.fullmatch(r"::error file=([^,]+),line=(\d+),title=([^:]+)::(.+)", annotations[0])
    assert match, annotations[0]
    assert match.group(1) == "datapackage/data/targets.csv"
    assert int(match.group(2)) == line
    assert match.group(3) == "value"
    assert "is not a number" in match.group(4)


def test_github_escapes_properties(package: PackageCopy) -> None:
    package.descriptor.write_text("{", encoding="utf-8")
    result = run_cli("validate", "datapackage", "--format", "github", cwd=package.root.parent)
    first = result.out.splitlines()[0]
    assert first.startswith("::error file=datapackage/datapackage.json,line=1,title=datapackage::")
    assert "\n" not in first


def test_json_report(package: PackageCopy) -> None:
    line = package.set_cell("targets", TARGET, "deadline", "soon")
    result = run_cli("validate", "datapackage", "--format", "json", cwd=package.root.parent)
    assert result.code == 1
    report = json.loads(result.out)
    assert report["valid"] is False
    assert report["problems"] == [
        {
            "file": "datapackage/data/targets.csv",
            "line": line,
            "column": "deadline",
            "value": "soon",
            "message": "is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        }
    ]


def test_json_report_of_the_valid_package() -> None:
    result = run_cli("validate", "--format", "json")
    report = json.loads(result.out)
    assert result.code == 0 and report["valid"] is True and report["problems"] == []
    assert report["rows"] > 50


def test_usage_error_exits_2() -> None:
    result = run_cli("validate", "--format", "xml")
    assert result.code == 2
    assert "invalid choice" in result.err
    assert run_cli("no-such-command").code == 2


def test_missing_package_folder(tmp_path) -> None:
    result = run_cli("validate", "nowhere", cwd=tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[0] == "nowhere: not found (expected a package folder or its datapackage.json)"
    assert "Traceback" not in result.err


def test_help_lists_commands() -> None:
    result = run_cli("--help")
    assert result.code == 0 and "validate" in result.out
