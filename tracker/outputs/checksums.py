"""A checksum file of every download written before it (`SHA256SUMS`), in the format of GNU
`sha256sum`: `sha256sum -c SHA256SUMS`, run in the downloads folder, checks every file at once.
It comes last among the downloads (tracker/outputs/__init__.py) and lists every file then in the
folder, sorted by path; the Downloads page gives each file's digest too."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tracker.outputs.common import Download, Source, save

EACH_LANGUAGE = False
NAME = "SHA256SUMS"


def write(source: Source, out: Path) -> list[Download]:
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != NAME)
    lines = "".join(f"{hashlib.sha256((out / path).read_bytes()).hexdigest()}  {path}\n" for path in files)
    return [save(out, "", "sha256", NAME, lines.encode("utf-8"))]
