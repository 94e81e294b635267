"""One CSV file per resource, as in the package, every text cell spreadsheet-safe
(common.spreadsheet_safe): a valid package's files come out byte for byte."""

from __future__ import annotations

from pathlib import Path

from tracker.outputs.common import Download, Source, save

EACH_LANGUAGE = False


def write(source: Source, out: Path) -> list[Download]:
    return [
        save(out, r["name"], "csv", r["path"], source.files[r["path"]], len(source.tables[r["name"]]))
        for r in source.resources
    ]
