"""Unit tests of tracker.problems: the text of a problem, the summary and the three output formats."""

from __future__ import annotations

import json

import pytest

from tracker import problems
from tracker.problems import Problem


def test_text_file_only() -> None:
    assert Problem("data/x.csv", message="file is empty").text() == "data/x.csv: file is empty"


def test_text_with_line_column_and_value() -> None:
    problem = Problem("data/x.csv", 7, "url", "ftp://a", "is not an http(s) URL")
    assert problem.text() == 'data/x.csv:7: url: "ftp://a" is not an http(s) URL'


def test_text_with_line_zero_and_empty_value() -> None:
    assert Problem("f", 0, None, "", "is empty").text() == 'f:0: "" is empty'


def test_text_without_column_and_empty_column() -> None:
    assert Problem("f", 3, "", None, "m").text() == "f:3: m"
    assert Problem("f", None, "c", None, "m").text() == "f: c: m"


def test_quote_escapes_and_keeps_unicode() -> None:
    assert problems.quote('Hà "Nội"\n\\') == '"Hà \\"Nội\\"\\n\\\\"'


def test_quote_shortens_long_values() -> None:
    assert problems.quote("a" * 80) == '"' + "a" * 80 + '"'
    assert problems.quote("a" * 81) == '"' + "a" * 79 + '…"'
    assert problems.quote("abcdef", limit=5) == '"abcd…"'
    assert problems.quote("abcde", limit=5) == '"abcde"'


def test_long_value_in_text() -> None:
    text = Problem("f", 1, "c", "x" * 100, "is long").text()
    assert text == 'f:1: c: "' + "x" * 79 + '…" is long'


def test_sort_key_and_order() -> None:
    a = Problem("b.csv", None, None)
    b = Problem("a.csv", 3, "z")
    c = Problem("a.csv", 3, None)
    assert a.sort_key() == ("b.csv", 0, "")
    assert b.sort_key() == ("a.csv", 3, "z")
    assert sorted([a, b, c], key=Problem.sort_key) == [c, b, a]


def test_summary_valid() -> None:
    assert problems.summary([], "datapackage", 42) == "datapackage: valid (42 rows checked)"


def test_summary_singular_and_plural() -> None:
    one = [Problem("a", message="x")]
    assert problems.summary(one, "pkg", 3) == "pkg: 1 problem in 1 file"
    two_one = [Problem("a", 1, message="x"), Problem("a", 2, message="y")]
    assert problems.summary(two_one, "pkg", 3) == "pkg: 2 problems in 1 file"
    two_two = [Problem("a", message="x"), Problem("b", message="y"), Problem("b", 2, message="z")]
    assert problems.summary(two_two, "pkg", 3) == "pkg: 3 problems in 2 files"


def test_as_text() -> None:
    found = [Problem("a.csv", 2, "id", "X", "is bad"), Problem("b.csv", message="is missing")]
    assert problems.as_text(found, "pkg", 9) == (
        'a.csv:2: id: "X" is bad\nb.csv: is missing\npkg: 2 problems in 2 files'
    )
    assert problems.as_text([], "pkg", 9) == "pkg: valid (9 rows checked)"


def test_gh_escape() -> None:
    assert problems._gh_escape("50% a\rb\nc: d, e") == "50%25 a%0Db%0Ac: d, e"
    assert problems._gh_escape("50% a\rb\nc: d, e", True) == "50%25 a%0Db%0Ac%3A d%2C e"
    assert problems._gh_escape("%0A") == "%250A"


def test_as_github() -> None:
    found = [
        Problem("data/a,b:c.csv", 4, "value", "1%\n", "is 100%: too much"),
        Problem("datapackage.json", None, None, None, "line\rbreak"),
    ]
    assert problems.as_github(found, "pkg", 5).split("\n") == [
        '::error file=data/a%2Cb%3Ac.csv,line=4,title=value::data/a,b:c.csv:4: value: "1%25\\n" is 100%25: too much',
        "::error file=datapackage.json,title=datapackage::datapackage.json: line%0Dbreak",
        "pkg: 2 problems in 2 files",
    ]


def test_as_github_escapes_the_title_and_newlines_in_messages() -> None:
    found = [Problem("f", 1, "a:b,c", None, "x\ny")]
    assert (
        problems.as_github(found, "t", 0)
        == "::error file=f,line=1,title=a%3Ab%2Cc::f:1: a:b,c: x%0Ay\nt: 1 problem in 1 file"
    )


def test_as_github_valid() -> None:
    assert problems.as_github([], "pkg", 2) == "pkg: valid (2 rows checked)"


def test_as_json() -> None:
    found = [Problem("a.csv", 2, "id", "Hà", "is bad")]
    text = problems.as_json(found, "pkg", 9)
    assert json.loads(text) == {
        "valid": False,
        "target": "pkg",
        "rows": 9,
        "problems": [{"file": "a.csv", "line": 2, "column": "id", "value": "Hà", "message": "is bad"}],
        "summary": "pkg: 1 problem in 1 file",
    }
    assert '"Hà"' in text
    assert text.startswith('{\n  "valid": false,')


def test_as_json_valid() -> None:
    assert json.loads(problems.as_json([], "pkg", 0)) == {
        "valid": True,
        "target": "pkg",
        "rows": 0,
        "problems": [],
        "summary": "pkg: valid (0 rows checked)",
    }


@pytest.mark.parametrize("name", ["text", "github", "json"])
def test_formatters(name: str) -> None:
    assert problems.FORMATTERS[name] is getattr(problems, f"as_{name}")
