"""The contributor tooling: workflows, issue forms, pre-commit, and the annotations CI relies on."""

from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, PackageCopy, read_rows, run_cli
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
LOCK = ROOT / "requirements.lock"
CODEOWNERS = GITHUB / "CODEOWNERS"
YAML_FILES = sorted([*GITHUB.rglob("*.yml"), *GITHUB.rglob("*.yaml"), PRE_COMMIT])
SHELL_SEPARATORS = {"&&", "||", ";", "|"}
REDIRECTIONS = {">", ">>", "<", "&>"}
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@([0-9a-f]{40}|v\d+\.\d+\.\d+)$")
ANNOTATION = re.compile(r"::error file=([^,]+),line=(\d+),title=([^:]+)::(.+)")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def shell_commands(script: str) -> list[list[str]]:
    """The simple commands of a `run:` script, as argument lists without their redirections."""
    commands = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        current: list[str] = []
        skip = False
        for token in lexer:
            if token in SHELL_SEPARATORS:
                commands.append(current)
                current = []
            elif token in REDIRECTIONS:
                skip = True  # the next token is the redirection's target
            elif skip:
                skip = False
            else:
                current.append(token)
        commands.append(current)
    return [command for command in commands if command]


def all_commands() -> list[tuple[str, list[str]]]:
    """Every command that the workflows and the pre-commit hooks run, with where it comes from."""
    found = []
    for path in workflow_files():
        for step in steps(load(path)):
            found += [(f"{path.name}: {step.get('name', step['run'])}", c) for c in shell_commands(step.get("run", ""))]
    for repo in load(PRE_COMMIT)["repos"]:
        for hook in repo["hooks"]:
            if "entry" in hook:
                found.append((f"pre-commit {hook['id']}", shlex.split(hook["entry"])))
    return found


def cli_commands() -> set[str]:
    """The sub-commands that `python build.py --help` lists."""
    result = run_cli("--help")
    assert result.code == 0
    return set(re.findall(r"^ {4}(\w+) ", result.out, flags=re.MULTILINE))


def extras() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return set(project.get("optional-dependencies", {}))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_yaml_files_parse(path: Path) -> None:
    assert isinstance(load(path), dict)


def test_the_expected_files_exist() -> None:
    names = {str(p.relative_to(ROOT)) for p in YAML_FILES}
    assert {
        ".github/workflows/pr.yml",
        ".github/workflows/pages.yml",
        ".github/ISSUE_TEMPLATE/suggest-record.yml",
        ".github/ISSUE_TEMPLATE/report-error.yml",
        ".github/ISSUE_TEMPLATE/config.yml",
        ".pre-commit-config.yaml",
    } <= names
    assert (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8").count("- [ ]") >= 5


def test_every_command_run_exists_in_the_project() -> None:
    commands = cli_commands()
    assert {"build", "serve", "validate", "diff"} <= commands
    known = extras()
    for where, argv in all_commands():
        program, *args = argv
        program = Path(program).name
        if program == "python" and args[:1] == ["build.py"]:
            if len(args) > 1:
                assert args[1] in commands, f"{where}: {args[1]} is not a command of build.py"
            # the real parser accepts the arguments (an unknown option or choice exits 2)
            assert run_cli(*args[1:], "--help").code == 0, f"{where}: {shlex.join(argv)}"
        elif program == "python" and args[:1] == ["-m"]:
            assert importlib.util.find_spec(args[1]), f"{where}: no module {args[1]}"
        elif program == "pip" and "--require-hashes" in args:  # the publish workflow's pinned dependencies
            assert args == ["install", "--require-hashes", "-r", LOCK.name], f"{where}: {shlex.join(argv)}"
        elif program == "pip":
            options = [a for a in args if a in ("--no-deps", "--no-build-isolation")]
            args = [a for a in args if a not in options]
            assert args[:2] == ["install", "-e"], f"{where}: {shlex.join(argv)}"
            match = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", args[2])
            assert match, f"{where}: installs {args[2]}, not the project"
            assert set(filter(None, (match.group(1) or "").split(","))) <= known, f"{where}: unknown extra"
        elif program == "npm":  # the Nu Html Checker for tests/test_gates.py, pinned by package-lock.json
            assert args[:1] == ["ci"] and (ROOT / "package-lock.json").is_file(), f"{where}: {shlex.join(argv)}"
        elif program == "sudo":
            assert args[0] == "apt-get" and args[1] in {"update", "install"}, f"{where}: {shlex.join(argv)}"
        else:
            pytest.fail(f"{where}: {shlex.join(argv)} is not a command this test knows how to check")


def test_the_pull_request_workflow_runs_every_check() -> None:
    workflow = load(WORKFLOWS / "pr.yml")
    assert "pull_request" in workflow.get("on", workflow.get(True))
    runs = [step.get("run", "") for step in steps(workflow)]
    for expected in (
        "pip install -e '.[test]'",
        'python build.py validate --format github --against "origin/$BASE_REF"',
        "python -m pytest",
        "python build.py",
        "$GITHUB_STEP_SUMMARY",
    ):
        assert any(expected in run for run in runs), expected
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    against = next(s for s in steps(workflow) if "--against" in s.get("run", ""))
    assert against["env"] == {"BASE_REF": "${{ github.base_ref }}"}, "the base branch comes from the event, quoted"


def test_the_pages_workflow_deploys_public() -> None:
    workflow = load(WORKFLOWS / "pages.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]["permissions"]
    assert deploy == {"pages": "write", "id-token": "write"}, "only the deploy job may publish"
    assert workflow["concurrency"]["group"] == "pages"
    uses = [step.get("uses", "").split("@")[0] for step in steps(workflow)]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "public"


def lock_pins() -> dict[str, tuple[str, list[str]]]:
    """requirements.lock's pins: normalized name -> (version, hashes)."""
    pins: dict[str, tuple[str, list[str]]] = {}
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)(?:\[[\w,-]+\])?==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})*)", line)
        assert match, f"requirements.lock: {line!r} is not a pinned requirement with hashes"
        hashes = re.findall(r"sha256:([0-9a-f]{64})", match.group(3))
        pins[canonicalize_name(match.group(1))] = (match.group(2), hashes)
    return pins


