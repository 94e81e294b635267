"""Load the package: read the descriptor and every CSV strictly, reporting what cannot be read.

Nothing here raises on bad input: every failure becomes a Problem that names the file and,
where it can, the line and the column. Files are only ever read.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import frictionless

from tracker import untrusted
from tracker.problems import Problem

DESCRIPTOR = "datapackage.json"
# The resources the validator's rules and the site's pages read by name: each must be in the
# descriptor. Any other resource (a schema and its CSV file) is validated, linked, paged and
# exported from its descriptor alone, with no change to the code.
RESOURCES = (
    "resolutions",
    "local_plans",
    "targets",
    "news_excerpts",
    "tasks",
    "events",
    "people",
    "progress",
    "sources",
    "jurisdictions",
    "issuers",
    "topics",
)


@dataclass(frozen=True)
class Reference:
    """What a field refers to: a field of a resource (a foreign key), or the ids of a resource listed
    with ';' (a list field's `x-references`, field None)."""

    resource: str
    field: str | None = None

    @property
    def is_list(self) -> bool:
        return self.field is None


def references(resource: dict[str, Any]) -> dict[str, Reference]:
    """Field name -> what it refers to, read from the resource's schema: its foreign keys (a key
    with no `resource` refers to its own resource) and the `x-references` of its list fields (on a
    field of another type, `x-references` means nothing)."""
    found = {}
    for key in resource["schema"].get("foreignKeys", []):
        target = key["reference"].get("resource") or resource["name"]
        for name, other in zip(key_fields(key["fields"]), key_fields(key["reference"]["fields"]), strict=True):
            found[name] = Reference(target, other)
    for fld in resource["schema"]["fields"]:
        if fld.get("type") == "list" and fld.get("x-references"):
            found[fld["name"]] = Reference(fld["x-references"])
    return found


@dataclass(frozen=True)
class OneOf:
    """An `x-one-of` group of a resource's schema: each row fills exactly one of `fields`; `rule` is
    what the rule says and `what` what to fill one with, both quoted in the validator's messages."""

    fields: tuple[str, ...]
    rule: str
    what: str


def one_of(resource: dict[str, Any]) -> list[OneOf]:
    """The `x-one-of` groups of the resource's schema (none when it has no such property)."""
    return [OneOf(tuple(g["fields"]), g["rule"], g["what"]) for g in resource["schema"].get("x-one-of", [])]


@dataclass(frozen=True)
class Setter:
    """A resource's `x-setter`: its records can set a target or a task. `date` is the field a record
    is dated by (a deadline it sets is not before it) and `noun` what a message calls the record;
    `jurisdiction`, when what it sets applies where it does (a local plan), is what a message calls
    it then."""

    date: str
    noun: str
    jurisdiction: str | None = None


def setter(resource: dict[str, Any]) -> Setter | None:
    """The resource's `x-setter` (None when its records set nothing)."""
    found = resource.get("x-setter")
    return Setter(found["date"], found["noun"], found.get("jurisdiction")) if found else None


@dataclass(frozen=True)
class Printed:
    """A resource's `x-printed`: `field` holds a text as printed, in the language `language` (a
    field) names; its translated columns (`<field>_<lang>`) are that text in the copy's language,
    and the tracker's own wording, in square brackets, in any other (a source's headline)."""

    field: str
    language: str
    noun: str  # what the validator's messages call the text: "headline"


def printed(resource: dict[str, Any]) -> Printed | None:
    """The resource's `x-printed` (None when it has none)."""
    found = resource.get("x-printed")
    return Printed(found["field"], found["language"], found["noun"]) if found else None


TRUE_VALUES = ("true", "True", "TRUE", "1")  # the Table Schema defaults (trueValues, falseValues)
FALSE_VALUES = ("false", "False", "FALSE", "0")


def is_true(fld: dict[str, Any], text: str) -> bool:
    """Whether a boolean field's cell says true (its `trueValues`, or the Table Schema's)."""
    return text in fld.get("trueValues", TRUE_VALUES)


def flagged(resource: dict[str, Any], key: str) -> list[str]:
    """The names of the resource's fields marked `key: true` (`x-not-after-release`, ...)."""
    return [fld["name"] for fld in resource["schema"]["fields"] if fld.get(key) is True]


def key_fields(value: str | list[str]) -> list[str]:
    """Table Schema allows one field name or a list of them for keys."""
    return [value] if isinstance(value, str) else list(value)


@dataclass
class Table:
    """A CSV file read as text: its header, its rows as dicts, and the line each row starts on."""

    name: str
    path: str
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def numbered(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row with the line it starts on."""
        return zip(self.lines, self.rows, strict=True)

    def line_of_row(self, row_number: int) -> int:
        """Line in the file of frictionless' row number (the header is row 1)."""
        if row_number <= 1 or row_number - 2 >= len(self.lines):
            return 1
        return self.lines[row_number - 2]


@dataclass
class Package:
    """The descriptor as JSON, where it lives, and the tables read so far."""

    root: Path
    shown_root: str
    descriptor: dict[str, Any]
    tables: dict[str, Table] = field(default_factory=dict)

    def shown(self, relpath: str) -> str:
        return str(PurePosixPath(self.shown_root) / relpath)

    def resource(self, name: str) -> dict[str, Any]:
        return next(r for r in self.descriptor["resources"] if r.get("name") == name)

    def fields(self, name: str) -> list[dict[str, Any]]:
        return self.resource(name)["schema"]["fields"]


def locate(target: str) -> tuple[Path, str]:
    """The descriptor file for a package folder or descriptor path, and how to show its folder."""
    path = Path(target)
    if path.is_dir():
        return path / DESCRIPTOR, target.rstrip("/") or "."
    parent = str(PurePosixPath(target).parent)
    return path, parent


def read_text(
    root: Path, relative: str, shown: str, missing: str, limit: int = untrusted.MAX_FILE_BYTES
) -> tuple[str | None, list[Problem]]:
    """The text of `root/relative` if it is a regular file (no symbolic link, FIFO or device on the
    way), not over `limit` bytes, and UTF-8 text without BOM; else None and the problem."""
    try:
        data = untrusted.read_bytes(root, relative, limit)
    except FileNotFoundError:
        return None, [Problem(shown, message=missing)]
    except untrusted.UnsafeFile as error:
        return None, [Problem(shown, message=str(error))]
    except OSError as error:
        return None, [Problem(shown, message=f"cannot be read ({error.strerror})")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(shown, line, message="contains binary data (a NUL byte), not text")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown, 1, message="starts with a byte-order mark (save as UTF-8 without BOM)")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        return None, [Problem(shown, line, message=f"byte 0x{byte} is not valid UTF-8 (save the file as UTF-8)")]


def read_descriptor(target: str, release: bool = False) -> tuple[Package | None, list[Problem]]:
    """The package at `target` (a folder or its descriptor) if its descriptor is usable, else the
    problems. A `release` (a folder of releases/) is held to the rules of containment and text, not
    to today's requirements of the descriptor (the resources the site reads, `maxLength`)."""
    path, shown_root = locate(target)
    shown = str(PurePosixPath(shown_root) / path.name)
    try:
        untrusted.check_root(path.parent)
    except FileNotFoundError:
        pass  # reported below, as the descriptor not found
    except untrusted.UnsafeFile as error:
        return None, [Problem(shown_root, message=str(error))]
    missing = "not found (expected a package folder or its datapackage.json)"
    text, problems = read_text(path.parent, path.name, shown, missing, untrusted.MAX_DESCRIPTOR_BYTES)
    if text is None:
        return None, problems
    try:
        descriptor = json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    except ValueError as error:
        if not isinstance(error, json.JSONDecodeError):
            return None, [Problem(shown, message=f"is not valid JSON: {error}")]
        return None, [Problem(shown, error.lineno, message=f"is not valid JSON: {error.msg} (column {error.colno})")]
    except RecursionError:
        return None, [Problem(shown, message="is not valid JSON: nested too deeply")]
    problems = check_descriptor(descriptor, shown, release)
    if problems:
        return None, problems
    return Package(path.parent, shown_root, descriptor), []


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows (numbers must be finite)")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large a number (numbers must be finite)")
    return number


def check_descriptor(descriptor: Any, shown: str, release: bool = False) -> list[Problem]:
    """The shape our tools rely on: named resources with safe CSV paths and a schema of fields,
    and nothing that could lead the build out of its folders (`_check_untrusted`). A `release` need
    not have the resources the site reads nor today's `maxLength` on its free text."""
    if not isinstance(descriptor, dict):
        return [Problem(shown, message="must be a JSON object with a list of resources")]
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return [Problem(shown, column="resources", message="must be a list of resources")]
    problems: list[Problem] = _check_untrusted(descriptor, shown)
    if len(resources) > MAX_RESOURCES:
        message = f"has {len(resources)} resources (at most {MAX_RESOURCES})"
        return [*problems, Problem(shown, column="resources", message=message)]
    names: list[str] = []
    folders: dict[str, str] = {}
    required = () if release else RESOURCES
    # what x-references may name: a resource of the package, or a required one (reported missing below)
    known = {r["name"] for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)} | set(required)
    for index, resource in enumerate(resources):
        where = f"resources[{index}]"
        if not isinstance(resource, dict):
            problems.append(Problem(shown, column=where, message="must be a JSON object"))
            continue
        name = resource.get("name")
        if not isinstance(name, str) or not name:
            problems.append(Problem(shown, column=f"{where}.name", message="is missing (every resource needs a name)"))
            continue
        if not RESOURCE_NAME.fullmatch(name):
            message = "must be a lowercase letter, then lowercase letters, digits or underscores (at most 31)"
            problems.append(Problem(shown, column=f"{where}.name", value=name, message=message))
            continue
        if name in names:
            problems.append(Problem(shown, column=f"{where}.name", value=name, message="is used by two resources"))
        else:
            problems += _check_folder(resource, shown, where, folders)
        names.append(name)
        problems += _check_path(resource.get("path"), shown, f"{where}.path")
        if "data" in resource:
            message = "is not supported: a resource's rows are in its CSV file (path)"
            problems.append(Problem(shown, column=f"{where}.data", message=message))
        schema_problems = _check_schema(resource.get("schema"), shown, f"{where}.schema", known, release)
        problems += schema_problems or _check_rules(resource, shown, where) + _check_key(resource, shown, where)
        problems += _check_format(resource, shown, where)
    for name in required:
        if name not in names:
            problems.append(Problem(shown, column="resources", value=name, message="resource is missing"))
    return problems or _check_with_frictionless(descriptor, shown)


