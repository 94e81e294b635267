"""Unit tests of tracker.diff: parsing, comparing and the Markdown report, and git's error paths."""

from __future__ import annotations

import csv
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker import diff
from tracker.diff import Base, Change, DiffError, Resource, ResourceDiff

TOPICS = Resource("topics", "data/topics.csv", ["id"], [{"name": "id"}, {"name": "name_en"}, {"name": "name_vi"}])


@pytest.fixture
def small_field_limit() -> Iterator[int]:
    """A csv field size limit of 100 characters (frictionless raises the limit when imported)."""
    previous = csv.field_size_limit(100)
    yield 100
    csv.field_size_limit(previous)


# parse


def test_parse_nothing() -> None:
    assert diff.parse(None, ["id"], "x") == ([], {})
    assert diff.parse("", ["id"], "x") == ([], {})


def test_parse_rows_by_key() -> None:
    text = 'id,name_en\r\na,A\n,\nb,"B\nC"\n'
    assert diff.parse(text, ["id"], "x") == (
        ["id", "name_en"],
        {("a",): {"id": "a", "name_en": "A"}, ("b",): {"id": "b", "name_en": "B\nC"}},
    )


def test_parse_composite_key_short_and_long_rows() -> None:
    text = "k1,k2,v\na,b,1,extra\nc\n"
    header, rows = diff.parse(text, ["k1", "k2"], "x")
    assert header == ["k1", "k2", "v"]
    assert rows == {("a", "b"): {"k1": "a", "k2": "b", "v": "1"}, ("c", ""): {"k1": "c", "k2": "", "v": ""}}


def test_parse_keeps_carriage_returns_in_quoted_cells() -> None:
    assert diff.parse('id,v\na,"x\r\ny\rz"\n', ["id"], "x")[1] == {("a",): {"id": "a", "v": "x\r\ny\rz"}}


def test_parse_missing_key_column() -> None:
    assert diff.parse("name\nx\n", ["id"], "w") == (["name"], {("",): {"name": "x"}})


def test_parse_header_only() -> None:
    assert diff.parse("id,name\n", ["id"], "x") == (["id", "name"], {})


def test_parse_not_csv(small_field_limit: int) -> None:
    with pytest.raises(DiffError) as error:
        diff.parse("id\n" + "a" * 200 + "\n", ["id"], "data/x.csv at abc123")
    assert str(error.value) == (
        "data/x.csv at abc123 is not well-formed CSV (field larger than field limit (100)): "
        "run `python build.py validate`"
    )


def test_parse_nul_byte() -> None:
    with pytest.raises(DiffError) as error:
        diff.parse("id,name_en\na\x00,A\n", ["id"], "data/x.csv at abc123")
    assert str(error.value) == (
        "data/x.csv at abc123 is not a CSV file (it contains a NUL byte): run `python build.py validate`"
    )


def test_parse_unclosed_quote_is_an_error_not_a_row() -> None:
    with pytest.raises(DiffError) as error:
        diff.parse('id,name_en\na,"A\n', ["id"], "data/x.csv at abc123")
    assert str(error.value).startswith("data/x.csv at abc123 is not well-formed CSV (")


# labels


def test_label_column() -> None:
    assert diff.label_column(TOPICS, ["id", "name_vi", "name_en"]) == "name_en"
    assert diff.label_column(TOPICS, ["id", "name_vi"]) == "name_vi"
    assert diff.label_column(TOPICS, ["id", "title"]) == "title"  # a column the schema no longer has
    assert diff.label_column(TOPICS, ["id", "title", "name_vi"]) == "name_vi"
    assert diff.label_column(TOPICS, ["id"]) is None
    assert diff.label_column(TOPICS, []) is None


def text(name: str, required: bool = False, **constraints: object) -> dict:
    return {"name": name, "type": "string", "constraints": {"required": required, **constraints}}