def test_the_pages_workflow_installs_hash_pinned_dependencies() -> None:
    """The published site is built by the locked versions only: --require-hashes from the lock file,
    then the project itself without resolving (or building with) anything else."""
    workflow = steps(load(WORKFLOWS / "pages.yml"))
    runs = [step.get("run", "") for step in workflow]
    commands = [command for run in runs for command in shell_commands(run) if command[0] == "pip"]
    assert commands == [
        ["pip", "install", "--require-hashes", "-r", "requirements.lock"],
        ["pip", "install", "--no-deps", "--no-build-isolation", "-e", "."],
    ]
    setup = next(s for s in workflow if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache-dependency-path"] == "requirements.lock"


def test_the_lock_pins_every_dependency_with_a_hash() -> None:
    """Every runtime dependency of pyproject.toml, and the build backend, pinned to a version its
    specifier allows, with at least one sha256 hash (refresh: see CONTRIBUTING.md)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = lock_pins()
    wanted = [Requirement(r) for r in [*pyproject["project"]["dependencies"], *pyproject["build-system"]["requires"]]]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"requirements.lock does not pin {requirement.name}"
        version, hashes = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), f"{name}=={version} is not {requirement}"
        assert hashes, f"requirements.lock: {name} has no hash"
    assert all(hashes for _, hashes in pins.values())


# What a maintainer must review: the rules, the releases, and everything that runs.
OWNED = [
    "datapackage/datapackage.json",
    "releases/0.2.0/datapackage.json",
    ".github/workflows/pr.yml",
    ".github/CODEOWNERS",
    "tracker/validate.py",
    "build.py",
    "pyproject.toml",
    "requirements.lock",
    "site/templates/report/diff.md.j2",
    "tests/conftest.py",
    ".ci/run",
    "benchmarks/bench.py",
    "mkdocs.yml",
]


def codeowners() -> list[tuple[str, list[str]]]:
    """The (pattern, owners) lines of .github/CODEOWNERS."""
    lines = CODEOWNERS.read_text(encoding="utf-8").splitlines()
    return [(parts[0], parts[1:]) for parts in (line.split() for line in lines) if parts and parts[0][0] != "#"]


def owners_of(path: str) -> list[str]:
    """The owners GitHub asks for a path: the last pattern that matches it (anchored folders and files)."""
    found: list[str] = []
    for pattern, owners in codeowners():
        assert pattern.startswith("/"), f"CODEOWNERS: {pattern} is not anchored at the repository's root"
        target = pattern[1:]
        if path == target or (target.endswith("/") and path.startswith(target)):
            found = owners
    return found


@pytest.mark.parametrize("path", OWNED)
def test_codeowners_cover_what_a_maintainer_must_review(path: str) -> None:
    repository = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["repository"]
    organisation = repository.removeprefix("https://github.com/").split("/")[0]
    assert (ROOT / path).exists(), f"{path} does not exist: update OWNED"
    assert owners_of(path) == [f"@{organisation}/maintainers"], path


def test_data_files_need_no_code_owner() -> None:
    """Contributors' CSV edits are reviewed as data (validate --against, diff), by any maintainer."""
    assert owners_of("datapackage/data/targets.csv") == []


def test_every_action_is_pinned() -> None:
    refs: dict[str, set[str]] = {}
    for path in workflow_files():
        for step in steps(load(path)):
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned"
                action, ref = step["uses"].split("@")
                refs.setdefault(action, set()).add(ref)
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"uses: \S+@[0-9a-f]{40}", line):
                assert re.search(r"# v\d+\.\d+\.\d+\s*$", line), f"{path.name}: a SHA needs its # vX.Y.Z: {line}"
    assert all(len(versions) == 1 for versions in refs.values()), refs


