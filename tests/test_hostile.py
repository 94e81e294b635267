"""A hostile corpus: what a pull request could send to escape the package, and its exact refusal.

Everything under datapackage/ and releases/, the descriptors included, is untrusted. Each case
makes one hostile change to a copy of the repository's data (datapackage/ and releases/ in a
scratch folder) and states where the validator must point (the file as shown, the line, the
column) and what it must say there (MESSAGES). Every case: exit 1, that line, no traceback, no
file changed in the scratch folder and none written beside it. Cases that would hang or run for
hours without their guard (a FIFO, /dev/zero, a catastrophic pattern) run in the CLI's own process
with a time limit; the others run in this process.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import os
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import PACKAGE, ROOT, PackageCopy, Result, read_rows, run_cli

from tracker import load, untrusted
from tracker.cli import main
from tracker.outputs import common as export

Expected = tuple[str, int | None, str | None]  # file as shown, line, column
Case = Callable[["Repo"], Expected]

TASK = "commune-health-station-model-2025"
TARGET = "hanoi-doctor-per-commune-health-station-2030"
EXCERPT = "hanoi-grassroots-plan-281"
SOURCE = "nhandan-health-sector-three-level-government"
INVISIBLE = ", which hides or reorders what is shown (delete it)"
FORMULA = "a spreadsheet opening the file would run as a formula (reword it to start with a letter, a digit or a quotation mark)"  # noqa: E501
SEGMENT = "must be letters, digits and single hyphens or underscores between them (it names a file or folder)"
RESERVED_TOP = (
    "is a name the site reserves for its own pages (404, about, assets, calendars, charts, corrections, "
    "data-dictionary, deadlines, downloads, embed, en, feeds, follow, index, pagefind, search, share, sitemap, "
    "timeline, vi, whats-new)"
)
VERSION = "must be the release's version as MAJOR.MINOR.PATCH (e.g. 0.4.0)"
RE2 = (
    "is not a regular expression the validator accepts (RE2 syntax, which runs in linear time: "
    "no back-references or look-arounds)"
)
PLAIN_NUMBER = "is not a number (expected digits with a dot as decimal separator, e.g. 95.5)"
SYMLINK = "is a symbolic link (a package holds regular files only; commit the file itself)"


class Repo(PackageCopy):
    """A scratch copy of the repository's data: datapackage/ (the PackageCopy) and releases/."""

    @property
    def releases(self) -> Path:
        return self.root.parent / "releases"

    def edit_release(self, version: str, change: Callable[[dict], None]) -> None:
        path = self.releases / version / "datapackage.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")

    def replace_descriptor_text(self, old: str, new: str) -> None:
        text = self.descriptor.read_text(encoding="utf-8")
        assert old in text
        self.descriptor.write_text(text.replace(old, new, 1), encoding="utf-8")


def resource_index(name: str) -> int:
    resources = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    return next(i for i, r in enumerate(resources) if r["name"] == name)


def field_index(resource: str, name: str) -> int:
    resources = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    return next(i for i, f in enumerate(resources[resource_index(resource)]["schema"]["fields"]) if f["name"] == name)


TOPICS = resource_index("topics")
NAME_EN = field_index("topics", "name_en")
DESCRIPTOR = "datapackage/datapackage.json"


def descriptor(change: Callable[[dict], None], column: str | None) -> Case:
    def mutate(repo: Repo) -> Expected:
        repo.edit_descriptor(change)
        return DESCRIPTOR, None, column

    return mutate


def cell(resource: str, record: str, column: str, value: str) -> Case:
    def mutate(repo: Repo) -> Expected:
        return f"datapackage/data/{resource}.csv", repo.set_cell(resource, record, column, value), column

    return mutate


def release(change: Callable[[dict], None], column: str | None) -> Case:
    def mutate(repo: Repo) -> Expected:
        repo.edit_release("0.2.0", change)
        return "releases/0.2.0/datapackage.json", None, column

    return mutate


