"""The command line's contract beyond one command: GitHub annotations escaped end to end, and the
internal-error exit status 3."""

from __future__ import annotations

import shutil

import pytest
from conftest import PackageCopy, read_rows, run_cli

from tracker import cli

ODD_FOLDER = "pkg,1:50%"  # a package folder whose name needs every property escape


def github(package: PackageCopy) -> list[str]:
    """Validate the package from a folder whose name needs every escape; the annotations and the summary."""
    folder = package.root.parent / ODD_FOLDER
    if not folder.exists():
        shutil.move(package.root, folder)
        package.root = folder
    result = run_cli("validate", ODD_FOLDER, "--format", "github", cwd=folder.parent)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    return result.out.splitlines()


FOLDER = "pkg%2C1%3A50%25"  # in properties: %, CR, LF, ":" and "," are escaped
SHOWN = "pkg,1:50%25"  # in the message: only %, CR and LF


def test_github_annotations_escape_the_value_in_the_message(package: PackageCopy) -> None:
    line = package.set_cell("issuers", "politburo", "name_en", "Politburo: 5%, see %0A\nnext")
    assert github(package) == [
        f"::error file={FOLDER}/data/issuers.csv,line={line},title=name_en::{SHOWN}/data/issuers.csv:{line}: "
        'name_en: "Politburo: 5%25, see %250A\\nnext" contains a line break or a control character '
        "(keep the value on one line)",
        f"{ODD_FOLDER}: 1 problem in 1 file",
    ]


def test_github_annotations_escape_a_column_name_in_the_title(package: PackageCopy) -> None:
    rows = read_rows(package.csv("topics"))
    for row in rows:
        row["odd,col:50%"] = ""
    package.rewrite("topics", rows)
    assert github(package) == [
        f"::error file={FOLDER}/data/topics.csv,line=1,title=odd%2Ccol%3A50%25::{SHOWN}/data/topics.csv:1: "
        'odd,col:50%25: "odd,col:50%25" is not a column of this table '
        "(expected id,name_en,name_vi,description_vi,description_en)",
        f"{ODD_FOLDER}: 1 problem in 1 file",
    ]


def test_an_unexpected_exception_is_an_internal_error_with_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Good code raises no such error, so a step is made to raise one."""

    def broken(path: str) -> None:
        raise RuntimeError(f"cannot happen while validating {path}")

    monkeypatch.setattr(cli, "validate", broken)
    assert cli.main(["validate", "datapackage"]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "internal error: RuntimeError: cannot happen while validating datapackage "
        "(please report it with the command you ran)\n"
    )
