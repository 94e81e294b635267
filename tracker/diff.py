"""The records added, changed and removed since a git revision, as Markdown for reviewers.

`python build.py diff [BASE]` reads every resource's CSV twice: at the git revision BASE (with
`git show BASE:datapackage/<path>`) and in the working tree. Rows are keyed by the resource's
primary key, so a moved row is not a change and a changed row is shown field by field. The
resource paths come from the descriptor in the working tree; a file that does not exist at the
base counts as all added, one that no longer exists as all removed.

Two more sections follow the records: the descriptor's changes, property by property, each rule
the working tree's descriptor loosens flagged (see `tracker/loosen.py`), and every file added,
changed or removed under `releases/`, a change to a release that exists at the base flagged (a
released version is immutable).

Without BASE the base is the merge base of HEAD and main (then origin/main, then HEAD itself),
which is what a pull request will be compared with. Problems with git (not a repository, an
unknown revision, git not installed) are one line on stderr and exit status 2.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from tracker import loosen
from tracker.load import free_text

TEMPLATES = Path(__file__).resolve().parent.parent / "site" / "templates" / "report"
PACKAGE_DIR = "datapackage"
DESCRIPTOR = "datapackage.json"
RELEASES = "releases"
STATUS = {"A": "added", "D": "removed"}  # any other git status (M, T): changed
LABEL_LIMIT = 90
MARKDOWN_SPECIAL = "\\`*[]<|"

Key = tuple[str, ...]
Rows = dict[Key, dict[str, str]]


class DiffError(Exception):
    """Something that stops the comparison; its message is shown as is."""


@dataclass
class Base:
    """The revision compared with: its full and short hash and how it was chosen."""

    commit: str
    short: str
    how: str


@dataclass
class Resource:
    """What a reviewer needs to know about one resource."""

    name: str
    path: str
    key: list[str]
    fields: list[dict[str, Any]]
    references: frozenset[str] = frozenset()  # fields holding the ids of other records


@dataclass
class Change:
    """One changed record: its key, label and the (field, before, after) triples."""

    key: Key
    label: str
    fields: list[tuple[str, str, str]]


@dataclass
class ResourceDiff:
    name: str
    added: list[tuple[Key, str]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[tuple[Key, str]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass
class PropertyChange:
    """One changed property of the descriptor (loosen.MISSING for an absent side) and the rules it loosens."""

    path: str
    old: Any
    new: Any
    loosens: list[str] = field(default_factory=list)


@dataclass
class DescriptorDiff:
    """The descriptor's changed properties and loosened rules, or why they could not be compared."""

    changes: list[PropertyChange] = field(default_factory=list)
    loosenings: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None


@dataclass
class ReleaseFile:
    """A file under releases/ added, changed or removed; `published`: its release exists at the base."""

    path: str
    status: str
    version: str | None
    published: bool


# git


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run git in repo; a missing git or (with check) a failure raises DiffError."""
    try:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise DiffError("git is not installed (or not on PATH): the diff command needs it") from None
    except subprocess.TimeoutExpired:
        raise DiffError(f"git {args[0]} did not answer within 60 seconds") from None
    if check and done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {' '.join(args)} failed: {reason[-1] if reason else 'no message'}")
    return done


def toplevel(cwd: Path) -> Path:
    """The top-level folder of the git working tree that contains cwd."""
    if not cwd.is_dir():
        raise DiffError(f"{cwd} is not a folder")
    done = git(cwd, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise DiffError(f"not a git repository: {cwd} (run the diff command inside a clone of the tracker)")
    return Path(done.stdout.decode("utf-8").strip())


def commit_of(repo: Path, revision: str) -> str | None:
    """The full hash of the commit a revision names, or None."""
    if revision.startswith("-"):
        return None
    done = git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False)
    return done.stdout.decode("utf-8").strip() if done.returncode == 0 else None


def merge_base(repo: Path, branch: str) -> str | None:
    if commit_of(repo, branch) is None:
        return None
    done = git(repo, "merge-base", "HEAD", branch, check=False)
    return done.stdout.decode("utf-8").strip() if done.returncode == 0 else None


def resolve_base(repo: Path, revision: str | None) -> Base:
    """The commit to compare with: the given revision, or the merge base with main."""
    if revision is not None:
        commit = commit_of(repo, revision)
        if commit is None:
            raise DiffError(f"unknown git revision: {revision!r} (try a branch, a tag or a commit hash)")
        return Base(commit, short_hash(repo, commit), f"`{revision}`")
    for branch in ("main", "origin/main"):
        commit = merge_base(repo, branch)
        if commit is not None:
            return Base(commit, short_hash(repo, commit), f"the merge base of HEAD and `{branch}`")
    commit = commit_of(repo, "HEAD")
    if commit is None:
        raise DiffError("the repository has no commit yet: nothing to compare with")
    return Base(commit, short_hash(repo, commit), "HEAD (no `main` or `origin/main` branch found)")


def short_hash(repo: Path, commit: str) -> str:
    return git(repo, "rev-parse", "--short", commit).stdout.decode("utf-8").strip()


def file_at(repo: Path, commit: str, path: str) -> str | None:
    """A file's text at a commit, or None when it does not exist there."""
    spec = f"{commit}:{path}"
    kind = git(repo, "cat-file", "-t", spec, check=False)
    if kind.returncode != 0:
        return None
    if kind.stdout.decode("utf-8", "replace").strip() != "blob":  # a folder (tree) or a submodule
        raise DiffError(f"{path} at {commit[:7]} is not a file")
    return decode(git(repo, "show", spec).stdout)


