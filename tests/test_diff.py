"""`python build.py diff`: the real command line on real temporary git repositories."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PACKAGE, PackageCopy, read_rows, run_cli

RESOLUTION = "72-nq-tw"
REMOVED_EXCERPT = "thanhnien-yearly-health-checkups"
NEW_TARGET = "hanoi-example-electronic-health-books-2030"
NEW_TOPIC = "mental-health"
NEW_NOTES = "Example note | with a pipe\nand a second line"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    set_git_identity(monkeypatch, tmp_path)


def set_git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Commits work on a clean machine, whatever the user's git configuration says."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Contributor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "contributor@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


def make_repo(root: Path, branch: str = "main") -> PackageCopy:
    """A git repository holding a copy of the real package, committed on `branch`."""
    root.mkdir()
    git(root, "init", "--quiet", f"--initial-branch={branch}")
    shutil.copytree(PACKAGE, root / "datapackage")
    commit(root, "The real package")
    return PackageCopy(root / "datapackage")


def commit(root: Path, message: str) -> str:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message)
    return git(root, "rev-parse", "--short", "HEAD")


def remove_row(package: PackageCopy, resource: str, record_id: str) -> None:
    rows = read_rows(package.csv(resource))
    package.rewrite(resource, [row for row in rows if row["id"] != record_id])


def edit(package: PackageCopy) -> None:
    """The changes under review: one in each of four resources."""
    package.append_row(
        "targets",
        id=NEW_TARGET,
        local_plan_id="hanoi-action-programme-72",
        jurisdiction="VN-HN",
        topic="digital-health",
        indicator_vi="Tỷ lệ người dân có sổ sức khỏe điện tử",
        indicator_en="Share of residents with an electronic health book",
        comparator=">=",
        value="90",
        unit_vi="%",
        unit_en="%",
        deadline="2030",
        source="hanoi-hospital-fee-exemption-roadmap",
    )
    package.set_cell("resolutions", RESOLUTION, "date_issued", "2025-08")
    package.set_cell("resolutions", RESOLUTION, "notes_en", NEW_NOTES)
    remove_row(package, "news_excerpts", REMOVED_EXCERPT)
    package.append_row(
        "topics",
        id=NEW_TOPIC,
        name_en="Mental health",
        name_vi="Sức khỏe tâm thần",
        description_vi="Chủ đề mẫu cho phép thử.",
        description_en="Example topic for the test.",
    )


def sections(markdown: str) -> dict[str, str]:
    """The text under each `### resource` heading, in order."""
    parts = re.split(r"^### (\S+)\n", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def bullets(text: str, heading: str) -> list[str]:
    """The list items under a bold heading such as **Added**."""
    if f"**{heading}**" not in text:
        return []
    block = text.split(f"**{heading}**\n\n", 1)[1]
    return [line[2:] for line in block.split("\n\n", 1)[0].splitlines() if line.startswith("- ")]


def table_rows(text: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith(("| field ", "| ---")):
            cells = re.split(r"(?<!\\) \| ", line[2:-2])
            rows.append(tuple(cells))
    return rows


def test_lists_added_changed_and_removed_records_per_resource(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")
    old = next(r for r in read_rows(package.csv("resolutions")) if r["id"] == RESOLUTION)
    base = git(package.root.parent, "rev-parse", "--short", "main")
    edit(package)

    result = run_cli("diff", "main", cwd=package.root.parent)

    assert result.code == 0, result.err
    assert result.err == ""
    out = result.out
    assert out.splitlines()[0] == f"## Data changes since `{base}`"
    assert f"Compared with `main`, commit `{base}`." in out
    assert "2 added, 1 changed, 1 removed in 4 resources." in out
    found = sections(out)
    assert list(found) == ["resolutions", "targets", "news_excerpts", "topics"]

    assert bullets(found["targets"], "Added") == [f"`{NEW_TARGET}` — Share of residents with an electronic health book"]
    assert "**Changed**" not in found["targets"] and "**Removed**" not in found["targets"]

    resolutions = found["resolutions"]
    assert "**Added**" not in resolutions and "**Removed**" not in resolutions
    assert f"`{RESOLUTION}` — {old['title_en']}"[:60] in resolutions
    assert not set(old["notes_en"]) & set("\\`*[]<|"), "the old note needs no escaping"
    assert table_rows(resolutions) == [
        ("`date_issued`", old["date_issued"], "2025-08"),
        ("`notes_en`", old["notes_en"], "Example note \\| with a pipe<br>and a second line"),
    ]

    excerpts = found["news_excerpts"]
    removed = bullets(excerpts, "Removed")
    assert len(removed) == 1 and removed[0].startswith(f"`{REMOVED_EXCERPT}` — ")
    assert "**Added**" not in excerpts and "**Changed**" not in excerpts

    assert bullets(found["topics"], "Added") == [f"`{NEW_TOPIC}` — Mental health"]


def test_default_base_is_the_merge_base_with_main(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")
    root = package.root.parent
    fork = git(root, "rev-parse", "--short", "HEAD")
    git(root, "switch", "--quiet", "--create", "feature")
    package.set_cell("resolutions", RESOLUTION, "status", "in-preparation")
    commit(root, "A change on the feature branch")
    git(root, "switch", "--quiet", "main")
    remove_row(package, "topics", "culture")
    commit(root, "A later change on main that the feature branch does not have")
    git(root, "switch", "--quiet", "feature")
    remove_row(package, "news_excerpts", REMOVED_EXCERPT)  # uncommitted: the working tree counts

    result = run_cli("diff", cwd=root)

    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == f"## Data changes since `{fork}`"
    assert f"Compared with the merge base of HEAD and `main`, commit `{fork}`." in result.out
    found = sections(result.out)
    assert list(found) == ["resolutions", "news_excerpts"]
    assert table_rows(found["resolutions"]) == [("`status`", "issued", "in-preparation")]
    assert "0 added, 1 changed, 1 removed in 2 resources." in result.out

    against_tip = run_cli("diff", "main", cwd=root)
    assert bullets(sections(against_tip.out)["topics"], "Added")[0].startswith("`culture` — ")


def test_without_main_the_base_is_head(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo", branch="trunk")
    head = git(package.root.parent, "rev-parse", "--short", "HEAD")
    package.set_cell("topics", "culture", "name_en", "Culture and arts")

    result = run_cli("diff", cwd=package.root.parent)

    assert result.code == 0, result.err
    assert f"Compared with HEAD (no `main` or `origin/main` branch found), commit `{head}`." in result.out
    assert table_rows(sections(result.out)["topics"]) == [("`name_en`", "Culture", "Culture and arts")]


def test_no_change(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")
    result = run_cli("diff", "main", cwd=package.root.parent)
    assert result.code == 0
    assert "No record was added, changed or removed." in result.out
    assert "###" not in result.out
    assert "No property of `datapackage/datapackage.json` changed." in result.out
    assert "No file under `releases/` was added, changed or removed." in result.out


def section(markdown: str, heading: str) -> str:
    """The text under a `## heading`, up to the next one."""
    return markdown.split(f"## {heading}\n\n", 1)[1].split("\n## ", 1)[0]


def test_descriptor_changes_are_listed_property_by_property(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")

    def change(descriptor: dict) -> None:
        targets = next(r for r in descriptor["resources"] if r["name"] == "targets")
        identifier = next(f for f in targets["schema"]["fields"] if f["name"] == "id")
        del identifier["constraints"]["pattern"]
        identifier["description"] = "Changed description"
        descriptor["version"] = "9.9.9"

    package.edit_descriptor(change)
    result = run_cli("diff", "main", cwd=package.root.parent)

    assert result.code == 0, result.err
    found = section(result.out, "Descriptor changes")
    assert found.startswith("3 properties of `datapackage/datapackage.json` changed.\n\n")
    assert "**⚠ 1 change loosens the base's rules**" in found
    pattern = "resources[targets].schema.fields[id].constraints.pattern"
    assert f"- `{pattern}`: pattern removed (was ^\\[a-z0-9\\]+(-\\[a-z0-9\\]+)\\*$)" in found.splitlines()
    rows = [
        line for line in found.splitlines() if line.startswith("| ") and not line.startswith(("| property", "| ---"))
    ]
    version = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["version"]
    assert rows[0] == f'| `version` | `"{version}"` | `"9.9.9"` |'
    assert rows[1].startswith('| `resources[targets].schema.fields[id].description` | `"Stable identifier')
    assert rows[1].endswith(' | `"Changed description"` |')
    assert rows[2] == f'| **⚠ loosens** `{pattern}` | `"^[a-z0-9]+(-[a-z0-9]+)*$"` | *(absent)* |'
    assert len(rows) == 3


def test_a_change_to_a_published_release_is_flagged(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")
    root = package.root.parent
    shutil.copytree(PACKAGE.parent / "releases", root / "releases")
    commit(root, "The releases")
    topics = root / "releases" / "0.2.0" / "data" / "topics.csv"
    topics.write_text(topics.read_text(encoding="utf-8").replace("Culture", "Culture and arts"), encoding="utf-8")
    (root / "releases" / "0.1.0" / "datapackage.json").unlink()
    (root / "releases" / "9.0.0").mkdir()
    (root / "releases" / "9.0.0" / "datapackage.json").write_text("{}\n", encoding="utf-8")

    result = run_cli("diff", "main", cwd=root)

    assert result.code == 0, result.err
    found = section(result.out, "Release changes")
    assert found.startswith("**⚠ 2 files of published releases changed**: a released version is immutable")
    assert "- `releases/0.1.0/datapackage.json` (removed)\n- `releases/0.2.0/data/topics.csv` (changed)\n" in found
    assert found.endswith(
        "| file | change |\n| --- | --- |\n"
        "| `releases/0.1.0/datapackage.json` | removed (**published release 0.1.0**) |\n"
        "| `releases/0.2.0/data/topics.csv` | changed (**published release 0.2.0**) |\n"
        "| `releases/9.0.0/datapackage.json` | added (new release 9.0.0) |\n"
    )


def test_a_file_absent_at_the_base_counts_as_all_added(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")
    root = package.root.parent
    topics = package.csv("topics").read_bytes()
    git(root, "rm", "--quiet", "datapackage/data/topics.csv")
    base = commit(root, "No topics yet")
    package.csv("topics").write_bytes(topics)

    result = run_cli("diff", base, cwd=root)

    assert result.code == 0, result.err
    added = bullets(sections(result.out)["topics"], "Added")
    assert [item.split(" — ")[0] for item in added] == [f"`{row['id']}`" for row in read_rows(package.csv("topics"))]
    assert list(sections(result.out)) == ["topics"]


def test_moving_a_row_is_not_a_change(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")
    rows = read_rows(package.csv("topics"))
    package.rewrite("topics", rows[::-1])
    result = run_cli("diff", "main", cwd=package.root.parent)
    assert "No record was added, changed or removed." in result.out


def test_unknown_revision_exits_2(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")
    result = run_cli("diff", "no-such-branch", cwd=package.root.parent)
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip() == ("diff: unknown git revision: 'no-such-branch' (try a branch, a tag or a commit hash)")
    assert "Traceback" not in result.err


def test_outside_a_git_repository_exits_2(tmp_path: Path) -> None:
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    result = run_cli("diff", cwd=outside)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("diff: not a git repository: ")
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_without_git_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = make_repo(tmp_path / "repo")
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run_cli("diff", "main", cwd=package.root.parent)
    assert result.code == 2
    assert result.err.strip() == "diff: git is not installed (or not on PATH): the diff command needs it"


def base_nul_byte(package: PackageCopy) -> None:
    data = package.csv("topics").read_bytes()
    package.csv("topics").write_bytes(data[:50] + b"\x00" + data[50:])


def base_binary(package: PackageCopy) -> None:
    package.csv("topics").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def base_unclosed_quote(package: PackageCopy) -> None:
    package.csv("topics").write_bytes(package.csv("topics").read_bytes() + b'oops,"never closed\n')


def base_huge_cell(package: PackageCopy) -> None:
    package.csv("topics").write_bytes(package.csv("topics").read_bytes() + b'big,"' + b"x" * 200_000 + b'",,\n')


def base_folder(package: PackageCopy) -> None:
    package.csv("topics").unlink()
    package.csv("topics").mkdir()
    (package.csv("topics") / "README").write_text("not a CSV file\n", encoding="utf-8")


MALFORMED_BASES = {
    "NUL byte": (base_nul_byte, "is not a CSV file (it contains a NUL byte)"),
    "binary file": (base_binary, "is not a CSV file (it contains a NUL byte)"),
    "unclosed quote": (base_unclosed_quote, "is not well-formed CSV (unexpected end of data)"),
    "cell over the CSV field limit": (base_huge_cell, "is not well-formed CSV (field larger than field limit"),
    "a folder where the CSV should be": (base_folder, "is not a file"),
}


@pytest.fixture(scope="module")
def malformed_bases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One repository with one commit per malformed topics.csv, and the real package in the working tree."""
    root = tmp_path_factory.mktemp("malformed") / "repo"
    commits = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        set_git_identity(monkeypatch, root.parent)
        package = make_repo(root)
        for name, (breaks, _) in MALFORMED_BASES.items():
            shutil.rmtree(package.root)
            shutil.copytree(PACKAGE, package.root)
            breaks(package)
            commits[name] = commit(root, f"A malformed topics.csv: {name}")
        shutil.rmtree(package.root)
        shutil.copytree(PACKAGE, package.root)  # the working tree is the real, valid package
    return root, commits