MAX_RESOURCES = 100
RESOURCE_NAME = re.compile(r"[a-z][a-z0-9_]{0,30}")  # a file name, a SQLite table, a sheet (31 characters)
# The profiles a descriptor may name: the standard ones frictionless knows without fetching anything.
PROFILES = ("data-package", "tabular-data-package", "data-resource", "tabular-data-resource")


def _check_untrusted(descriptor: dict[str, Any], shown: str) -> list[Problem]:
    """The package's own name, version and release date, which name files of the downloads and date
    every status; no remote profile or `$ref` (nothing is fetched); no invisible character in any
    string (`untrusted.invisible`)."""
    problems = []
    name = descriptor.get("name")
    why = untrusted.segment_problem(name) if isinstance(name, str) else "is missing (the package's name)"
    if why:
        problems.append(Problem(shown, column="name", value=str(name or ""), message=why))
    version = descriptor.get("version")
    if not isinstance(version, str) or not untrusted.VERSION.fullmatch(version):
        message = "must be the release's version as MAJOR.MINOR.PATCH (e.g. 0.4.0)"
        problems.append(Problem(shown, column="version", value=str(version or ""), message=message))
    created = descriptor.get("created")
    if not isinstance(created, str) or not _is_datetime(created):
        message = "must be the release's date and time in ISO 8601 (e.g. 2026-11-26T00:00:00Z)"
        problems.append(Problem(shown, column="created", value=str(created or ""), message=message))
    for where, key, value in _strings(descriptor, ""):
        if key == "$ref":
            message = "is not supported: a descriptor is one file, and nothing is fetched from elsewhere"
            problems.append(Problem(shown, column=where, value=str(value), message=message))
        elif key in ("profile", "$schema") and value not in PROFILES:
            message = f"must be one of: {', '.join(PROFILES)} (nothing is fetched from elsewhere)"
            problems.append(Problem(shown, column=where, value=str(value), message=message))
        elif isinstance(value, str) and (char := untrusted.invisible(value)):
            message = f"contains the invisible character {char} (delete it)"
            problems.append(Problem(shown, column=where, value=value, message=message))
    return problems