def unpattern(descriptor: dict, resource: str) -> None:
    """The id's pattern dropped (and a maxLength given, as a free-text field needs)."""
    constraints = descriptor["resources"][resource_index(resource)]["schema"]["fields"][0]["constraints"]
    constraints.pop("pattern")
    constraints["maxLength"] = 2000


def unpatterned(resource: str, record: str, value: str) -> Case:
    """An id once the pull request has dropped the id's pattern: the containment rule still holds."""

    def mutate(repo: Repo) -> Expected:
        repo.edit_descriptor(lambda d: unpattern(d, resource))
        return f"datapackage/data/{resource}.csv", repo.set_cell(resource, record, "id", value), "id"

    return mutate


def new_topic(record_id: str) -> Case:
    def mutate(repo: Repo) -> Expected:
        line = repo.append_row(
            "topics", id=record_id, name_en="Reserved", name_vi="Dành riêng", description_vi="Mô tả", description_en="A"
        )
        return "datapackage/data/topics.csv", line, "id"

    return mutate


def link_to(target: str, resource: str = "topics") -> Case:
    def mutate(repo: Repo) -> Expected:
        path = repo.csv(resource)
        path.unlink()
        path.symlink_to(target)
        return f"datapackage/data/{resource}.csv", None, None

    return mutate


def fifo(repo: Repo) -> Expected:
    path = repo.csv("topics")
    path.unlink()
    os.mkfifo(path)
    return "datapackage/data/topics.csv", None, None


def stray_link(repo: Repo) -> Expected:
    (repo.root / "data" / "notes.txt").symlink_to("/etc/hostname")
    return "datapackage/data/notes.txt", None, None


def folder_is_a_link(repo: Repo) -> Expected:
    real = repo.root.parent / "elsewhere"
    repo.root.rename(real)
    repo.root.symlink_to(real)
    return "datapackage", None, None


def too_large(repo: Repo) -> Expected:
    with repo.csv("topics").open("r+b") as handle:
        handle.truncate(untrusted.MAX_FILE_BYTES + 1)  # sparse: nothing is written, nothing is read
    return "datapackage/data/topics.csv", None, None


def descriptor_too_large(repo: Repo) -> Expected:
    """One byte over the limit: the real descriptor, then spaces (valid JSON whitespace)."""
    data = repo.descriptor.read_bytes()
    repo.descriptor.write_bytes(data + b" " * (untrusted.MAX_DESCRIPTOR_BYTES + 1 - len(data)))
    return DESCRIPTOR, None, None


def descriptor_number(token: str) -> Case:
    def mutate(repo: Repo) -> Expected:
        repo.replace_descriptor_text('"maxLength": 300', f'"maxLength": {token}')
        return DESCRIPTOR, None, None

    return mutate


def catastrophic_pattern(repo: Repo) -> Expected:
    """^(a+)+$ backtracks for hours in Python's re on "aaa…a!"; RE2 answers at once."""
    repo.edit_descriptor(
        lambda d: d["resources"][TOPICS]["schema"]["fields"][NAME_EN].update(constraints={"pattern": "^(a+)+$"})
    )
    return "datapackage/data/topics.csv", repo.set_cell("topics", "culture", "name_en", "a" * 60 + "!"), "name_en"


def duplicate_url_with_zero_width_space(repo: Repo) -> Expected:
    """The URL of the first source with one, plus a zero-width space, given to the second."""
    rows = read_rows(repo.csv("sources"))
    first = next(row for row in rows if row["url"])
    other = next(row for row in rows if row["url"] and row["id"] != first["id"])
    assert first["url"].startswith("https://thanhnien.vn/tong-bi-thu-mien-vien-phi")
    return "datapackage/data/sources.csv", repo.set_cell("sources", other["id"], "url", first["url"] + "\u200b"), "url"


