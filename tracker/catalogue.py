"""The interface catalogues (site/i18n/<lang>.yml): one per language of the site, read by the
renderer for its strings and by the validator for how each language writes numbers in prose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).resolve().parent.parent / "site" / "i18n"


def codes() -> frozenset[str]:
    """The language codes that have a catalogue."""
    return frozenset(path.stem for path in FOLDER.glob("*.yml"))


def read(code: str) -> dict[str, Any]:
    """The catalogue of one language (a fresh copy on each call)."""
    with (FOLDER / f"{code}.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
