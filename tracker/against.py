"""`python build.py validate --against REF`: check a pull request's data by the base branch's rules too.

The descriptor arrives with the pull request, so the data would otherwise be validated only by
the rules the pull request chose. With `--against REF` the command also

1. reads REF's descriptor from git objects (`git show REF:<package>/datapackage.json`, nothing is
   checked out), validates the working tree's data with it, and reports every problem found that
   way which the normal validation did not report, marked "by the rules of REF";
2. reports each rule of REF's descriptor that the working tree's descriptor loosens
   (`tracker/loosen.py`), one problem per loosening at `<package>/datapackage.json`.

For step 1 a temporary package folder holds REF's resources (their schemas and keys) with the
working tree's top-level properties (so a release's new `created` date counts), the fields the
working tree adds (so a new column is not an unknown column) and the working tree's resources
REF lacks; each CSV file is copied there (never linked) from the working tree, read as the
validator reads it (`untrusted.read_bytes`). Problem paths name the working tree's files.
A git problem (not a repository, unknown REF, no descriptor at REF) is one line on stderr and
exit status 2, as in `tracker/diff.py`.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from tracker import load, loosen, untrusted
from tracker.diff import DESCRIPTOR, DiffError, commit_of, file_at, toplevel
from tracker.load import locate
from tracker.problems import FORMATTERS, Problem
from tracker.validate import check, validate


def run(target: str, fmt: str, ref: str) -> int:
    """Validate the package at target as usual and against REF; print the report and return the exit status."""
    try:
        problems, rows = against(target, ref)
    except DiffError as error:
        print(f"validate: {error}", file=sys.stderr)
        return 2
    print(FORMATTERS[fmt](problems, f"{target} (with the rules of {ref})", rows))
    return 1 if problems else 0


def against(target: str, ref: str) -> tuple[list[Problem], int]:
    """The normal problems of the package at target, those found by REF's rules, and the loosenings."""
    descriptor_path, shown_root = locate(target)
    folder = descriptor_path.parent
    base = base_descriptor(folder, ref)
    problems, rows = validate(target)
    new = working_descriptor(descriptor_path)
    shown_descriptor = str(PurePosixPath(shown_root) / DESCRIPTOR)
    refused, found = base_problems(folder, shown_root, merged(base, new), ref)
    loosened = [
        Problem(shown_descriptor, None, column, None, f"loosens the base branch's rule ({ref}): {what}")
        for column, what in (loosen.loosenings(base, new) if new else [])  # unreadable: the validator says why
    ]
    return sorted([*combine(problems, found, ref), *refused, *loosened], key=Problem.sort_key), rows


def base_descriptor(folder: Path, ref: str) -> dict[str, Any]:
    """REF's descriptor of the package in folder, read from git objects."""
    top = toplevel(folder if folder.is_dir() else Path.cwd())
    try:
        inside = folder.resolve().relative_to(top.resolve())
    except ValueError:
        raise DiffError(f"{folder} is not inside the git repository {top}") from None
    commit = commit_of(top, ref)
    if commit is None:
        raise DiffError(f"unknown git revision: {ref!r} (try a branch, a tag or a commit hash)")
    path = str(PurePosixPath(inside.as_posix()) / DESCRIPTOR)
    text = file_at(top, commit, path)
    if text is None:
        raise DiffError(f"{path} does not exist at {ref}: nothing to compare with")
    try:
        found = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise DiffError(f"{path} at {ref} is not valid JSON ({error})") from None
    if not isinstance(found, dict) or not isinstance(found.get("resources"), list):
        raise DiffError(f"{path} at {ref} is not a package descriptor (no list of resources)")
    return found


def working_descriptor(path: Path) -> dict[str, Any]:
    """The working tree's descriptor, or an empty one when it cannot be read (the validator says why)."""
    try:
        found = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return found if isinstance(found, dict) else {}


def merged(base: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The descriptor the data is checked with by REF's rules: REF's resources with the working tree's
    paths, fields in the working tree's order with the ones it adds, then the working tree's new
    resources; the top-level properties (version, created) are the working tree's."""
    new_resources = loosen.named(new.get("resources")) or {}
    resources = []
    for resource in base["resources"]:
        name = resource.get("name") if isinstance(resource, dict) else None
        current = new_resources.get(name) if isinstance(name, str) else None
        resources.append(resource if current is None else _merged_resource(resource, current))
    known = {r.get("name") for r in base["resources"] if isinstance(r, dict)}
    resources += [r for name, r in new_resources.items() if name not in known]
    top = {key: value for key, value in new.items() if key != "resources"} if new else dict(base)
    return {**top, "resources": resources}


def _merged_resource(base: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    schema = base.get("schema")
    if not isinstance(schema, dict):
        return base
    old_fields = loosen.named(schema.get("fields"))
    new_fields = loosen.named(loosen.as_dict(new.get("schema")).get("fields"))
    if old_fields is None or new_fields is None:
        return base
    fields = [old_fields.get(name, fld) for name, fld in new_fields.items()]
    fields += [fld for name, fld in old_fields.items() if name not in new_fields]
    path = new.get("path") if isinstance(new.get("path"), str) else base.get("path")
    return {**base, "path": path, "schema": {**schema, "fields": fields}}


def base_problems(
    folder: Path, shown_root: str, descriptor: dict[str, Any], ref: str
) -> tuple[list[Problem], list[Problem]]:
    """The files not copied (with why), and the problems of the working tree's data under
    `descriptor`, named as the working tree's files."""
    with tempfile.TemporaryDirectory(prefix="tracker-against-") as temporary:
        root = Path(temporary)
        (root / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
        refused = []
        for resource in descriptor["resources"]:
            path = resource.get("path") if isinstance(resource, dict) else None
            if isinstance(path, str) and load.safe_path(path):
                reason = copy(folder, root, path)
                if reason:
                    shown = str(PurePosixPath(shown_root) / path)
                    refused.append(Problem(shown, message=f"{reason}: not checked with the rules of {ref}"))
        problems, _ = check(str(root))
        prefix = str(root)
    skipped = {p.file for p in refused}
    mapped = [_shown(p, prefix, shown_root) for p in problems]
    return refused, [p for p in mapped if p.file not in skipped]


def copy(folder: Path, root: Path, path: str) -> str | None:
    """Copy folder/path to root/path, read as the validator reads (`untrusted.read_bytes`: a regular
    file, no link on the way, under the size limit); None when done or absent, else why not."""
    try:
        data = untrusted.read_bytes(folder, path)
    except FileNotFoundError:
        return None  # the validator reports the missing file
    except untrusted.UnsafeFile as error:
        return str(error)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    target = untrusted.within(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return None


def _shown(problem: Problem, prefix: str, shown_root: str) -> Problem:
    """A problem of the temporary copy, naming the working tree's file instead."""

    def name(text: str | None) -> str | None:
        return None if text is None else text.replace(prefix + "/", shown_root.rstrip("/") + "/")

    return replace(problem, file=name(problem.file) or problem.file, message=name(problem.message) or "")


def combine(problems: list[Problem], found: list[Problem], ref: str) -> list[Problem]:
    """The normal problems, then those found by REF's rules that they do not already say, marked as such."""
    known = set(problems)
    extra = []
    for problem in found:
        if problem not in known:
            known.add(problem)
            extra.append(replace(problem, message=f"{problem.message} (by the rules of {ref})"))
    return [*problems, *extra]
