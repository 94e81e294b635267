"""Validate the package: structure first, then frictionless (types, constraints, keys), then our rules.

Structure problems (unreadable files, wrong headers, ragged rows) stop the later steps, whose
messages would only repeat them. Every problem names the file, the line and the column.
"""

from __future__ import annotations

import re
from typing import Any

import frictionless
from frictionless import errors

from tracker.checks import CHECKS
from tracker.load import Package, read_descriptor, read_table
from tracker.problems import Problem


def validate(target: str) -> tuple[list[Problem], int]:
    """All problems of the package at target (a folder or a descriptor), and the rows read."""
    problems, package = check(target)
    return problems, sum(len(t.rows) for t in package.tables.values()) if package else 0


def check(target: str) -> tuple[list[Problem], Package | None]:
    """All problems of the package at target, and the package as read (None if the descriptor is unusable)."""
    package, problems = read_descriptor(target)
    if package is None:
        return problems, None
    for resource in package.descriptor["resources"]:
        table, found = read_table(package, resource["name"])
        problems += found
        if table is not None:
            package.tables[table.name] = table
    if not problems:
        problems += frictionless_problems(package)
        problems += [p for rule in CHECKS for p in rule(package)]
    return _unique(problems), package


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
        fl_package = frictionless.Package(package.descriptor, basepath=str(package.root))
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
