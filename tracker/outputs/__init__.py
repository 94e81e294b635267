"""Everything the build writes, side by side in one list (`OUTPUTS`), one module per output, each
with one `write`.

An output with `EACH_LANGUAGE = False` is written once for every language, into the downloads
folder: `write(source: Source, out: Path) -> list[Download]`, in the order the Downloads page
lists them. One with `EACH_LANGUAGE = True` is written for each language, into its pages' folder
(or beside it): `write(run: Run) -> int`, in this order: the pages show the charts, and the embeds
use the pages' template context.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection
from datetime import date
from pathlib import Path
from types import ModuleType

from tracker import charts, embed, feeds, render, share, status
from tracker.load import Package
from tracker.outputs import (
    calendars,
    checksums,
    corrections,
    csv,
    datapackage,
    json,
    parquet,
    releases,
    sqlite,
    xlsx,
    zip,
)
from tracker.outputs.common import Download, Source, Table
from tracker.outputs.run import Run
from tracker.records import link

OUTPUTS: tuple[ModuleType, ...] = (
    datapackage,  # the descriptor
    zip,  # the whole package: README, descriptor, CSV
    xlsx,
    sqlite,
    csv,  # one file per resource
    json,
    parquet,
    releases,  # the earlier releases kept, as released
    checksums,  # SHA256SUMS of every file above
    charts,
    render,  # the pages
    corrections,  # the Corrections page, with the log from CHANGELOG.md
    feeds,
    calendars,  # the deadlines as iCalendar files
    embed,  # the commitments' cards
    share,  # the link-preview images
)


def write_downloads(
    package_dir: Path, out_dir: Path, tables: dict[str, Table] | None = None, kept: Path | None = None
) -> list[Download]:
    """Every download of the (already validated) package under out_dir, with the earlier releases
    kept in the folder `kept` if given; one Download per file. `tables` are the rows as the build
    already read them (resource name -> rows of text); without them the CSV files are read here."""
    source = Source.read(package_dir, tables, kept)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [d for output in OUTPUTS if not output.EACH_LANGUAGE for d in output.write(source, out_dir)]


def render_language(
    package: Package,
    docs: Path,
    site: render.Site,
    today: date | None = None,
    embeds: Path | None = None,
    only: Collection[ModuleType] = (),
) -> int:
    """Write one language's outputs: its pages into docs (emptied first), with its charts and
    feeds; with `embeds`, the commitments' cards (`embeds/embed/...`) and every page's share image
    (`embeds/share/...`) there too, each emptied first. Return how many pages were written (with
    `only`, just those outputs, in their order, and 0).

    `today` (default: the package's release date, `dates.release_date`) is the date statuses and
    the next deadlines are computed as of: never the machine's clock, so builds are reproducible."""
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    data = link(package, today, site.language)
    deadlines = status.annotate(data["kinds"], date.fromisoformat(data["today"]))
    run = Run(package, site, site.view(package.descriptor), docs, embeds, data, deadlines, render.environment())
    written = {output: output.write(run) for output in OUTPUTS if output.EACH_LANGUAGE and output in (only or OUTPUTS)}
    return written.get(render, 0)