@pytest.mark.parametrize("name", MALFORMED_BASES)
def test_malformed_csv_at_the_base_is_one_clear_error(malformed_bases: tuple[Path, dict[str, str]], name: str) -> None:
    """The base is history: the validator never saw it, so the diff must say what is wrong with it."""
    root, commits = malformed_bases
    result = run_cli("diff", commits[name], cwd=root)
    assert result.code == 2, result.out + result.err
    assert result.out == ""
    assert result.err.startswith(f"diff: datapackage/data/topics.csv at {commits[name]} {MALFORMED_BASES[name][1]}")
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_malformed_descriptor_at_the_base_is_not_read(tmp_path: Path) -> None:
    """The resources come from the working tree's descriptor (see tracker/diff.py): a broken one at the base is fine."""
    root = tmp_path / "repo"
    package = make_repo(root)
    package.descriptor.write_text('{"resources": [,,', encoding="utf-8")
    base = commit(root, "A malformed descriptor")
    shutil.copy(PACKAGE / "datapackage.json", package.descriptor)
    result = run_cli("diff", base, cwd=root)
    assert result.code == 0, result.err
    assert "No record was added, changed or removed." in result.out


def test_malformed_descriptor_in_the_working_tree_is_one_clear_error(tmp_path: Path) -> None:
    package = make_repo(tmp_path / "repo")
    package.descriptor.write_text('{"resources": [,,', encoding="utf-8")
    result = run_cli("diff", "main", cwd=package.root.parent)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("diff: datapackage/datapackage.json cannot be read (Expecting value: line 1 column 16")
    assert result.err.rstrip().endswith("run `python build.py validate`")
    assert "Traceback" not in result.err