def test_label_column_prefers_required_then_english_text() -> None:
    fields = [text("id", True), text("notes"), text("name_en"), text("title_vi", True), text("title_en", True)]
    resource = Resource("r", "r.csv", ["id"], fields)
    header = [f["name"] for f in fields]
    assert diff.label_column(resource, header) == "title_en"  # required and English
    assert diff.label_column(resource, header[:4]) == "title_vi"  # required
    assert diff.label_column(resource, header[:3]) == "name_en"  # English
    assert diff.label_column(resource, header[:2]) == "notes"  # any text
    assert diff.label_column(Resource("r", "r.csv", ["id"], fields[::-1]), header) == "title_en"


def test_label_column_skips_codes_dates_links_and_references() -> None:
    fields = [
        text("id", True),
        text("date_en", True, pattern="^[0-9]{4}$"),
        text("kind_en", True, enum=["a"]),
        text("source_en", True),
        {"name": "value_en", "type": "number", "constraints": {"required": True}},
        {"name": "topics_en", "type": "list", "constraints": {"required": True}},
        {"type": "string"},
        {"name": "odd_en", "constraints": "required"},
        {"name": "plain"},
    ]
    resource = Resource("r", "r.csv", ["id"], fields, frozenset({"source_en"}))
    header = [f["name"] for f in fields if "name" in f]
    assert diff.label_column(resource, header) == "odd_en"  # a field without type is text
    assert diff.label_column(resource, header[:-2] + ["plain"]) == "plain"
    assert diff.label_column(resource, header[:-2]) is None


