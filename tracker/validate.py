"""Validate the package: structure first, then frictionless (types, constraints, keys), then our rules.

Structure problems (unreadable files, wrong headers, ragged rows) stop the later steps, whose
messages would only repeat them. Every problem names the file, the line and the column.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

import frictionless
from frictionless import errors

from tracker import untrusted
from tracker.checks import BEFORE_FRICTIONLESS, CHECKS, SAFETY
from tracker.load import DESCRIPTOR, Package, locate, read_descriptor, read_table
from tracker.problems import Problem


def validate(target: str) -> tuple[list[Problem], int]:
    """All problems of the package at target (a folder or a descriptor) and of the releases kept
    beside it (`releases/`, `check_releases`), and the rows of the package read."""
    problems, package = check(target)
    problems += check_releases(releases_beside(target))
    return problems, sum(len(t.rows) for t in package.tables.values()) if package else 0


def releases_beside(target: str) -> str:
    """The releases folder of the repository holding the package at target: `releases/` beside
    the package's folder."""
    _, shown_root = locate(target)
    return str(PurePosixPath(shown_root).parent / "releases")


def check(target: str, release: bool = False) -> tuple[list[Problem], Package | None]:
    """All problems of the package at target, and the package as read (None if the descriptor is
    unusable). A `release` (a folder of releases/, as released) is held to frictionless and to the
    rules that keep untrusted data contained (`SAFETY`), not to today's rules of the tracker."""
    package, problems = read_descriptor(target, release)
    if package is None:
        return problems, None
    irregular = [Problem(package.shown(path), message=why) for path, why in untrusted.irregular(package.root)]
    if irregular:  # nothing in the package is read while it holds a link, a FIFO or a device
        return irregular, None
    size = 0
    for resource in package.descriptor["resources"]:
        table, found = read_table(package, resource["name"])
        problems += found
        if table is not None:
            package.tables[table.name] = table
            size += sum(len(line) for row in table.rows for line in row.values())
        if size > untrusted.MAX_PACKAGE_BYTES:
            message = f"the files hold over {untrusted.MAX_PACKAGE_BYTES:,} characters together (the limit)"
            return [*problems, Problem(package.shown(DESCRIPTOR), message=message)], None
    if not problems:
        rules = SAFETY if release else CHECKS
        problems += [p for rule in BEFORE_FRICTIONLESS for p in rule(package)]
        problems += frictionless_problems(package)
        problems += [p for rule in rules if rule not in BEFORE_FRICTIONLESS for p in rule(package)]
    return _unique(problems), package


def check_releases(folder: str) -> list[Problem]:
    """Every release kept in `folder` (releases/): each a folder named by its version (MAJOR.MINOR.PATCH),
    holding that version's package as released, valid by its own descriptor and contained."""
    root = Path(folder)
    if not root.exists():
        return []
    try:
        untrusted.check_root(root)
        irregular = untrusted.irregular(root)
    except (OSError, untrusted.UnsafeFile) as error:
        return [Problem(folder, message=str(getattr(error, "strerror", None) or error))]
    if irregular:  # nothing in releases/ is read while it holds a link or a FIFO
        return [Problem(str(PurePosixPath(folder) / path), message=why) for path, why in irregular]
    problems = []
    for entry in sorted(root.iterdir()):
        shown = str(PurePosixPath(folder) / entry.name)
        if not entry.is_dir() or not untrusted.VERSION.fullmatch(entry.name):
            message = "is not a release: releases/ holds one folder per version, named MAJOR.MINOR.PATCH"
            problems.append(Problem(shown, message=message))
            continue
        found, package = check(shown, release=True)
        problems += found
        if package is not None and package.descriptor.get("version") != entry.name:
            message = f"must be the folder's name, {entry.name} (the release it holds)"
            version = str(package.descriptor.get("version"))
            problems.append(Problem(package.shown(DESCRIPTOR), column="version", value=version, message=message))
    return problems


def _unique(problems: list[Problem]) -> list[Problem]:
    """One problem per file, line and column (the first found), in file order."""
    seen: set[tuple[str, int | None, str | None]] = set()
    kept = []
    for problem in problems:
        key = (problem.file, problem.line, problem.column)
        if problem.line is None or key not in seen:
            kept.append(problem)
            seen.add(key)
    return sorted(kept, key=Problem.sort_key)