# reading


def decode(data: bytes) -> str:
    return data.decode("utf-8-sig", "replace")


def resources(repo: Path) -> list[Resource]:
    """The resources of the descriptor in the working tree."""
    return package_resources(repo / PACKAGE_DIR, f"{PACKAGE_DIR}/{DESCRIPTOR}", f" in {repo}")


def package_resources(package: Path, shown: str = "", where: str = "") -> list[Resource]:
    """The resources of the descriptor in a package folder (named `shown` in messages)."""
    path = package / DESCRIPTOR
    shown = shown or str(path)
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8-sig"))
        found = [_resource(item) for item in descriptor["resources"]]
    except FileNotFoundError:
        raise DiffError(f"{shown} not found{where}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        problem = f"{shown} cannot be read ({error}): run `python build.py validate`"
        raise DiffError(problem) from None
    return found


def _resource(item: dict[str, Any]) -> Resource:
    path = PurePosixPath(item["path"])
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"resource path {item['path']!r} is outside the package")
    schema = item.get("schema", {})
    key = schema.get("primaryKey", ["id"])
    found = [k for fk in schema.get("foreignKeys", []) for k in _names(fk["fields"])]
    found += [f["name"] for f in schema.get("fields", []) if f.get("x-references")]
    return Resource(item["name"], str(path), _names(key), schema.get("fields", []), frozenset(found))


def _names(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def parse(text: str | None, key: list[str], where: str) -> tuple[list[str], Rows]:
    """A CSV's header and its rows keyed by the primary key (None or no text: no rows)."""
    if not text:
        return [], {}
    if "\x00" in text:
        raise DiffError(f"{where} is not a CSV file (it contains a NUL byte): run `python build.py validate`")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    rows: Rows = {}
    try:
        for record in reader:
            row = {name: value or "" for name, value in record.items() if isinstance(name, str)}
            if any(row.values()):
                rows[tuple(row.get(column, "") for column in key)] = row
    except csv.Error as error:
        raise DiffError(f"{where} is not well-formed CSV ({error}): run `python build.py validate`") from None
    return list(reader.fieldnames or []), rows


def read_base(repo: Path, base: Base, resource: Resource) -> tuple[list[str], Rows]:
    path = f"{PACKAGE_DIR}/{resource.path}"
    return parse(file_at(repo, base.commit, path), resource.key, f"{path} at {base.short}")


def read_working(repo: Path, resource: Resource) -> tuple[list[str], Rows]:
    return read_folder(repo / PACKAGE_DIR, resource, PACKAGE_DIR)


def read_folder(package: Path | None, resource: Resource, shown: str = "") -> tuple[list[str], Rows]:
    """A resource's CSV in a package folder (no folder, or no file: no rows)."""
    if package is None:
        return [], {}
    where = f"{shown or package}/{resource.path}"
    try:
        text = decode((package / resource.path).read_bytes())
    except FileNotFoundError:
        text = None
    except OSError as error:
        raise DiffError(f"{where} cannot be read ({error.strerror})") from None
    return parse(text, resource.key, where)


# comparing


def label_column(resource: Resource, header: list[str]) -> str | None:
    """The column that names a record, read from the schema: among the text fields in the header
    (type string, not in the key, not a reference, no pattern or enum: not a code, date or link),
    the first required English one (name ending in `_en`), else the first required one, else the
    first English one, else the first; failing those, a column the schema no longer has (a file at
    an older revision)."""
    candidates = [fld for fld in resource.fields if _is_text(fld, resource) and fld["name"] in header]
    for wanted in (
        lambda fld: _required(fld) and fld["name"].endswith("_en"),
        _required,
        lambda fld: fld["name"].endswith("_en"),
    ):
        for fld in candidates:
            if wanted(fld):
                return fld["name"]
    if candidates:
        return candidates[0]["name"]
    known = {fld.get("name") for fld in resource.fields}
    return next((c for c in header if c not in known and c not in resource.key), None)


def _is_text(fld: dict[str, Any], resource: Resource) -> bool:
    name = fld.get("name")
    if not isinstance(name, str) or name in resource.key or name in resource.references:
        return False
    return free_text(fld)


def _required(fld: dict[str, Any]) -> bool:
    constraints = fld.get("constraints")
    return isinstance(constraints, dict) and bool(constraints.get("required"))


def label(row: dict[str, str], column: str | None) -> str:
    text = " ".join(row.get(column, "").split()) if column else ""
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1] + "…"