def _strings(value: Any, where: str = "", key: str = "") -> Iterator[tuple[str, str, Any]]:
    """Every value of a JSON document that is not an object or a list, with where it is and the key
    that holds it; every key too, as a value of its own (key ""); a `$ref` whatever it holds."""
    if isinstance(value, dict):
        for name, item in value.items():
            at = f"{where}.{name}" if where else str(name)
            yield at, "", str(name)
            if name == "$ref" or not isinstance(item, dict | list):
                yield at, name, item
            else:
                yield from _strings(item, at, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            at = f"{where}[{index}]"
            yield from _strings(item, at, key) if isinstance(item, dict | list) else [(at, key, item)]


def _is_datetime(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", text))


def _check_folder(resource: dict[str, Any], shown: str, where: str, folders: dict[str, str]) -> list[Problem]:
    """The resource's pages are at /<x-path>/ (its name without one): one folder of the site's top,
    not one the site reserves, not another resource's."""
    problems = []
    folder = resource.get("x-path", resource["name"])
    at = f"{where}.x-path" if "x-path" in resource else f"{where}.name"
    why = untrusted.segment_problem(folder, top=True) if isinstance(folder, str) else "must be a string"
    if why:
        problems.append(Problem(shown, column=at, value=str(folder), message=why))
    elif folder.lower() in folders:
        message = f"is also the folder of {folders[folder.lower()]} (each resource has its own)"
        problems.append(Problem(shown, column=at, value=folder, message=message))
    else:
        folders[folder.lower()] = resource["name"]
    return problems


def _check_key(resource: dict[str, Any], shown: str, where: str) -> list[Problem]:
    """Every resource has the primary key `id`: a record's id names its pages."""
    key = resource["schema"].get("primaryKey")
    if key in ("id", ["id"]) and any(f["name"] == "id" for f in resource["schema"]["fields"]):
        return []
    message = 'must be "id", a field of the resource (every record has an id, which names its pages)'
    return [Problem(shown, column=f"{where}.schema.primaryKey", value=str(key or ""), message=message)]


def safe_path(path: str) -> bool:
    """A relative path inside the package folder (`untrusted.inside`), and not a URL."""
    return "://" not in path and untrusted.inside(path)


def _check_path(path: Any, shown: str, where: str) -> list[Problem]:
    if not isinstance(path, str) or not path:
        return [Problem(shown, column=where, message="must be the relative path of a CSV file")]
    pure = PurePosixPath(path)
    if not safe_path(path):
        return [Problem(shown, column=where, value=path, message="must be a relative path inside the package folder")]
    if pure.suffix != ".csv":
        return [Problem(shown, column=where, value=path, message="must name a .csv file")]
    return []


def _check_schema(schema: Any, shown: str, where: str, resources: set[str], release: bool = False) -> list[Problem]:
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        return [Problem(shown, column=where, message="must be a Table Schema with a list of fields")]
    problems = []
    seen: set[str] = set()
    for index, fld in enumerate(schema["fields"]):
        at = f"{where}.fields[{index}]"
        name = fld.get("name") if isinstance(fld, dict) else None
        if not isinstance(name, str) or not name:
            problems.append(Problem(shown, column=at, message="must be an object with a name"))
            continue
        if name in seen:
            problems.append(Problem(shown, column=f"{at}.name", value=name, message="is used by two fields"))
        seen.add(name)
        problems += _check_field(fld, shown, at, resources)
        if not release:
            problems += _check_length(fld, shown, at)
    return problems


MAX_TEXT = 2000  # the longest maxLength a free-text field may have (docs/validation.md)
MAX_QUOTE = 300  # the longest maxLength of a quote (`x-quote`)


def free_text(fld: dict[str, Any]) -> bool:
    """Whether a field holds text a person writes: a string with no pattern and no enum (not a code,
    a date, an id or a link)."""
    constraints = fld.get("constraints")
    constraints = constraints if isinstance(constraints, dict) else {}
    return fld.get("type", "string") == "string" and "pattern" not in constraints and "enum" not in constraints


def _check_length(fld: dict[str, Any], shown: str, at: str) -> list[Problem]:
    """A free-text field (`free_text`) has a `maxLength` of at most MAX_TEXT (MAX_QUOTE for a
    quote), so that no cell can make a page too long to load."""
    if not free_text(fld):
        return []
    constraints = fld.get("constraints", {})
    limit, most = constraints.get("maxLength"), MAX_QUOTE if fld.get("x-quote") is True else MAX_TEXT
    if isinstance(limit, int) and not isinstance(limit, bool) and 0 < limit <= most:
        return []
    what = "a quote (x-quote)" if most == MAX_QUOTE else "a free-text field (a string with no pattern or enum)"
    message = f"must be set, at most {most}, on {what}"
    return [Problem(shown, column=f"{at}.constraints.maxLength", value=str(limit or ""), message=message)]


def _check_field(fld: dict[str, Any], shown: str, at: str, resources: set[str]) -> list[Problem]:
    """What our own checks read from a field: constraints, pattern, x-references (one of the
    package's `resources`), x-expected, and the flags (`FLAGS`) are true or false."""
    constraints = fld.get("constraints", {})
    if not isinstance(constraints, dict):
        return [Problem(shown, column=f"{at}.constraints", message="must be a JSON object")]
    problems = []
    pattern = constraints.get("pattern")
    if pattern is not None and (not isinstance(pattern, str) or untrusted.compiled(pattern) is None):
        message = (
            "is not a regular expression the validator accepts (RE2 syntax, which runs in linear time: "
            "no back-references or look-arounds)"
        )
        problems.append(Problem(shown, column=f"{at}.constraints.pattern", value=str(pattern), message=message))
    reference = fld.get("x-references")
    if reference is not None and reference not in resources:
        problems.append(
            Problem(
                shown,
                column=f"{at}.x-references",
                value=str(reference),
                message=f"must name a resource of the package ({', '.join(sorted(resources))})",
            )
        )
    characters = fld.get("x-format-characters", [])
    if not isinstance(characters, list) or not all(
        isinstance(c, str) and untrusted.CODE_POINT.fullmatch(c) and int(c[2:], 16) <= 0x10FFFF for c in characters
    ):
        message = 'must be a list of code points such as "U+200D" (the invisible characters the field allows)'
        problems.append(Problem(shown, column=f"{at}.x-format-characters", value=str(characters), message=message))
    for key in ("x-expected", "type"):
        if key in fld and not isinstance(fld[key], str):
            problems.append(Problem(shown, column=f"{at}.{key}", value=str(fld[key]), message="must be a string"))
    for key in FLAGS:
        if key in fld and not isinstance(fld[key], bool):
            problems.append(Problem(shown, column=f"{at}.{key}", value=str(fld[key]), message="must be true or false"))
    return problems


# Field properties that are true or false: the date of what has happened is not after the
# package's release date; a date that must have come is not after today; the field holds a
# source's words quoted verbatim (at most MAX_QUOTE characters).
FLAGS = ("x-may-equal-english", "x-not-after-release", "x-not-after-today", "x-quote")


def _check_rules(resource: dict[str, Any], shown: str, where: str) -> list[Problem]:
    """The resource's own rules name fields of its schema: `x-summary` one field, `x-printed` two
    (the printed text and its language) and a `noun`, `x-setter` its `date` field, a `noun` (and a
    `jurisdiction` phrase only if the resource has that field), and each `x-one-of` group at least
    two fields with a `rule` and a `what` (the phrases the validator's messages quote); `x-singular`
    is a lowercase word (a column name stem in the SQLite download)."""
    name = resource["name"]
    fields = [fld["name"] for fld in resource["schema"]["fields"]]
    problems: list[Problem] = []

    def field_named(value: Any, at: str) -> None:
        if value not in fields:
            message = f"is not a field of {name} (expected one of: {', '.join(fields)})"
            problems.append(Problem(shown, column=at, value=str(value), message=message))

    def phrase(value: Any, at: str) -> None:
        if not isinstance(value, str) or not value.strip():
            message = "must be a phrase (a non-empty string)"
            problems.append(Problem(shown, column=at, value=str(value), message=message))

    def an_object(value: Any, at: str, keys: set[str], optional: set[str], message: str) -> bool:
        """Whether the property is an object with these keys (and maybe the optional ones)."""
        if isinstance(value, dict) and keys <= set(value) <= keys | optional:
            return True
        problems.append(Problem(shown, column=at, message=message))
        return False

    if "x-summary" in resource:
        field_named(resource["x-summary"], f"{where}.x-summary")
    for key, example in (("x-named-by", '{"url": ["URL"]}'), ("x-inferred", '{"inferred": ["Inference"]}')):
        to_words = resource.get(key)
        if to_words is not None and not (isinstance(to_words, dict) and to_words):
            message = f"must be an object from fields to the words notes use for them (e.g. {example})"
            problems.append(Problem(shown, column=f"{where}.{key}", message=message))
        for column, words in to_words.items() if isinstance(to_words, dict) else []:
            field_named(column, f"{where}.{key}")
            if not (isinstance(words, list) and words and all(isinstance(w, str) and w.strip() for w in words)):
                message = "must be a list of words (non-empty strings) that notes use to explain the field"
                problems.append(Problem(shown, column=f"{where}.{key}.{column}", value=str(words), message=message))
    word = resource.get("x-singular")
    if word is not None and not (isinstance(word, str) and re.fullmatch(r"[a-z][a-z0-9_]*", word)):
        message = "must be the resource's name in the singular, in lowercase letters (people: person)"
        problems.append(Problem(shown, column=f"{where}.x-singular", value=str(word), message=message))
    shown_as = resource.get("x-printed")
    message = (
        'must be an object with a "field", a "language" (fields) and a "noun" '
        '(e.g. {"field": "title", "language": "language", "noun": "headline"})'
    )
    if shown_as is not None and an_object(
        shown_as, f"{where}.x-printed", {"field", "language", "noun"}, set(), message
    ):
        field_named(shown_as["field"], f"{where}.x-printed.field")
        field_named(shown_as["language"], f"{where}.x-printed.language")
        phrase(shown_as["noun"], f"{where}.x-printed.noun")
    found = resource.get("x-setter")
    message = (
        'must be an object with a "date" (a field), a "noun" and optionally a "jurisdiction" '
        '(e.g. {"date": "date", "noun": "event"})'
    )
    if found is not None and an_object(found, f"{where}.x-setter", {"date", "noun"}, {"jurisdiction"}, message):
        field_named(found["date"], f"{where}.x-setter.date")
        phrase(found["noun"], f"{where}.x-setter.noun")
        if "jurisdiction" in found:
            phrase(found["jurisdiction"], f"{where}.x-setter.jurisdiction")
            if "jurisdiction" not in fields:
                message = f"is set but {name} has no jurisdiction field"
                problems.append(Problem(shown, column=f"{where}.x-setter.jurisdiction", message=message))
    groups = resource["schema"].get("x-one-of")
    if groups is None:
        return problems
    at = f"{where}.schema.x-one-of"
    if not isinstance(groups, list):
        return [*problems, Problem(shown, column=at, message="must be a list of groups")]
    for index, group in enumerate(groups):
        message = 'must be an object with "fields" (at least two), "rule" and "what"'
        if not an_object(group, f"{at}[{index}]", {"fields", "rule", "what"}, set(), message):
            continue
        columns = group["fields"]
        if not isinstance(columns, list) or len(columns) < 2 or len(set(map(str, columns))) != len(columns):
            message = "must be a list of at least two different fields"
            problems.append(Problem(shown, column=f"{at}[{index}].fields", value=str(columns), message=message))
        else:
            for column in columns:
                field_named(column, f"{at}[{index}].fields")
        phrase(group["rule"], f"{at}[{index}].rule")
        phrase(group["what"], f"{at}[{index}].what")
    return problems


def _check_format(resource: dict[str, Any], shown: str, where: str) -> list[Problem]:
    """Our CSVs are UTF-8, comma-separated, with a header row: nothing else is read."""
    problems = []
    if str(resource.get("encoding", "utf-8")).lower() != "utf-8":
        problems.append(
            Problem(shown, column=f"{where}.encoding", value=str(resource["encoding"]), message="must be utf-8")
        )
    if "dialect" in resource:
        problems.append(
            Problem(
                shown,
                column=f"{where}.dialect",
                message="is not supported: the files are comma-separated UTF-8 CSV with a header row",
            )
        )
    return problems


def _check_with_frictionless(descriptor: dict[str, Any], shown: str) -> list[Problem]:
    """The Data Package and Table Schema specifications, as frictionless reads them."""
    report = frictionless.Package.validate_descriptor(descriptor)
    problems = [Problem(shown, message=f"{error.title.lower()}: {error.note}") for error in report.errors]
    if problems:
        return problems
    try:
        frictionless.Package(descriptor)
    except frictionless.FrictionlessException as exception:
        reasons = exception.reasons or [exception.error]
        problems = [Problem(shown, message=f"{error.title.lower()}: {error.note}") for error in reasons]
    return problems


def read_table(package: Package, name: str) -> tuple[Table | None, list[Problem]]:
    """Read one resource's CSV as UTF-8 text and check its structure against the schema."""
    resource = package.resource(name)
    shown = package.shown(resource["path"])
    expected = [f["name"] for f in package.fields(name)]
    missing = f"file not found (the descriptor's resource {name!r} points to it)"
    text, problems = read_text(package.root, resource["path"], shown, missing)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(shown, 1, message=f"file is empty (expected a header row: {','.join(expected)})")]
    return _parse(name, shown, text, expected)


def _parse(name: str, shown: str, text: str, expected: list[str]) -> tuple[Table | None, list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        return None, [Problem(shown, start, message=f"is not well-formed CSV: {error} (check the quotes on this row)")]
    header_line, header = records[0]
    problems = _check_header(shown, header_line, header, expected)
    if problems:
        return None, problems
    table = Table(name, shown, header)
    for line, record in records[1:]:
        if not record:
            problems.append(Problem(shown, line, message="is a blank row (delete it)"))
        elif len(record) != len(header):
            problems.append(
                Problem(shown, line, message=f"has {len(record)} values but the header has {len(header)} columns")
            )
        else:
            table.rows.append(dict(zip(header, record, strict=True)))
            table.lines.append(line)
    return (None, problems) if problems else (table, [])


def _check_header(shown: str, line: int, header: list[str], expected: list[str]) -> list[Problem]:
    problems = []
    for column in header:
        if column not in expected:
            problems.append(
                Problem(shown, line, column, column, f"is not a column of this table (expected {','.join(expected)})")
            )
    for column in expected:
        if column not in header:
            problems.append(Problem(shown, line, column, message="column is missing from the header"))
    duplicates = sorted({c for c in header if header.count(c) > 1})
    for column in duplicates:
        problems.append(Problem(shown, line, column, message="column appears twice in the header"))
    if not problems and header != expected:
        problems.append(Problem(shown, line, message=f"columns are out of order (expected {','.join(expected)})"))
    return problems