def case_twins(repo: Repo) -> Expected:
    repo.edit_descriptor(lambda d: unpattern(d, "jurisdictions"))
    line = repo.append_row("jurisdictions", id="vn-hn", name_vi="Hà Nội", name_en="Hanoi")
    return "datapackage/data/jurisdictions.csv", line, "id"


def release_not_a_version(repo: Repo) -> Expected:
    shutil.copytree(repo.releases / "0.2.0", repo.releases / "latest")
    return "releases/latest", None, None


def release_link(repo: Repo) -> Expected:
    (repo.releases / "0.2.0" / "data" / "passwd.csv").symlink_to("/etc/passwd")
    return "releases/0.2.0/data/passwd.csv", None, None


CASES: dict[str, Case] = {
    # script and paths in the descriptor's own strings
    "script in version": descriptor(lambda d: d.update(version="<script>alert(1)</script>"), "version"),
    "version leaves the folder": descriptor(lambda d: d.update(version="../../../escaped"), "version"),
    "package name leaves the folder": descriptor(lambda d: d.update(name="../escaped"), "name"),
    "x-path leaves the folder": descriptor(
        lambda d: d["resources"][TOPICS].update({"x-path": "../../escaped"}), f"resources[{TOPICS}].x-path"
    ),
    "x-path is a folder of the site": descriptor(
        lambda d: d["resources"][TOPICS].update({"x-path": "assets"}), f"resources[{TOPICS}].x-path"
    ),
    "x-path is a language": descriptor(
        lambda d: d["resources"][TOPICS].update({"x-path": "vi"}), f"resources[{TOPICS}].x-path"
    ),
    "two resources in one folder": descriptor(
        lambda d: d["resources"][TOPICS].update({"x-path": "targets"}), f"resources[{TOPICS}].x-path"
    ),
    "resource name with a slash": descriptor(
        lambda d: d["resources"][TOPICS].update(name="topics/../../x"), f"resources[{TOPICS}].name"
    ),
    "no release date": descriptor(lambda d: d.pop("created"), "created"),
    "release date not a date": descriptor(lambda d: d.update(created="yesterday"), "created"),
    "no primary key": descriptor(
        lambda d: d["resources"][TOPICS]["schema"].pop("primaryKey"), f"resources[{TOPICS}].schema.primaryKey"
    ),
    "inline data": descriptor(lambda d: d["resources"][TOPICS].update(data=[["a"]]), f"resources[{TOPICS}].data"),
    "remote profile": descriptor(lambda d: d.update(profile="http://127.0.0.1:9/profile.json"), "profile"),
    "remote resource profile": descriptor(
        lambda d: d["resources"][TOPICS].update(profile="https://example.org/p.json"), f"resources[{TOPICS}].profile"
    ),
    "remote $ref": descriptor(
        lambda d: d["resources"][TOPICS]["schema"]["fields"][NAME_EN].update({"$ref": "https://example.org/f.json"}),
        f"resources[{TOPICS}].schema.fields[{NAME_EN}].$ref",
    ),
    "invisible character in the title": descriptor(lambda d: d.update(title="Vietnam\u200bHealth"), "title"),
    "bidi control in a description": descriptor(
        lambda d: d["resources"][TOPICS].update(description="Topics \u202eevil"), f"resources[{TOPICS}].description"
    ),
    "free text without maxLength": descriptor(
        lambda d: d["resources"][TOPICS]["schema"]["fields"][NAME_EN]["constraints"].pop("maxLength"),
        f"resources[{TOPICS}].schema.fields[{NAME_EN}].constraints.maxLength",
    ),
    "maxLength over the limit": descriptor(
        lambda d: d["resources"][TOPICS]["schema"]["fields"][NAME_EN]["constraints"].update(maxLength=5_000_000),
        f"resources[{TOPICS}].schema.fields[{NAME_EN}].constraints.maxLength",
    ),
    "pattern RE2 cannot run": descriptor(
        lambda d: d["resources"][TOPICS]["schema"]["fields"][0]["constraints"].update(pattern="^(a)\\1$"),
        f"resources[{TOPICS}].schema.fields[0].constraints.pattern",
    ),
    "catastrophic pattern": catastrophic_pattern,
    "NaN in the descriptor": descriptor_number("NaN"),
    "1e400 in the descriptor": descriptor_number("1e400"),
    "descriptor too large": descriptor_too_large,
    # files that are not what they seem
    "CSV linked to /etc/passwd": link_to("/etc/passwd"),
    "CSV linked to /dev/zero": link_to("/dev/zero"),
    "CSV linked from outside the package": link_to(str(ROOT / "datapackage" / "data" / "topics.csv")),
    "CSV is a FIFO": fifo,
    "stray link in the package": stray_link,
    "package folder is a link": folder_is_a_link,
    "CSV over the size limit": too_large,
    # ids that would name files the site reserves or leave the folder
    "id leaves the folder once its pattern is dropped": unpatterned("topics", "culture", "../../escaped"),
    "300-character id": cell("topics", "culture", "id", "a" * 300),
    "target named index": cell("targets", TARGET, "id", "index"),
    "topic named page-2": new_topic("page-2"),
    "ids that differ only in case": case_twins,
    # invisible text
    "zero-width space in a quote": cell("news_excerpts", EXCERPT, "excerpt", "Hà Nội\u200b đặt mục tiêu"),
    "bidi override in a quote": cell("tasks", TASK, "source_wording", "coverage of 5.59\u202e%"),
    "bidi override in a URL": cell("sources", SOURCE, "url", "https://nhandan.vn/\u202egro.elpmaxe"),
    "zero-width space defeats the duplicate-URL rule": duplicate_url_with_zero_width_space,
    "required cell holding one invisible character": cell("topics", "culture", "name_en", "\u2060"),
    # formulas
    "formula with =": cell("tasks", TASK, "notes_en", '=HYPERLINK("https://example.org","x")'),
    "formula with +": cell("tasks", TASK, "notes_en", "+1+cmd|' /C calc'!A0"),
    "formula with -": cell("tasks", TASK, "notes_en", "-2+3"),
    "formula with @": cell("tasks", TASK, "notes_en", "@SUM(1,1)"),
    # numbers
    "INF as a number": cell("targets", TARGET, "value", "INF"),
    "NaN as a number": cell("targets", TARGET, "value", "NaN"),
    "1e400 as a number": cell("targets", TARGET, "value", "1e400"),
    "5 MB cell": cell("tasks", TASK, "notes_en", "x" * 5_000_000),
    # releases/ is validated like the package
    "release lists /etc/passwd": release(lambda d: d["resources"][0].update(path="/etc/passwd"), "resources[0].path"),
    "release path leaves its folder": release(
        lambda d: d["resources"][0].update(path="../../datapackage/data/topics.csv"), "resources[0].path"
    ),
    "script in a release's version": release(lambda d: d.update(version="<script>alert(1)</script>"), "version"),
    "release version is not its folder": release(lambda d: d.update(version="0.2.1"), "version"),
    "release folder not a version": release_not_a_version,
    "link in a release": release_link,
}