def test_resources_know_their_references(tmp_path: Path) -> None:
    schema = {
        "fields": [{"name": "id"}, {"name": "a"}, {"name": "b", "type": "list", "x-references": "r"}, {"name": "c"}],
        "primaryKey": "id",
        "foreignKeys": [{"fields": "a", "reference": {"resource": "r", "fields": "id"}}],
    }
    (tmp_path / "datapackage").mkdir()
    descriptor = {"resources": [{"name": "r", "path": "data/r.csv", "schema": schema}]}
    (tmp_path / "datapackage" / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (found,) = diff.resources(tmp_path)
    assert found.key == ["id"] and found.references == {"a", "b"}
    assert diff.label_column(found, ["id", "a", "b", "c"]) == "c"


def test_label() -> None:
    assert diff.label({"t": "  Hà \n Nội\t"}, "t") == "Hà Nội"
    assert diff.label({"t": "x"}, None) == ""
    assert diff.label({}, "t") == ""
    assert diff.label({"t": "a" * 90}, "t") == "a" * 90
    assert diff.label({"t": "a" * 91}, "t") == "a" * 89 + "…"


# compare


def test_compare() -> None:
    old = (
        ["id", "name_en", "gone"],
        {("a",): {"id": "a", "name_en": "A", "gone": "x"}, ("b",): {"id": "b", "name_en": "B", "gone": ""}},
    )
    new = (
        ["id", "name_vi", "name_en"],
        {
            ("c",): {"id": "c", "name_vi": "Cv", "name_en": "C"},
            ("b",): {"id": "b", "name_vi": "", "name_en": "B"},
            ("a",): {"id": "a", "name_vi": "Av", "name_en": "A2"},
        },
    )
    result = diff.compare(TOPICS, old, new)
    assert result == ResourceDiff(
        "topics",
        added=[(("c",), "C")],
        changed=[Change(("a",), "A2", [("name_vi", "", "Av"), ("name_en", "A", "A2"), ("gone", "x", "")])],
        removed=[],
    )


def test_compare_removed_uses_the_old_label() -> None:
    old = (["id", "title"], {("a",): {"id": "a", "title": "Old"}})
    new = (["id", "name_en"], {})
    assert diff.compare(TOPICS, old, new) == ResourceDiff("topics", [], [], [(("a",), "Old")])


def test_compare_same_rows_moved() -> None:
    rows = {("a",): {"id": "a"}, ("b",): {"id": "b"}}
    moved = {("b",): {"id": "b"}, ("a",): {"id": "a"}}
    result = diff.compare(TOPICS, (["id"], rows), (["id"], moved))
    assert result.empty()


def test_resource_diff_empty() -> None:
    assert ResourceDiff("x").empty()
    assert not ResourceDiff("x", added=[(("a",), "")]).empty()
    assert not ResourceDiff("x", changed=[Change(("a",), "", [])]).empty()
    assert not ResourceDiff("x", removed=[(("a",), "")]).empty()


# Markdown


def test_escape() -> None:
    assert diff.escape("") == "*(empty)*"
    assert diff.escape("a*b_[c]<d>|e`f\\g") == "a\\*b_\\[c\\]\\<d>\\|e\\`f\\\\g"
    assert diff.escape("a\r\nb\nc\rd") == "a<br>b<br>c<br>d"


def test_code() -> None:
    assert diff.code("a*b") == "`a*b`"
    assert diff.code("X") == "`X`"
    assert diff.code("") == "*(empty)*"
    assert diff.code("a`b") == "a\\`b"
    assert diff.code("a|b") == "a\\|b"
    assert diff.code("a\nb") == "a<br>b"
    assert diff.code("a\rb") == "a<br>b"


def test_record() -> None:
    assert diff.record(("a", "b"), "") == "`a, b`"
    assert diff.record(("a",), "Hà [1]") == "`a` — Hà \\[1\\]"


def test_plural_and_summary() -> None:
    assert diff.plural(0, "resource") == "0 resources"
    assert diff.plural(1, "resource") == "1 resource"
    assert diff.plural(2, "resource") == "2 resources"
    diffs = [
        ResourceDiff("a", added=[(("x",), ""), (("y",), "")], removed=[(("z",), "")]),
        ResourceDiff("b"),
        ResourceDiff("c", changed=[Change(("x",), "", [])]),
    ]
    assert diff.summary(diffs) == "2 added, 1 changed, 1 removed in 2 resources."
    assert diff.summary([ResourceDiff("b")]) == "0 added, 0 changed, 0 removed in 0 resources."
    assert diff.summary(diffs[2:]) == "0 added, 1 changed, 0 removed in 1 resource."


BASE = Base("0" * 40, "0000000", "`main`")


def test_markdown_no_change() -> None:
    assert diff.markdown(BASE, [ResourceDiff("topics")]) == (
        "## Data changes since `0000000`\n\nCompared with `main`, commit `0000000`.\n\n"
        "No record was added, changed or removed.\n"
    )


def test_markdown_changes() -> None:
    diffs = [
        ResourceDiff("empty"),
        ResourceDiff(
            "topics",
            added=[(("a",), "A*")],
            changed=[Change(("b",), "", [("name_en", "", "B|<&>")])],
            removed=[(("c",), "X")],
        ),
    ]
    assert diff.markdown(BASE, diffs) == (
        "## Data changes since `0000000`\n\nCompared with `main`, commit `0000000`.\n\n"
        "1 added, 1 changed, 1 removed in 1 resource.\n\n"
        "### topics\n\n"
        "**Added**\n\n- `a` — A\\*\n\n"
        "**Changed**\n\n`b`\n\n| field | before | after |\n| --- | --- | --- |\n"
        "| `name_en` | *(empty)* | B\\|\\<&> |\n\n"
        "**Removed**\n\n- `c` — X\n"
    )


# resources and the working tree


def write_descriptor(repo: Path, descriptor: object) -> None:
    (repo / "datapackage").mkdir(exist_ok=True)
    (repo / "datapackage" / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def test_resources(tmp_path: Path) -> None:
    write_descriptor(
        tmp_path,
        {
            "resources": [
                {"name": "a", "path": "data/a.csv", "schema": {"primaryKey": "code", "fields": [{"name": "code"}]}},
                {"name": "b", "path": "data/b.csv", "schema": {"primaryKey": ["x", "y"]}},
                {"name": "c", "path": "c.csv"},
            ]
        },
    )
    assert diff.resources(tmp_path) == [
        Resource("a", "data/a.csv", ["code"], [{"name": "code"}]),
        Resource("b", "data/b.csv", ["x", "y"], []),
        Resource("c", "c.csv", ["id"], []),
    ]


def test_resources_with_bom(tmp_path: Path) -> None:
    (tmp_path / "datapackage").mkdir()
    (tmp_path / "datapackage" / "datapackage.json").write_bytes(b'\xef\xbb\xbf{"resources": []}')
    assert diff.resources(tmp_path) == []


def test_resources_missing(tmp_path: Path) -> None:
    with pytest.raises(DiffError) as error:
        diff.resources(tmp_path)
    assert str(error.value) == f"datapackage/datapackage.json not found in {tmp_path}"


@pytest.mark.parametrize(
    ("descriptor", "reason"),
    [
        ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ({}, "'resources'"),
        ({"resources": [{"path": "a.csv"}]}, "'name'"),
        ({"resources": 3}, "'int' object is not iterable"),
        ({"resources": [{"name": "a", "path": "a.csv", "schema": []}]}, "'list' object has no attribute 'get'"),
        ({"resources": [{"name": "a", "path": "../a.csv"}]}, "resource path '../a.csv' is outside the package"),
        ({"resources": [{"name": "a", "path": "/a.csv"}]}, "resource path '/a.csv' is outside the package"),
    ],
)
def test_resources_unreadable(tmp_path: Path, descriptor: object, reason: str) -> None:
    if isinstance(descriptor, str):
        (tmp_path / "datapackage").mkdir()
        (tmp_path / "datapackage" / "datapackage.json").write_text(descriptor, encoding="utf-8")
    else:
        write_descriptor(tmp_path, descriptor)
    with pytest.raises(DiffError) as error:
        diff.resources(tmp_path)
    assert str(error.value) == (
        f"datapackage/datapackage.json cannot be read ({reason}): run `python build.py validate`"
    )


def test_read_base_names_the_revision_in_errors(monkeypatch: pytest.MonkeyPatch, small_field_limit: int) -> None:
    monkeypatch.setattr(diff, "file_at", lambda repo, commit, path: "id\n" + "a" * 200)
    with pytest.raises(DiffError) as error:
        diff.read_base(Path("."), BASE, TOPICS)
    assert str(error.value).startswith("datapackage/data/topics.csv at 0000000 is not well-formed CSV (field larger")


def test_read_working(tmp_path: Path) -> None:
    (tmp_path / "datapackage" / "data").mkdir(parents=True)
    assert diff.read_working(tmp_path, TOPICS) == ([], {})
    (tmp_path / "datapackage" / "data" / "topics.csv").write_bytes(b"\xef\xbb\xbfid,name_en\na,\xff\n")
    assert diff.read_working(tmp_path, TOPICS) == (["id", "name_en"], {("a",): {"id": "a", "name_en": "\ufffd"}})


def test_read_working_errors(tmp_path: Path, small_field_limit: int) -> None:
    (tmp_path / "datapackage" / "data" / "topics.csv").mkdir(parents=True)
    with pytest.raises(DiffError) as error:
        diff.read_working(tmp_path, TOPICS)
    assert str(error.value) == "datapackage/data/topics.csv cannot be read (Is a directory)"
    (tmp_path / "datapackage" / "data" / "topics.csv").rmdir()
    (tmp_path / "datapackage" / "data" / "topics.csv").write_text("id\n" + "a" * 200, encoding="utf-8")
    with pytest.raises(DiffError) as error:
        diff.read_working(tmp_path, TOPICS)
    assert str(error.value).startswith("datapackage/data/topics.csv is not well-formed CSV (field larger")


# git


def fake_run(result: object) -> object:
    def run(*args: object, **kwargs: object) -> object:
        if isinstance(result, BaseException):
            raise result
        return result

    return run


def test_git_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diff.subprocess, "run", fake_run(FileNotFoundError()))
    with pytest.raises(DiffError) as error:
        diff.git(tmp_path, "status")
    assert str(error.value) == "git is not installed (or not on PATH): the diff command needs it"


def test_git_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diff.subprocess, "run", fake_run(subprocess.TimeoutExpired("git", 60)))
    with pytest.raises(DiffError) as error:
        diff.git(tmp_path, "show", "x")
    assert str(error.value) == "git show did not answer within 60 seconds"