def form_fields(name: str) -> dict[str, dict[str, Any]]:
    form = load(GITHUB / "ISSUE_TEMPLATE" / name)
    assert form["name"] and form["description"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    return {item["id"]: item for item in form["body"] if "id" in item}


def test_the_error_form_can_be_prefilled_by_record_pages() -> None:
    fields = form_fields("report-error.yml")
    assert fields["record"]["type"] == "input"
    assert fields["problem"]["type"] == "textarea"
    assert fields["record"]["validations"]["required"] and fields["problem"]["validations"]["required"]


def test_the_suggestion_form_asks_for_a_source() -> None:
    fields = form_fields("suggest-record.yml")
    assert fields["source"]["validations"]["required"]


def test_issue_config_links() -> None:
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    for link in config["contact_links"]:
        assert link["name"] and link["url"].startswith("https://") and link["about"]


def test_pre_commit_runs_the_validator_and_ruff() -> None:
    hooks = {hook["id"]: hook for repo in load(PRE_COMMIT)["repos"] for hook in repo["hooks"]}
    assert "build.py validate" in hooks["validate"]["entry"]
    assert hooks["validate"]["files"] == "^datapackage/" and hooks["validate"]["pass_filenames"] is False
    entries = " ".join(hook.get("entry", hook["id"]) for hook in hooks.values())
    assert "ruff check" in entries and "ruff format" in entries


def duplicate_id(package: PackageCopy) -> tuple[str, str, int, str]:
    """Append a copy of a resolution that keeps its id (and drops its number, which is unique too)."""
    rows = read_rows(package.csv("resolutions"))
    copy = {**next(row for row in rows if row["id"] == "80-nq-tw"), "number": ""}
    package.rewrite("resolutions", [*rows, copy])
    return "resolutions", "80-nq-tw", len(rows) + 2, "id"


def impossible_date(package: PackageCopy) -> tuple[str, str, int, str]:
    line = package.set_cell("local_plans", "hai-phong-20-kh-tu", "date_issued", "2025-02-30")
    return "local_plans", "hai-phong-20-kh-tu", line, "date_issued"


@pytest.mark.parametrize("break_it", [duplicate_id, impossible_date])
def test_github_annotations_point_at_the_broken_line(package: PackageCopy, break_it) -> None:
    resource, record_id, line, column = break_it(package)
    shown = f"datapackage/data/{resource}.csv"
    assert package.csv(resource).read_text(encoding="utf-8").splitlines()[line - 1].startswith(record_id + ",")

    result = run_cli("validate", "datapackage", "--format", "github", cwd=package.root.parent)

    assert result.code == 1
    *annotations, summary = result.out.splitlines()
    assert summary == "datapackage: 1 problem in 1 file"
    assert len(annotations) == 1
    match = ANNOTATION.fullmatch(annotations[0])
    assert match, annotations[0]
    assert match.group(1) == shown
    assert int(match.group(2)) == line
    assert match.group(3) == column
    assert match.group(4).startswith(f"{shown}:{line}: {column}: ")


def tool(name: str) -> str:
    """A command-line tool installed by the `test` extra, beside this Python."""
    path = Path(sys.executable).parent / name
    assert path.exists(), f"{name} not found beside {sys.executable}: pip install -e '.[test]'"
    return str(path)


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    """zizmor's offline audits: least-privilege tokens, no persisted checkout credentials, no injection."""
    done = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_match_the_github_workflow_schema() -> None:
    done = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, workflow_files())],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