# What follows `file:line: column:` (or `file:`) in the validator's line for each case.
MESSAGES: dict[str, str] = {
    "script in version": f'"<script>alert(1)</script>" {VERSION}',
    "version leaves the folder": f'"../../../escaped" {VERSION}',
    "package name leaves the folder": f'"../escaped" {SEGMENT}',
    "x-path leaves the folder": f'"../../escaped" {SEGMENT}',
    "x-path is a folder of the site": f'"assets" {RESERVED_TOP}',
    "x-path is a language": f'"vi" {RESERVED_TOP}',
    "two resources in one folder": '"targets" is also the folder of targets (each resource has its own)',
    "resource name with a slash": '"topics/../../x" must be a lowercase letter, then lowercase letters, digits or underscores (at most 31)',  # noqa: E501
    "no release date": '"" must be the release\'s date and time in ISO 8601 (e.g. 2026-11-26T00:00:00Z)',
    "release date not a date": '"yesterday" must be the release\'s date and time in ISO 8601 (e.g. 2026-11-26T00:00:00Z)',  # noqa: E501
    "no primary key": '"" must be "id", a field of the resource (every record has an id, which names its pages)',
    "inline data": "is not supported: a resource's rows are in its CSV file (path)",
    "remote profile": '"http://127.0.0.1:9/profile.json" must be one of: data-package, tabular-data-package, data-resource, tabular-data-resource (nothing is fetched from elsewhere)',  # noqa: E501
    "remote resource profile": '"https://example.org/p.json" must be one of: data-package, tabular-data-package, data-resource, tabular-data-resource (nothing is fetched from elsewhere)',  # noqa: E501
    "remote $ref": '"https://example.org/f.json" is not supported: a descriptor is one file, and nothing is fetched from elsewhere',  # noqa: E501
    "invisible character in the title": '"Vietnam\\u200bHealth" contains the invisible character U+200B ZERO WIDTH SPACE (delete it)',  # noqa: E501
    "bidi control in a description": '"Topics \\u202eevil" contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE (delete it)',  # noqa: E501
    "free text without maxLength": '"" must be set, at most 2000, on a free-text field (a string with no pattern or enum)',  # noqa: E501
    "maxLength over the limit": '"5000000" must be set, at most 2000, on a free-text field (a string with no pattern or enum)',  # noqa: E501
    "pattern RE2 cannot run": f'"^(a)\\\\1$" {RE2}',
    "catastrophic pattern": '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" does not match the pattern ^(a+)+$',  # noqa: E501
    "NaN in the descriptor": "is not valid JSON: NaN is not a number JSON allows (numbers must be finite)",
    "1e400 in the descriptor": "is not valid JSON: 1e400 is too large a number (numbers must be finite)",
    "descriptor too large": f"is {untrusted.MAX_DESCRIPTOR_BYTES + 1:,} bytes, over the limit of {untrusted.MAX_DESCRIPTOR_BYTES:,}",  # noqa: E501
    "CSV linked to /etc/passwd": SYMLINK,
    "CSV linked to /dev/zero": SYMLINK,
    "CSV linked from outside the package": SYMLINK,
    "CSV is a FIFO": "is not a regular file (a FIFO, socket or device)",
    "stray link in the package": SYMLINK,
    "package folder is a link": "is a symbolic link (a package is a folder of regular files)",
    "CSV over the size limit": f"is {untrusted.MAX_FILE_BYTES + 1:,} bytes, over the limit of {untrusted.MAX_FILE_BYTES:,}",  # noqa: E501
    "id leaves the folder once its pattern is dropped": f'"../../escaped" {SEGMENT}',
    "300-character id": f'"{"a" * 79}…" is 300 characters long (at most 100: it names a file or folder of the site)',
    "target named index": '"index" is a name the site reserves in every folder (index, page-2, page-3, ...)',
    "topic named page-2": '"page-2" is a name the site reserves in every folder (index, page-2, page-3, ...)',
    "ids that differ only in case": '"vn-hn" makes the same address as VN-HN on line 3 (ids must differ in more than case)',  # noqa: E501
    "zero-width space in a quote": f'"Hà Nội\\u200b đặt mục tiêu" contains the invisible character U+200B ZERO WIDTH SPACE{INVISIBLE}',  # noqa: E501
    "bidi override in a quote": f'"coverage of 5.59\\u202e%" contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE{INVISIBLE}',  # noqa: E501
    "bidi override in a URL": f'"https://nhandan.vn/\\u202egro.elpmaxe" contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE{INVISIBLE}',  # noqa: E501
    "zero-width space defeats the duplicate-URL rule": f'"https://thanhnien.vn/tong-bi-thu-mien-vien-phi-toan-dan-tu-giai-doan-2030-2035-…" contains the invisible character U+200B ZERO WIDTH SPACE{INVISIBLE}',  # noqa: E501
    "required cell holding one invisible character": f'"\\u2060" contains the invisible character U+2060 WORD JOINER{INVISIBLE}',  # noqa: E501
    "formula with =": f'"=HYPERLINK(\\"https://example.org\\",\\"x\\")" starts with \'=\', which {FORMULA}',
    "formula with +": f"\"+1+cmd|' /C calc'!A0\" starts with '+', which {FORMULA}",
    "formula with -": f"\"-2+3\" starts with '-', which {FORMULA}",
    "formula with @": f"\"@SUM(1,1)\" starts with '@', which {FORMULA}",
    "INF as a number": f'"INF" {PLAIN_NUMBER}',
    "NaN as a number": f'"NaN" {PLAIN_NUMBER}',
    "1e400 as a number": f'"1e400" {PLAIN_NUMBER}',
    "5 MB cell": f'"{"x" * 79}…" is 5000000 characters long (at most 2000)',
    "release lists /etc/passwd": '"/etc/passwd" must be a relative path inside the package folder',
    "release path leaves its folder": '"../../datapackage/data/topics.csv" must be a relative path inside the package folder',  # noqa: E501
    "script in a release's version": f'"<script>alert(1)</script>" {VERSION}',
    "release version is not its folder": '"0.2.1" must be the folder\'s name, 0.2.0 (the release it holds)',
    "release folder not a version": "is not a release: releases/ holds one folder per version, named MAJOR.MINOR.PATCH",
    "link in a release": SYMLINK,
}