def compare(resource: Resource, old: tuple[list[str], Rows], new: tuple[list[str], Rows]) -> ResourceDiff:
    """Added, changed (field by field) and removed records, in file order."""
    (old_header, old_rows), (new_header, new_rows) = old, new
    columns = new_header + [c for c in old_header if c not in new_header]
    new_label = label_column(resource, new_header)
    old_label = label_column(resource, old_header)
    result = ResourceDiff(resource.name)
    for key, row in new_rows.items():
        before = old_rows.get(key)
        if before is None:
            result.added.append((key, label(row, new_label)))
            continue
        fields = [(c, before.get(c, ""), row.get(c, "")) for c in columns if before.get(c, "") != row.get(c, "")]
        if fields:
            result.changed.append(Change(key, label(row, new_label), fields))
    for key, row in old_rows.items():
        if key not in new_rows:
            result.removed.append((key, label(row, old_label)))
    return result


def diff(repo: Path, base: Base) -> list[ResourceDiff]:
    return [compare(r, read_base(repo, base, r), read_working(repo, r)) for r in resources(repo)]


def between(old: Path | None, new: Path) -> list[ResourceDiff]:
    """The records added, changed and removed from the package folder `old` (a release kept in
    releases/<version>/; None: nothing, so every record is added) to the package folder `new`,
    resource by resource as `new`'s descriptor lists them. No git needed: the site's What's new
    page and feeds use it at build time."""
    return [compare(r, read_folder(old, r), read_folder(new, r)) for r in package_resources(new)]


def version_key(version: str) -> tuple[int, ...]:
    """A version's numbers for sorting ("0.10.0" after "0.9.1"); anything else sorts first."""
    parts = version.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else ()


def previous_release(releases: Path, version: str) -> Path | None:
    """The package folder of the latest release kept in `releases` (one folder per version, each a
    copy of the package as released) that is older than `version`, or None."""
    current = version_key(version)
    if not releases.is_dir() or not current:
        return None
    older = [p for p in releases.iterdir() if (p / DESCRIPTOR).is_file() and () < version_key(p.name) < current]
    return max(older, key=lambda p: version_key(p.name), default=None)


# Markdown


def escape(value: str) -> str:
    """A value as safe Markdown text in a table cell: special characters escaped, one line."""
    if value == "":
        return "*(empty)*"
    text = "".join("\\" + char if char in MARKDOWN_SPECIAL else char for char in value)
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def code(text: str) -> str:
    """Text as a code span, or escaped when a code span cannot hold it."""
    return f"`{text}`" if text and not set(text) & set("`|\r\n") else escape(text)


def record(key: Key, name: str) -> str:
    """A record's key as code, followed by its label."""
    shown = code(", ".join(key))
    return f"{shown} — {escape(name)}" if name else shown


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(diffs: list[ResourceDiff]) -> str:
    added = sum(len(d.added) for d in diffs)
    changed = sum(len(d.changed) for d in diffs)
    removed = sum(len(d.removed) for d in diffs)
    touched = sum(not d.empty() for d in diffs)
    return f"{added} added, {changed} changed, {removed} removed in {plural(touched, 'resource')}."


def json_value(value: Any) -> str:
    """A descriptor value in a table cell: JSON as code, shortened; *(absent)* for a missing one."""
    if value is loosen.MISSING:
        return "*(absent)*"
    return code(loosen.shown(json.dumps(value, ensure_ascii=False)))