def test_git_failure_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failed = subprocess.CompletedProcess(["git"], 128, b"", b"warning: one\nwarning: two\nfatal: caf\xe9\n")
    monkeypatch.setattr(diff.subprocess, "run", fake_run(failed))
    with pytest.raises(DiffError) as error:
        diff.git(tmp_path, "show", "x:y")
    assert str(error.value) == "git show x:y failed: fatal: caf\ufffd"
    assert diff.git(tmp_path, "show", check=False) is failed
    monkeypatch.setattr(diff.subprocess, "run", fake_run(subprocess.CompletedProcess(["git"], 1, b"", b"")))
    with pytest.raises(DiffError) as error:
        diff.git(tmp_path, "show")
    assert str(error.value) == "git show failed: no message"


def test_git_runs_in_the_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def run(*args: object, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        calls.append((args, kwargs))
        return subprocess.CompletedProcess(["git"], 0, b"out", b"")

    monkeypatch.setattr(diff.subprocess, "run", run)
    assert diff.git(tmp_path, "status", "-s").stdout == b"out"
    assert calls == [((["git", "status", "-s"],), {"cwd": tmp_path, "capture_output": True, "timeout": 60})]


def test_toplevel_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DiffError) as error:
        diff.toplevel(tmp_path / "nope")
    assert str(error.value) == f"{tmp_path / 'nope'} is not a folder"