# Cases whose guard, were it missing, would hang or run for hours: run in the CLI's own process,
# which run_cli stops after two minutes.
IN_A_PROCESS = {"catastrophic pattern", "CSV linked to /dev/zero", "CSV is a FIFO"}


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repo]:
    scratch = tmp_path / "repo"
    shutil.copytree(PACKAGE, scratch / "datapackage")
    shutil.copytree(ROOT / "releases", scratch / "releases")
    yield Repo(scratch / "datapackage")


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below a folder: a file's bytes, a link's target, a FIFO as such (never opened)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_fifo():
            found[name] = "fifo"
        elif path.is_file():
            found[name] = path.read_bytes() if path.stat().st_size < 10_000_000 else f"{path.stat().st_size} bytes"
    return found


def validate(repo: Repo, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Result:
    if name in IN_A_PROCESS:
        return run_cli("validate", "datapackage", cwd=repo.root.parent)
    monkeypatch.chdir(repo.root.parent)
    code = main(["validate", "datapackage"])
    return Result(code, *capsys.readouterr())


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_refused_precisely(
    name: str, repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown, line, column = CASES[name](repo)
    scratch = repo.root.parent
    before = snapshot(scratch)
    result = validate(repo, name, monkeypatch, capsys)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err and result.err == ""
    where = shown + (f":{line}" if line else "") + (f": {column}:" if column else ":")
    problems = result.out.splitlines()[:-1]
    assert f"{where} {MESSAGES[name]}" in problems, f"expected {where} {MESSAGES[name]!r} in:\n{result.out[:3000]}"
    assert "problem" in result.out.splitlines()[-1]
    assert "root:" not in result.out, "no message prints another file's content"
    assert snapshot(scratch) == before, "validation must not change the files it reads"
    assert sorted(p.name for p in scratch.parent.iterdir()) == ["repo"], "nothing is written beside the scratch folder"


def test_corpus_covers_the_issue() -> None:
    assert len(CASES) >= 36
    assert set(MESSAGES) == set(CASES)


BUILT = {
    "version": lambda repo: repo.edit_descriptor(lambda d: d.update(version="../../../escaped")),
    "x-path": lambda repo: repo.edit_descriptor(lambda d: d["resources"][TOPICS].update({"x-path": "../../escaped"})),
    "release": lambda repo: repo.edit_release("0.2.0", lambda d: d["resources"][0].update(path="/etc/passwd")),
}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_a_hostile_build_stops_and_keeps_the_good_site(name: str, repo: Repo) -> None:
    """The build validates the package and the releases first: it stops, writes nothing outside its
    folders, and the site in public/ is the one that was there."""
    scratch = repo.root.parent
    shutil.copy(ROOT / "mkdocs.yml", scratch / "mkdocs.yml")
    (scratch / "public").mkdir()
    (scratch / "public" / "index.html").write_text("the good site", encoding="utf-8")
    BUILT[name](repo)
    result = run_cli("build", cwd=scratch)
    assert result.code == 1, result.out + result.err
    assert "build stopped: the package is invalid; public/ was left as it was" in result.out
    assert "Traceback" not in result.err
    assert (scratch / "public" / "index.html").read_text(encoding="utf-8") == "the good site"
    assert sorted(p.name for p in scratch.parent.iterdir()) == ["repo"]
    assert not any("escaped" in str(p) for p in scratch.rglob("*"))


class Counting(http.server.BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        Counting.requests += 1
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"type": "object"}')

    def log_message(self, *args: object) -> None:
        pass


def test_a_remote_profile_is_refused_without_being_fetched(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/profile.json"
        repo.edit_descriptor(lambda d: d.update(profile=url))
        repo.edit_descriptor(lambda d: d["resources"][0]["schema"].update({"$ref": url}))
        monkeypatch.chdir(repo.root.parent)
        assert main(["validate", "datapackage"]) == 1
        out = capsys.readouterr().out
    finally:
        server.shutdown()
    assert f'{DESCRIPTOR}: profile: "{url}" must be one of' in out
    assert Counting.requests == 0


def test_csv_downloads_neutralise_formulas_but_keep_the_comparator() -> None:
    """A CSV download gives a formula cell a leading apostrophe (OWASP), keeps an enum's "=", and
    leaves a valid file byte for byte."""
    resource = next(
        r for r in json.loads((PACKAGE / "datapackage.json").read_text("utf-8"))["resources"] if r["name"] == "targets"
    )
    real = (PACKAGE / "data" / "targets.csv").read_bytes()
    assert b",=," in real
    assert export.spreadsheet_safe(real, resource) == real
    rows = list(csv.reader(io.StringIO(real.decode("utf-8"))))
    notes = rows[0].index("notes_en")
    rows[1][notes] = "=HYPERLINK(1)"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    safe = list(csv.reader(io.StringIO(export.spreadsheet_safe(buffer.getvalue().encode(), resource).decode())))
    assert safe[1][notes] == "'=HYPERLINK(1)"
    assert [row[rows[0].index("comparator")] for row in safe] == [row[rows[0].index("comparator")] for row in rows]


# The guards themselves


def test_within_refuses_every_way_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    assert untrusted.within(out, "a/b.html") == out / "a" / "b.html"
    for path in ("../x", "/etc/x", "a/../../x", "link/x", "a\\..\\x"):
        with pytest.raises(untrusted.Outside):
            untrusted.within(out, path)


def test_read_bytes_never_opens_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")  # opening it for reading would wait for a writer forever
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "folder").symlink_to(tmp_path)
    (tmp_path / "big").write_bytes(b"x" * 11)
    for name, why in [("fifo", "not a regular file"), ("zero", "symbolic link"), ("folder/big", "symbolic link")]:
        with pytest.raises(untrusted.UnsafeFile, match=why):
            untrusted.read_bytes(tmp_path, name)
    with pytest.raises(untrusted.UnsafeFile, match="over the limit of 10"):
        untrusted.read_bytes(tmp_path, "big", limit=10)
    assert untrusted.read_bytes(tmp_path, "big") == b"x" * 11


def test_the_reserved_names_are_every_folder_of_the_built_site(built_site: Path) -> None:
    """The list of names the site reserves (untrusted.SITE_FOLDERS and the languages) holds every
    entry at the top of the built site that is not a resource's folder, so it cannot go stale."""
    resources = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    folders = {r.get("x-path", r["name"]) for r in resources}
    top = {p.name.split(".")[0] for p in built_site.iterdir()} - folders
    assert top <= untrusted.SITE_FOLDERS | untrusted.languages(), top - untrusted.SITE_FOLDERS


def longest(n: int, vietnamese: bool) -> str:
    """A text of exactly n characters (Vietnamese, with its multi-byte letters, or English)."""
    words = "Nghị quyết về chăm sóc sức khỏe nhân dân " if vietnamese else "Resolution on people's health care "
    return (words * (n // len(words) + 2))[: n - 1] + "x"  # no column name: readers never see one


def at_their_longest(package: Path) -> None:
    """The first row of every resource with every free-text cell at its maxLength (references, codes,
    dates and links as they are; a source's headline kept as the x-printed rule wants it)."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        refs = set(load.references(resource))
        rows = read_rows(package / resource["path"])
        row = rows[0]
        for fld in resource["schema"]["fields"]:
            constraints = fld.get("constraints", {})
            if load.free_text(fld) and fld["name"] not in refs:
                row[fld["name"]] = longest(constraints["maxLength"], fld["name"].endswith("_vi"))
        if printed := resource.get("x-printed"):
            for language in ("vi", "en"):
                name = f"{printed['field']}_{language}"
                same = row[printed["language"]] == language
                row[name] = row[printed["field"]] if same else f"[{row[name][1:-1]}]"
        PackageCopy(package).rewrite(resource["name"], rows)


def test_no_cell_at_its_longest_makes_a_page_over_100_kb(tmp_path: Path, built_site: Path) -> None:
    """Every free text has a maxLength (quotes 300, names 200, titles 500, summaries 1,000, notes
    2,000): with one row of every resource at those limits, no page of either language is over
    100 kB, and none grows by more than 20 kB over the real package's."""
    from tracker.site import Paths, build

    shutil.copytree(PACKAGE, tmp_path / "datapackage")
    shutil.copytree(ROOT / "releases", tmp_path / "releases")
    at_their_longest(tmp_path / "datapackage")
    paths = Paths(
        package=tmp_path / "datapackage",
        docs=tmp_path / "docs",
        out=tmp_path / "public",
        releases=tmp_path / "releases",
    )
    assert build(paths, quiet=True) == 0
    sizes = {str(p.relative_to(paths.out)): p.stat().st_size for p in paths.out.rglob("*.html")}
    real = {str(p.relative_to(built_site)): p.stat().st_size for p in built_site.rglob("*.html")}
    assert max(sizes.values()) < 100_000, max(sizes, key=sizes.get)
    grown = {page: size - real[page] for page, size in sizes.items() if page in real}
    assert max(grown.values()) < 20_000, max(grown, key=grown.get)
    assert max(grown.values()) > 5_000  # the long cells are shown


def test_every_zip_download_is_safe_to_extract(built_site: Path) -> None:
    """The package's ZIP and every earlier release's: each entry a relative path inside the archive
    (no "..", no absolute path, no backslash), so extracting it writes nowhere else."""
    archives = sorted((built_site / "downloads").rglob("*.zip"))
    assert len(archives) >= 3  # this version and the releases kept in releases/
    for archive in archives:
        with zipfile.ZipFile(archive) as opened:
            for name in opened.namelist():
                assert load.safe_path(name) and not name.startswith("/"), (archive.name, name)