def frictionless_problems(package: Package) -> list[Problem]:
    """Run frictionless on the whole package and turn its errors into Problems."""
    shown = package.shown("datapackage.json")
    try:
        fl_package = frictionless.Package(without_patterns(package.descriptor), basepath=str(package.root))
        report = fl_package.validate()
    except frictionless.FrictionlessException as exception:
        return [_descriptor_problem(shown, exception.error)]
    problems = [_descriptor_problem(shown, e) for e in report.errors]
    for task in report.tasks:
        table = package.tables.get(task.name)
        for error in task.errors:
            if table is None or not isinstance(error, errors.RowError):
                problems.append(_descriptor_problem(table.path if table else shown, error))
            else:
                problems.append(_row_problem(package, table.name, error))
    return problems


def without_patterns(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor without its fields' patterns, which frictionless would match with Python's
    backtracking `re`: `checks.patterns_match` matches them with RE2, in linear time."""
    copy = json.loads(json.dumps(descriptor))
    for resource in copy["resources"]:
        for fld in resource["schema"]["fields"]:
            fld.get("constraints", {}).pop("pattern", None)
    return copy


def _descriptor_problem(path: str, error: Any) -> Problem:
    return Problem(path, message=f"{error.title.lower()}: {error.note}")


def _row_problem(package: Package, name: str, error: errors.RowError) -> Problem:
    table = package.tables[name]
    line = table.line_of_row(error.row_number)
    if isinstance(error, errors.ForeignKeyError):
        target = package.resource(error.reference_name or name)["path"]
        column = ",".join(error.field_names)
        value = ",".join(error.field_cells)
        return Problem(table.path, line, column, value, f"is not the id of any row in {package.shown(target)}")
    if isinstance(error, errors.PrimaryKeyError):
        fields = package.resource(name)["schema"].get("primaryKey", ["id"])
        return Problem(table.path, line, ",".join(fields), None, _already(error.note, table))
    if isinstance(error, errors.CellError):
        fld = next((f for f in package.fields(name) if f["name"] == error.field_name), {})
        return Problem(table.path, line, error.field_name, error.cell, _cell_message(error, fld, table))
    return Problem(table.path, line, None, None, f"{error.title.lower()}: {error.note}")


def _already(note: str, table: Any, column: str = "id") -> str:
    rule = "ids must be unique" if column == "id" else f"each {column} must be unique"
    match = re.search(r"position (\d+)", note)
    if match:
        return f"is already used on line {table.line_of_row(int(match.group(1)))} ({rule})"
    return f"is already used ({rule})"


def _cell_message(error: errors.CellError, fld: dict[str, Any], table: Any) -> str:
    expected = fld.get("x-expected")
    if isinstance(error, errors.UniqueError):
        return _already(error.note, table, fld.get("name", "id"))
    if isinstance(error, errors.TypeError):
        if fld.get("type") == "number":
            return "is not a number (expected digits with a dot as decimal separator, e.g. 95.5)"
        return f"is not a valid {fld.get('type', 'value')}"
    if isinstance(error, errors.ConstraintError):
        constraints = fld.get("constraints", {})
        match = re.search(r'constraint "(\w+)"', error.note)
        kind = match.group(1) if match else ""
        if kind == "required":
            return "is empty but required"
        if kind == "pattern":
            return f"is not {expected}" if expected else f"does not match the pattern {constraints.get('pattern')}"
        if kind == "enum":
            return "is not one of: " + ", ".join(map(str, constraints.get("enum", [])))
        if kind == "maxLength":
            return f"is {len(error.cell)} characters long (at most {constraints['maxLength']})"
        if kind == "minLength":
            return f"is {len(error.cell)} characters long (at least {constraints['minLength']})"
        if kind == "minimum":
            return f"is below the minimum {constraints['minimum']}"
        if kind == "maximum":
            return f"is above the maximum {constraints['maximum']}"
    return f"{error.title.lower()}: {error.note}"