def test_toplevel_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(DiffError) as error:
        diff.toplevel(tmp_path)
    assert str(error.value) == (
        f"not a git repository: {tmp_path} (run the diff command inside a clone of the tracker)"
    )


def test_run_reports_errors_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff.run(None, tmp_path / "nope") == 2
    assert capsys.readouterr() == ("", f"diff: {tmp_path / 'nope'} is not a folder\n")


def commit(repo: Path, message: str) -> str:
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message],
        cwd=repo,
        check=True,
    )
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True)
    return done.stdout.decode().strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository in tmp_path/repo, run from a folder that is in no repository."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(tmp_path / "outside")
    subprocess.run(["git", "init", "-q", "-b", "work", str(tmp_path / "repo")], check=True)
    return tmp_path / "repo"


def test_git_repository(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff.toplevel(repo) == repo
    with pytest.raises(DiffError) as error:
        diff.resolve_base(repo, None)
    assert str(error.value) == "the repository has no commit yet: nothing to compare with"

    write_descriptor(repo, {"resources": [{"name": "topics", "path": "data/topics.csv"}]})
    (repo / "datapackage" / "data").mkdir()
    (repo / "datapackage" / "data" / "topics.csv").write_text("id,name_en\na,A\nb,B\n", encoding="utf-8")
    first = commit(repo, "first")
    assert diff.toplevel(repo / "datapackage") == repo
    assert diff.commit_of(repo, "HEAD") == first
    assert diff.commit_of(repo, "work") == first
    assert diff.commit_of(repo, "-h") is None
    assert diff.commit_of(repo, "nope") is None
    assert diff.merge_base(repo, "main") is None
    short = diff.short_hash(repo, first)
    assert first.startswith(short) and 4 <= len(short) < 40
    assert diff.file_at(repo, first, "datapackage/data/topics.csv") == "id,name_en\na,A\nb,B\n"
    assert diff.file_at(repo, first, "datapackage/data/none.csv") is None
    with pytest.raises(DiffError) as error:
        diff.file_at(repo, first, "datapackage/data")
    assert str(error.value) == f"datapackage/data at {first[:7]} is not a file"

    assert diff.resolve_base(repo, None) == Base(first, short, "HEAD (no `main` or `origin/main` branch found)")
    assert diff.resolve_base(repo, "work") == Base(first, short, "`work`")

    # a main branch with no common history: no merge base, HEAD is the base
    tree = subprocess.run(["git", "mktree"], cwd=repo, input=b"", check=True, capture_output=True).stdout
    orphan = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit-tree", tree.decode().strip(), "-m", "o"],
        cwd=repo,
        check=True,
        capture_output=True,
    ).stdout.decode()
    subprocess.run(["git", "update-ref", "refs/heads/main", orphan.strip()], cwd=repo, check=True)
    assert diff.merge_base(repo, "main") is None
    assert diff.resolve_base(repo, None) == Base(first, short, "HEAD (no `main` or `origin/main` branch found)")
    with pytest.raises(DiffError) as error:
        diff.resolve_base(repo, "nope")
    assert str(error.value) == "unknown git revision: 'nope' (try a branch, a tag or a commit hash)"

    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", first], cwd=repo, check=True)
    assert diff.resolve_base(repo, None).how == "the merge base of HEAD and `origin/main`"
    subprocess.run(["git", "branch", "-f", "main", first], cwd=repo, check=True)
    (repo / "datapackage" / "data" / "topics.csv").write_text("id,name_en\nb,B2\nc,C\n", encoding="utf-8")
    second = commit(repo, "second")
    assert diff.merge_base(repo, "main") == first
    base = diff.resolve_base(repo, None)
    assert base == Base(first, short, "the merge base of HEAD and `main`")
    assert diff.read_base(repo, base, TOPICS) == (
        ["id", "name_en"],
        {("a",): {"id": "a", "name_en": "A"}, ("b",): {"id": "b", "name_en": "B"}},
    )
    resource = Resource("topics", "data/topics.csv", ["id"], [])
    assert diff.diff(repo, base) == [
        ResourceDiff("topics", [(("c",), "C")], [Change(("b",), "B2", [("name_en", "B", "B2")])], [(("a",), "A")])
    ]
    assert diff.resources(repo) == [resource]
    assert diff.run(None, repo) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"## Data changes since `{short}`\n\nCompared with the merge base of HEAD and `main`")
    assert "1 added, 1 changed, 1 removed in 1 resource." in out
    assert diff.run("HEAD", repo) == 0
    assert "No record was added, changed or removed." in capsys.readouterr().out
    assert diff.run("nope", repo) == 2
    assert capsys.readouterr().err == "diff: unknown git revision: 'nope' (try a branch, a tag or a commit hash)\n"
    assert second != first


