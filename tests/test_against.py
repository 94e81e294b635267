"""`python build.py validate --against REF`: the real command line on a real temporary git repository.

The repository holds the real package and releases, committed; each test changes the working
tree as a pull request would, and the repository is restored after it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PACKAGE, ROOT, PackageCopy, read_rows, run_cli

SHOWN = "datapackage/datapackage.json"
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"

Descriptor = dict[str, Any]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A repository whose HEAD is the real package and releases (under a README-only first commit)."""
    root = tmp_path_factory.mktemp("against") / "repo"
    root.mkdir()
    with pytest.MonkeyPatch.context() as monkeypatch:
        for role in ("AUTHOR", "COMMITTER"):
            monkeypatch.setenv(f"GIT_{role}_NAME", "Test Contributor")
            monkeypatch.setenv(f"GIT_{role}_EMAIL", "contributor@example.org")
        monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(root.parent / "no-global-gitconfig"))
        monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        git(root, "init", "--quiet", "--initial-branch=main")
        (root / "README.md").write_text("A repository without a package yet.\n", encoding="utf-8")
        git(root, "add", "--all")
        git(root, "commit", "--quiet", "--message", "No package yet")
        shutil.copytree(PACKAGE, root / "datapackage")
        shutil.copytree(ROOT / "releases", root / "releases")
        git(root, "add", "--all")
        git(root, "commit", "--quiet", "--message", "The real package")
        yield root


@pytest.fixture
def package(repo: Path) -> Iterator[PackageCopy]:
    """The working tree's package, as HEAD has it again after the test."""
    yield PackageCopy(repo / "datapackage")
    git(repo, "checkout", "--quiet", "--", ".")
    git(repo, "clean", "--quiet", "-d", "--force")


def field(descriptor: Descriptor, resource: str, name: str) -> dict[str, Any]:
    schema = next(r for r in descriptor["resources"] if r["name"] == resource)["schema"]
    return next(f for f in schema["fields"] if f["name"] == name)


def schema(descriptor: Descriptor, resource: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == resource)["schema"]


def drop_pattern(d: Descriptor) -> None:
    """The id's pattern dropped, with the maxLength the validator then asks of a free-text field."""
    constraints = field(d, "targets", "id")["constraints"]
    del constraints["pattern"]
    constraints["maxLength"] = 100


def drop_required(d: Descriptor) -> None:
    del field(d, "targets", "indicator_en")["constraints"]["required"]


def drop_unique(d: Descriptor) -> None:
    del field(d, "resolutions", "number")["constraints"]["unique"]


def drop_primary_key(d: Descriptor) -> None:
    del schema(d, "topics")["primaryKey"]


def widen_enum(d: Descriptor) -> None:
    field(d, "resolutions", "type")["constraints"]["enum"].append("other")


def raise_max_length(d: Descriptor) -> None:
    field(d, "news_excerpts", "excerpt")["constraints"]["maxLength"] = 5000


def remove_foreign_key(d: Descriptor) -> None:
    del schema(d, "targets")["foreignKeys"][0]


def remove_one_of(d: Descriptor) -> None:
    del schema(d, "targets")["x-one-of"]


def change_type(d: Descriptor) -> None:
    field(d, "progress", "value")["type"] = "string"


LOOSENINGS: dict[str, tuple[Callable[[Descriptor], None], str, str]] = {
    "pattern dropped": (
        drop_pattern,
        "resources[targets].schema.fields[id].constraints.pattern",
        f"pattern removed (was {ID_PATTERN})",
    ),
    "required dropped": (
        drop_required,
        "resources[targets].schema.fields[indicator_en].constraints.required",
        "required removed (was true)",
    ),
    "unique dropped": (
        drop_unique,
        "resources[resolutions].schema.fields[number].constraints.unique",
        "unique removed (was true)",
    ),
    "primaryKey dropped": (drop_primary_key, "resources[topics].schema.primaryKey", 'primaryKey removed (was ["id"])'),
    "enum widened": (
        widen_enum,
        "resources[resolutions].schema.fields[type].constraints.enum",
        "enum gained values: other (was",
    ),
    "maxLength raised": (
        raise_max_length,
        "resources[news_excerpts].schema.fields[excerpt].constraints.maxLength",
        "maxLength raised from 300 to 5000",
    ),
    "foreign key removed": (
        remove_foreign_key,
        "resources[targets].schema.foreignKeys[0]",
        "foreign key removed or changed (was resolution_id → resolutions.id)",
    ),
    "x-one-of removed": (
        remove_one_of,
        "resources[targets].schema.x-one-of[0]",
        'x-one-of group removed or changed (was: exactly one of ["resolution_id", "local_plan_id"])',
    ),
    "type changed": (
        change_type,
        "resources[progress].schema.fields[value].type",
        "type changed (was number, now string)",
    ),
}