def test_tasks_events_people_and_progress_are_compared_like_the_others(tmp_path: Path) -> None:
    """The resources of issue 11 need nothing of their own: a task added, one changed and one removed,
    labelled by their English action; a changed person and a removed progress report."""
    package = make_repo(tmp_path / "repo")
    tasks = {row["id"]: row for row in read_rows(package.csv("tasks"))}
    new = dict(tasks["national-health-database"], id="example-new-task", action_en="Example task added for the test")
    package.append_row("tasks", **new)
    package.set_cell("tasks", "health-worker-pay-regulations", "deadline", "2027")
    remove_row(package, "tasks", "medical-universities-network-review")
    package.set_cell("people", "to-lam", "position_date", "2025-06")
    report = read_rows(package.csv("progress"))[-1]
    remove_row(package, "progress", report["id"])

    result = run_cli("diff", "main", cwd=package.root.parent)

    assert result.code == 0, result.err
    assert "1 added, 2 changed, 2 removed in 3 resources." in result.out
    found = sections(result.out)
    assert list(found) == ["tasks", "people", "progress"]
    assert bullets(found["tasks"], "Added") == ["`example-new-task` — Example task added for the test"]
    changed = tasks["health-worker-pay-regulations"]
    assert f"`health-worker-pay-regulations` — {changed['action_en']}"[:80] in found["tasks"]
    assert table_rows(found["tasks"]) == [("`deadline`", changed["deadline"] or "*(empty)*", "2027")]
    removed = tasks["medical-universities-network-review"]["action_en"]
    (gone,) = bullets(found["tasks"], "Removed")
    assert gone.startswith(f"`medical-universities-network-review` — {removed[:80]}")
    assert "`to-lam` — To Lam" in found["people"]
    assert bullets(found["progress"], "Removed")[0].startswith(f"`{report['id']}` — ")
