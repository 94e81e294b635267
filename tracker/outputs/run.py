"""One language's build as its outputs read it: the package, the language's view and site, the
linked records as of the release date, and the folders the outputs write into."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from tracker.language import View
from tracker.load import Package
from tracker.records import Record

if TYPE_CHECKING:
    from tracker.render import Site


@dataclass
class Run:
    """`docs` is the language's pages folder (build/docs/<lang>), `embeds` where the cards and the
    share images go (None: not written); `data` the linked records (records.link), `deadlines`
    the commitments with their statuses. The outputs run in order (tracker/outputs/__init__.py):
    the charts leave their figures in `charts`, the pages their template context in `context`,
    which the later outputs (feeds, embeds) read."""

    package: Package
    site: Site
    view: View
    docs: Path
    embeds: Path | None
    data: dict[str, Any]
    deadlines: list[Record]
    env: jinja2.Environment
    charts: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
