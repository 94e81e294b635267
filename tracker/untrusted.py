"""What untrusted input may be: the rules that keep a pull request's data inside its folder.

Everything under `datapackage/` and `releases/` arrives by pull request. This module holds, in one
place, what the validator allows of it and how the build handles it:

- `read_bytes`: a file is read only if it and every folder on its way are regular (no symbolic
  link, FIFO or device) and it is not over `MAX_FILE_BYTES`; nothing else is ever opened;
- `segment_problem`: a name that becomes part of an output path (an id, a version, a resource's
  name or `x-path`, a release folder) is one short path segment, not a name the site reserves;
- `invisible`: characters that display as nothing or reorder what is shown (Unicode format
  characters, bidi controls, private-use and unassigned code points) are refused in text;
- `is_formula` and `neutralised`: a text cell that a spreadsheet would run as a formula is refused,
  and CSV downloads neutralise such cells the OWASP way (a leading apostrophe);
- `within`: the build writes nothing outside its output folder, whatever a path says.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Any

import re2

from tracker import catalogue

# Limits that bound the validator's time and memory whatever the input (docs/security.md; the values
# are listed in docs/validation.md).
MAX_FILE_BYTES = 100_000_000  # one CSV file: the real package's largest is 1,000 times smaller
MAX_DESCRIPTOR_BYTES = 5_000_000  # datapackage.json: the real one is 90 kB
MAX_PACKAGE_BYTES = 500_000_000  # all files of one package together
MAX_SEGMENT = 100  # characters of an id, a version or a folder name (file systems take 255 bytes)

# A path segment: letters, digits and single hyphens or underscores between them, so never
# "..", "/", "\" or an absolute path. Ids are lowercased in URLs (`records.slug`).
_SEGMENT = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")  # a release: MAJOR.MINOR.PATCH

# Names the site uses for itself. At the top of the site (a resource's folder, `x-path`): the
# generated pages and folders, and the languages (site/i18n/<lang>.yml), which are checked apart.
# Inside a resource's folder (a record's id): its index page and the index's further pages.
SITE_FOLDERS = frozenset(
    {
        "404",
        "about",
        "assets",
        "calendars",
        "charts",
        "corrections",
        "data-dictionary",
        "deadlines",
        "downloads",
        "embed",
        "feeds",
        "follow",
        "index",
        "pagefind",
        "search",
        "share",
        "sitemap",
        "timeline",
        "whats-new",
    }
)
_RESERVED_IN_FOLDER = re.compile(r"index|page-[0-9]+")


def languages() -> frozenset[str]:
    """The site's language codes (its catalogues): each is the folder of that language's site."""
    return catalogue.codes()


def segment_problem(value: str, top: bool = False) -> str | None:
    """Why `value` cannot be one segment of an output path (None when it can): `top` for a folder at
    the top of the site (a resource's `x-path`), else a name inside a folder (a record's id)."""
    if not isinstance(value, str) or not value:
        return "is empty (it names a file or folder of the site)"
    if len(value) > MAX_SEGMENT:
        return f"is {len(value)} characters long (at most {MAX_SEGMENT}: it names a file or folder of the site)"
    if not _SEGMENT.fullmatch(value):
        return "must be letters, digits and single hyphens or underscores between them (it names a file or folder)"
    lowered = value.lower()
    if top and (lowered in SITE_FOLDERS or lowered in languages()):
        return "is a name the site reserves for its own pages (" + ", ".join(sorted(SITE_FOLDERS | languages())) + ")"
    if not top and _RESERVED_IN_FOLDER.fullmatch(lowered):
        return "is a name the site reserves in every folder (index, page-2, page-3, ...)"
    return None


NOT_REGULAR = "is not a regular file (a FIFO, socket or device)"
SYMLINK = "is a symbolic link (a package holds regular files only; commit the file itself)"


class UnsafeFile(Exception):
    """A file the package may not hold, or one too large; the message says why."""


def read_bytes(root: Path, relative: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `root/relative`, read only if the file and every folder from `root` to it are
    regular (a symbolic link, a FIFO or a device is refused without being opened) and the file is
    at most `limit` bytes. FileNotFoundError when it does not exist."""
    if not inside(relative):
        raise UnsafeFile("is not a relative path inside the package folder")
    parts = PurePosixPath(relative).parts
    path = root
    for index, part in enumerate(parts):
        path = path / part
        _regular(os.lstat(path), last=index == len(parts) - 1)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        _regular(status, last=True)
        if status.st_size > limit:
            raise UnsafeFile(f"is {status.st_size:,} bytes, over the limit of {limit:,}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnsafeFile(f"is over the limit of {limit:,} bytes")
    return data


def _regular(status: os.stat_result, last: bool) -> None:
    if stat.S_ISLNK(status.st_mode):
        raise UnsafeFile(SYMLINK)
    if last and stat.S_ISDIR(status.st_mode):
        raise UnsafeFile("is a folder, not a file")
    if last and not stat.S_ISREG(status.st_mode):
        raise UnsafeFile(NOT_REGULAR)
    if not last and not stat.S_ISDIR(status.st_mode):
        raise UnsafeFile("is not a folder")


MAX_ENTRIES = 10_000  # files and folders in datapackage/ or releases/


def irregular(root: Path) -> list[tuple[str, str]]:
    """Every entry under `root` that is not a regular file or a folder (a symbolic link, a FIFO, a
    socket, a device), as (its path relative to root, why), found without following or opening
    any; and a word if there are more than MAX_ENTRIES entries, when the rest is not looked at."""
    found: list[tuple[str, str]] = []
    folders, seen = [root], 0
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                seen += 1
                if seen > MAX_ENTRIES:
                    return [*found, (".", f"holds more than {MAX_ENTRIES:,} files and folders (the limit)")]
                relative = Path(entry.path).relative_to(root).as_posix()
                if entry.is_symlink():
                    found.append((relative, SYMLINK))
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                elif not entry.is_file(follow_symlinks=False):
                    found.append((relative, NOT_REGULAR))
    return sorted(found)


def check_root(root: Path) -> None:
    """A package's own folder is a real folder, not a symbolic link to somewhere else."""
    status = os.lstat(root)
    if stat.S_ISLNK(status.st_mode):
        raise UnsafeFile("is a symbolic link (a package is a folder of regular files)")
    if not stat.S_ISDIR(status.st_mode):
        raise UnsafeFile("is not a folder")


# Characters refused in every cell and descriptor string: format characters (zero-width spaces and
# joiners, bidi controls, the soft hyphen, the byte-order mark), private-use, surrogate and unassigned
# code points. A field that needs one names it in `x-format-characters` (e.g. ["U+200D"]).
INVISIBLE = ("Cf", "Co", "Cs", "Cn")


def invisible(text: str, allowed: frozenset[str] = frozenset()) -> str | None:
    """The first invisible character of `text` as "U+XXXX NAME" (None when there is none)."""
    for char in text:
        if unicodedata.category(char) in INVISIBLE and char not in allowed:
            name = unicodedata.name(char, "unnamed")
            return f"U+{ord(char):04X} {name}"
    return None


def allowed_characters(field: dict[str, Any]) -> frozenset[str]:
    """The invisible characters a field allows (`x-format-characters`, code points as "U+200D"; the
    validator checks their form)."""
    return frozenset(chr(int(code[2:], 16)) for code in field.get("x-format-characters", []))


CODE_POINT = re.compile(r"U\+[0-9A-F]{4,6}")


# A cell a spreadsheet runs as a formula starts with one of these (OWASP, CSV injection); tab and
# carriage return are refused as control characters already.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula(text: str) -> bool:
    """Whether a spreadsheet opening `text` as a cell would read it as a formula."""
    return text.startswith(FORMULA_START)


def neutralised(text: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading apostrophe before a formula (OWASP)."""
    return "'" + text if is_formula(text) else text


class Outside(Exception):
    """A path that would leave the folder the build writes into."""


def inside(relative: str | PurePosixPath) -> bool:
    """Whether `relative` names something inside a folder by its text alone: not empty, not
    absolute, no ".." and no backslash (a link on the way is `read_bytes`'s and `within`'s check)."""
    pure = PurePosixPath(relative)
    return bool(pure.parts) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in str(relative)


def within(folder: Path, relative: str | PurePosixPath) -> Path:
    """`folder/relative`, refused (Outside) when it would not be inside `folder`: absolute, with
    "..", or through a symbolic link that leads elsewhere."""
    if not inside(relative):
        raise Outside(f"{relative}: a path outside {folder}")
    target = folder / PurePosixPath(relative)
    base = folder.resolve()
    if not target.resolve().is_relative_to(base):
        raise Outside(f"{relative}: a path outside {folder}")
    return target


def compiled(pattern: str) -> Any:
    """A schema's pattern compiled by RE2, whose matching time is linear in the text whatever the
    pattern (Python's `re` backtracks: `^(a+)+$` can run for hours); None if RE2 cannot compile it."""
    try:
        return re2.compile(pattern)
    except re2.error:
        return None