def markdown(
    base: Base,
    diffs: list[ResourceDiff],
    descriptor: DescriptorDiff | None = None,
    releases: list[ReleaseFile] | None = None,
) -> str:
    """The report, laid out by site/templates/report/diff.md.j2 (the descriptor and release
    sections only when given)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
    environment.filters.update(cell=escape, code=code, json_value=json_value)
    text = environment.get_template("diff.md.j2").render(
        base=base,
        diffs=diffs,
        changed=not all(d.empty() for d in diffs),
        summary=summary(diffs),
        record=record,
        descriptor=descriptor,
        releases=releases,
        published=[f for f in releases or [] if f.published],
        shown_descriptor=f"{PACKAGE_DIR}/{DESCRIPTOR}",
    )
    return text.rstrip("\n") + "\n"


# the descriptor and the releases


def descriptor_diff(repo: Path, base: Base) -> DescriptorDiff:
    """The working tree's descriptor compared with the base's, property by property."""
    path = f"{PACKAGE_DIR}/{DESCRIPTOR}"
    text = file_at(repo, base.commit, path)
    if text is None:
        return DescriptorDiff(note=f"`{path}` does not exist at `{base.short}`: nothing to compare.")
    try:
        old = json.loads(text)
    except (ValueError, RecursionError):
        return DescriptorDiff(note=f"`{path}` at `{base.short}` is not valid JSON: nothing to compare.")
    new = _descriptor(repo / PACKAGE_DIR)
    loosened = loosen.loosenings(old, new)
    changes = [
        PropertyChange(where, before, after, [what for at, what in loosened if _within(at, where)])
        for where, before, after in loosen.changes(old, new)
    ]
    return DescriptorDiff(changes, loosened)


def _within(path: str, prefix: str) -> bool:
    """Whether a property path is prefix or lies inside it."""
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def release_changes(repo: Path, base: Base) -> list[ReleaseFile]:
    """Every file under releases/ added, changed or removed between the base and the working tree
    (untracked files included), in path order."""
    done = git(repo, "diff", "--name-status", "--no-renames", "-z", base.commit, "--", RELEASES)
    parts = done.stdout.decode("utf-8", "replace").split("\0")
    found = {path: STATUS.get(status[:1], "changed") for status, path in zip(parts[::2], parts[1::2], strict=False)}
    untracked = git(repo, "ls-files", "--others", "--exclude-standard", "-z", "--", RELEASES)
    found.update({path: "added" for path in untracked.stdout.decode("utf-8", "replace").split("\0") if path})
    result = []
    versions: dict[str, bool] = {}
    for path, status in sorted(found.items()):
        parts = path.split("/")
        version = parts[1] if len(parts) > 2 else None
        if version is not None and version not in versions:
            kind = git(repo, "cat-file", "-t", f"{base.commit}:{RELEASES}/{version}", check=False)
            versions[version] = kind.stdout.decode("utf-8", "replace").strip() == "tree"
        result.append(ReleaseFile(path, status, version, versions.get(version or "", False)))
    return result


def run(base: str | None, repo: Path | None = None) -> int:
    """Print the Markdown diff between BASE (default: merge base with main) and the working tree."""
    try:
        top = toplevel(repo or Path.cwd())
        chosen = resolve_base(top, base)
        text = markdown(chosen, diff(top, chosen), descriptor_diff(top, chosen), release_changes(top, chosen))
    except DiffError as error:
        print(f"diff: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


@dataclass(frozen=True)
class Release:
    """What changed in the package's release: its version and release date (ISO, the day of
    `created`), those of the release it is compared with (None: no earlier release is kept, so
    every record counts as added) and the record diff."""

    version: str
    date: str
    base_version: str | None
    base_date: str | None
    diffs: list[ResourceDiff]


def release(package: Path, releases: Path) -> Release:
    """The record diff of the package folder `package` since the latest older release kept in
    `releases` (see `previous_release`)."""
    descriptor = _descriptor(package)
    version = str(descriptor.get("version", ""))
    base = previous_release(releases, version)
    base_descriptor = _descriptor(base) if base is not None else {}
    return Release(
        version,
        str(descriptor.get("created", ""))[:10],
        str(base_descriptor["version"]) if base is not None and "version" in base_descriptor else None,
        str(base_descriptor.get("created", ""))[:10] or None if base is not None else None,
        between(base, package),
    )


def history(package: Path, releases: Path) -> list[Release]:
    """The package's release (see `release`), then every kept release older than it that has a
    kept release before it, newest first, each compared with the one before it: the releases whose
    What's new pages the site keeps, so that a page's address stays valid after the next release."""
    found = [release(package, releases)]
    folder = previous_release(releases, found[0].version)
    while folder is not None and previous_release(releases, folder.name) is not None:
        found.append(release(folder, releases))
        folder = previous_release(releases, folder.name)
    return found


def _descriptor(package: Path) -> dict[str, Any]:
    found = json.loads((package / DESCRIPTOR).read_bytes().decode("utf-8-sig"))
    return found if isinstance(found, dict) else {}
