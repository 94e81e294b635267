"""The package's descriptor (datapackage.json) as it is, beside the CSV files, so that the
downloads folder validates with frictionless unchanged."""

from __future__ import annotations

from pathlib import Path

from tracker.outputs.common import DESCRIPTOR, Download, Source, save

EACH_LANGUAGE = False


def write(source: Source, out: Path) -> list[Download]:
    return [save(out, "", "datapackage", DESCRIPTOR, source.raw)]