# releases kept in releases/<version>/


def release_folder(root: Path, version: str, topics: str, created: str = "2026-01-01T00:00:00Z") -> Path:
    folder = root / version
    (folder / "data").mkdir(parents=True)
    resources = [{"name": "topics", "path": "data/topics.csv", "schema": {"fields": TOPICS.fields, "primaryKey": "id"}}]
    descriptor = {"version": version, "created": created, "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (folder / "data" / "topics.csv").write_text(topics, encoding="utf-8")
    return folder


def test_previous_release_is_the_latest_older_version(tmp_path: Path) -> None:
    for version in ("0.9.0", "0.10.0", "0.2.0", "1.0.0"):
        release_folder(tmp_path, version, "id\n")
    (tmp_path / "notes").mkdir()
    assert diff.previous_release(tmp_path, "1.0.0") == tmp_path / "0.10.0"
    assert diff.previous_release(tmp_path, "0.9.5") == tmp_path / "0.9.0"
    assert diff.previous_release(tmp_path, "0.2.0") is None
    assert diff.previous_release(tmp_path / "missing", "1.0.0") is None


def test_history_is_every_kept_release_with_one_before_it_newest_first(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    release_folder(releases, "0.1.0", "id,name_en,name_vi\na,A,Á\n", "2026-01-02T00:00:00Z")
    package = release_folder(tmp_path, "0.3.0", "id,name_en,name_vi\na,A3,Á\nb,B,Bê\nc,C,Xê\n", "2026-03-04T00:00:00Z")
    assert [(r.version, r.base_version) for r in diff.history(package, releases)] == [("0.3.0", "0.1.0")]
    release_folder(releases, "0.2.0", "id,name_en,name_vi\na,A2,Á\nb,B,Bê\n", "2026-02-03T00:00:00Z")
    release_folder(releases, "0.4.0", "id\n")  # newer than the package: not its history
    found = diff.history(package, releases)
    assert [(r.version, r.date, r.base_version, r.base_date) for r in found] == [
        ("0.3.0", "2026-03-04", "0.2.0", "2026-02-03"),
        ("0.2.0", "2026-02-03", "0.1.0", "2026-01-02"),
    ]
    assert [k for k, _ in found[0].diffs[0].added] == [("c",)] and [k for k, _ in found[1].diffs[0].added] == [("b",)]
    assert [c.key for c in found[1].diffs[0].changed] == [("a",)]
    assert [(r.version, r.base_version) for r in diff.history(package, tmp_path / "none")] == [("0.3.0", None)]
    release_folder(releases, "0.0.1", "id\n")  # now 0.1.0 has one before it: its page is kept too
    found = diff.history(package, releases)
    assert [(r.version, r.base_version) for r in found] == [("0.3.0", "0.2.0"), ("0.2.0", "0.1.0"), ("0.1.0", "0.0.1")]


def test_release_compares_with_the_previous_release_or_counts_everything_added(tmp_path: Path) -> None:
    release_folder(tmp_path / "releases", "0.1.0", "id,name_en,name_vi\na,A,Á\nb,B,Bê\n", "2026-01-02T00:00:00Z")
    package = release_folder(tmp_path, "0.2.0", "id,name_en,name_vi\na,A2,Á\nc,C,Xê\n", "2026-02-03T00:00:00Z")
    found = diff.release(package, tmp_path / "releases")
    assert (found.version, found.date, found.base_version, found.base_date) == (
        "0.2.0",
        "2026-02-03",
        "0.1.0",
        "2026-01-02",
    )
    (topics,) = found.diffs
    assert topics.added == [(("c",), "C")] and topics.removed == [(("b",), "B")]
    assert topics.changed == [Change(("a",), "A2", [("name_en", "A", "A2")])]
    first = diff.release(package, tmp_path / "none")
    assert first.base_version is None and first.base_date is None
    assert [key for key, _ in first.diffs[0].added] == [("a",), ("c",)]


def test_version_key_sorts_numbers_and_anything_else_first() -> None:
    assert diff.version_key("0.10.0") == (0, 10, 0) and diff.version_key("0.9.1") < diff.version_key("0.10.0")
    assert diff.version_key("1.0-rc1") == () and diff.version_key("draft") == ()


def test_release_without_version_or_created(tmp_path: Path) -> None:
    """A descriptor without `version` or `created` gives "" (the package) or None (the release before it)."""
    topics = "id,name_en,name_vi\na,A,Á\n"
    package = release_folder(tmp_path, "0.2.0", topics)
    base = release_folder(tmp_path / "releases", "0.1.0", topics)
    for folder in (package, base):
        path = folder / "datapackage.json"
        resources = json.loads(path.read_text(encoding="utf-8"))["resources"]
        path.write_text(json.dumps({"resources": resources}), encoding="utf-8")
    found = diff.release(package, tmp_path / "releases")
    assert (found.version, found.date, found.base_version, found.base_date) == ("", "", None, None)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    (package / "datapackage.json").write_text(json.dumps(dict(descriptor, version="0.2.0")), encoding="utf-8")
    found = diff.release(package, tmp_path / "releases")
    assert (found.version, found.date, found.base_version, found.base_date) == ("0.2.0", "", None, None)


def test_a_folder_not_named_as_a_version_is_no_release(tmp_path: Path) -> None:
    release_folder(tmp_path, "draft", "id\n")
    assert diff.previous_release(tmp_path, "1.0.0") is None


def test_package_resources_names_the_descriptor_by_default(tmp_path: Path) -> None:
    with pytest.raises(DiffError) as raised:
        diff.package_resources(tmp_path)
    assert str(raised.value) == f"{tmp_path / 'datapackage.json'} not found"


def test_read_folder_names_the_file_by_its_folder_by_default(tmp_path: Path) -> None:
    package = release_folder(tmp_path, "0.1.0", "id\n")
    (resource,) = diff.package_resources(package)
    (package / "data" / "topics.csv").unlink()
    (package / "data" / "topics.csv").mkdir()
    with pytest.raises(DiffError) as raised:
        diff.read_folder(package, resource)
    assert str(raised.value).startswith(f"{package}/data/topics.csv cannot be read (")


def test_release_of_a_descriptor_that_is_not_an_object(tmp_path: Path) -> None:
    package = release_folder(tmp_path, "0.1.0", "id\n")
    (package / "datapackage.json").write_text("[]", encoding="utf-8")
    with pytest.raises(DiffError, match="cannot be read"):
        diff.release(package, tmp_path / "releases")