@pytest.mark.parametrize("name", LOOSENINGS)
def test_a_loosening_fails_validation_at_the_descriptor(package: PackageCopy, name: str) -> None:
    loosen, column, message = LOOSENINGS[name]
    package.edit_descriptor(loosen)

    result = run_cli("validate", "--against", "HEAD", cwd=package.root.parent)

    assert result.code == 1, result.out + result.err
    assert result.err == ""
    prefix = f"{SHOWN}: {column}: loosens the base branch's rule (HEAD): {message}"
    found = [line for line in result.out.splitlines() if line.startswith(f"{SHOWN}: {column}: loosens")]
    assert len(found) == 1 and found[0].startswith(prefix), result.out
    assert result.out.splitlines()[-1].startswith("datapackage (with the rules of HEAD): ")


def test_the_base_pattern_refuses_a_row_the_pull_request_lets_through(package: PackageCopy) -> None:
    """A pull request that drops the id pattern and adds a row with a bad id: valid by its own rules,
    refused by the base's (the row) and for the loosening (the descriptor)."""
    package.edit_descriptor(lambda d: field(d, "topics", "id")["constraints"].update(maxLength=100))
    package.edit_descriptor(lambda d: field(d, "topics", "id")["constraints"].pop("pattern"))
    row = read_rows(package.csv("topics"))[0]
    line = package.append_row("topics", **{**row, "id": "Mental_Health"})

    alone = run_cli("validate", cwd=package.root.parent)
    assert alone.code == 0, alone.out  # by the pull request's own descriptor, nothing is wrong

    result = run_cli("validate", "--against", "HEAD", cwd=package.root.parent)

    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == (
        f'datapackage/data/topics.csv:{line}: id: "Mental_Health" is not an identifier of lowercase letters, '
        "digits and single hyphens (by the rules of HEAD)"
    )
    assert lines[1] == (
        f"{SHOWN}: resources[topics].schema.fields[id].constraints.pattern: loosens the base branch's rule (HEAD): "
        f"pattern removed (was {ID_PATTERN})"
    )
    assert lines[2:] == ["datapackage (with the rules of HEAD): 2 problems in 2 files"]


def test_a_problem_both_descriptors_find_is_reported_once(package: PackageCopy) -> None:
    line = package.set_cell("topics", "culture", "name_en", " Culture")
    result = run_cli("validate", "--against", "HEAD", cwd=package.root.parent)
    assert result.code == 1
    problems = result.out.splitlines()[:-1]
    assert len(problems) == 1 and problems[0].startswith(f"datapackage/data/topics.csv:{line}: name_en: ")
    assert "by the rules of HEAD" not in problems[0]


def tighten(d: Descriptor) -> None:
    field(d, "topics", "name_en")["constraints"]["maxLength"] = 200
    field(d, "topics", "name_en")["constraints"]["unique"] = True
    schema(d, "topics")["fields"].append(
        {"name": "wikidata", "type": "string", "constraints": {"pattern": "^Q[0-9]+$"}}
    )


def test_a_tightening_and_a_new_field_pass(package: PackageCopy) -> None:
    package.edit_descriptor(tighten)
    topics = read_rows(package.csv("topics"))
    package.rewrite("topics", [{**row, "wikidata": ""} for row in topics])

    result = run_cli("validate", "--against", "HEAD", cwd=package.root.parent)

    assert result.code == 0, result.out
    assert result.out.splitlines()[-1].startswith("datapackage (with the rules of HEAD): valid (")


def test_github_annotations_name_the_descriptor(package: PackageCopy) -> None:
    package.edit_descriptor(lambda d: (drop_pattern(d), drop_unique(d)))
    result = run_cli("validate", "--format", "github", "--against", "HEAD", cwd=package.root.parent)
    assert result.code == 1
    annotations = [line for line in result.out.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::error file={SHOWN},title=resources[resolutions].schema.fields[number].constraints.unique::"
        f"{SHOWN}: resources[resolutions].schema.fields[number].constraints.unique: loosens the base branch's "
        "rule (HEAD): unique removed (was true)",
        f"::error file={SHOWN},title=resources[targets].schema.fields[id].constraints.pattern::"
        f"{SHOWN}: resources[targets].schema.fields[id].constraints.pattern: loosens the base branch's "
        f"rule (HEAD): pattern removed (was {ID_PATTERN})",
    ]


def test_the_unchanged_package_is_valid_against_its_own_history(package: PackageCopy) -> None:
    result = run_cli(
        "validate", "datapackage/datapackage.json", "--format", "json", "--against", "main", cwd=package.root.parent
    )
    assert result.code == 0, result.out
    assert '"valid": true' in result.out


def one_line_error(result: Any, start: str) -> None:
    assert result.code == 2, result.out + result.err
    assert result.out == ""
    assert result.err.startswith(start), result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_an_unknown_revision_exits_2(package: PackageCopy) -> None:
    result = run_cli("validate", "--against", "no-such-branch", cwd=package.root.parent)
    one_line_error(result, "validate: unknown git revision: 'no-such-branch' (try a branch, a tag or a commit hash)")


def test_a_base_without_a_descriptor_exits_2(package: PackageCopy) -> None:
    result = run_cli("validate", "--against", "HEAD~1", cwd=package.root.parent)
    one_line_error(result, "validate: datapackage/datapackage.json does not exist at HEAD~1: nothing to compare with")


def test_outside_a_repository_exits_2(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "datapackage")
    result = run_cli("validate", "--against", "HEAD", cwd=tmp_path)
    one_line_error(result, "validate: not a git repository: ")
