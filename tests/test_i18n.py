"""The interface catalogues (site/i18n/<lang>.yml): one per language, all with the same keys and
placeholders, and the dates and numbers each writes its own way."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from tracker.render import format_date, format_number, languages

DATE_FIELDS = {"year", "mm", "dd", "m", "d"}
CATALOGUES = sorted((ROOT / "site" / "i18n").glob("*.yml"))


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def tree(value: Any, prefix: str = "") -> dict[str, set[str]]:
    """Every key path of a catalogue ("words.as_of") with the {placeholders} of its value."""
    if isinstance(value, dict):
        found: dict[str, set[str]] = {}
        for key, inner in value.items():
            found.update(tree(inner, f"{prefix}{key}."))
        return found
    names = {name for _, name, _, _ in string.Formatter().parse(str(value)) if name is not None}
    return {prefix.rstrip("."): names}


def test_the_languages_are_the_catalogues_the_default_first() -> None:
    assert languages("en") == ["en", "vi"]
    assert languages("vi") == ["vi", "en"]


@pytest.mark.parametrize("path", [p for p in CATALOGUES if p.stem != "en"], ids=lambda p: p.name)
def test_every_catalogue_has_the_keys_and_placeholders_of_en(path: Path) -> None:
    # Units are keyed by the data's unit in each catalogue's own language (unit_en, unit_vi), and
    # listed only where that language needs another form, and the words that scale a number in
    # running text (prose.scales) are the language's own: their keys differ by design.
    english, other = (
        {k: v for k, v in tree(load(p)).items() if not k.startswith(("units.", "prose.scales."))}
        for p in (ROOT / "site" / "i18n" / "en.yml", path)
    )
    assert sorted(set(english) - set(other)) == [], f"keys missing from {path.name}"
    assert sorted(set(other) - set(english)) == [], f"keys of {path.name} that en.yml lacks"
    # Date formats pick their own fields: 16/9/2025 needs the day without its leading zero.
    differ = {k: (english[k], other[k]) for k in english if english[k] != other[k] and not k.startswith("dates.")}
    assert differ == {}, f"placeholders that differ between en.yml and {path.name}"
    assert all(other[k] <= DATE_FIELDS for k in other if k.startswith("dates."))


def test_a_catalogue_names_its_own_language() -> None:
    for path in CATALOGUES:
        catalogue = load(path)
        assert catalogue["lang"] == path.stem
        assert catalogue["language"]["locale"].startswith(path.stem + "_")


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", "2025-09-16", "2025-09-16"),
        ("en", "2025-09", "2025-09"),
        ("en", "2025", "2025"),
        ("vi", "2025-09-16", "16/9/2025"),
        ("vi", "2025-09", "tháng 9/2025"),
        ("vi", "2025", "năm 2025"),
        ("vi", "", ""),
        ("vi", "soon", "soon"),
    ],
)
def test_dates_are_written_the_catalogues_way(language: str, value: str, expected: str) -> None:
    assert format_date(value, load(ROOT / "site" / "i18n" / f"{language}.yml")["dates"]) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", "95.5", "95.5"),
        ("en", "12500", "12500"),
        ("vi", "95.5", "95,5"),
        ("vi", "100", "100"),
        ("vi", "12500", "12.500"),
        ("vi", "-0.25", "-0,25"),
        ("vi", "about 3.5", "about 3.5"),
    ],
)
def test_numbers_are_written_the_catalogues_way(language: str, value: str, expected: str) -> None:
    assert format_number(value, load(ROOT / "site" / "i18n" / f"{language}.yml")["numbers"]) == expected


def avoided() -> dict[str, str]:
    """The glossary's "Avoid" table (docs/glossary.md): word to avoid -> what to write instead."""
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    table = text[text.index("## Avoid") :]
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \| [^|]*\|$", table, flags=re.M)
    return {avoid: instead for avoid, instead in rows if avoid not in ("avoid", "---")}


def vietnamese_interface() -> dict[str, str]:
    """Every Vietnamese interface text by file: the catalogue, the templates (their Vietnamese
    lines and files), the hand-written Vietnamese pages."""
    files = [ROOT / "site" / "i18n" / "vi.yml", *sorted((ROOT / "site" / "pages" / "vi").rglob("*"))]
    files += sorted((ROOT / "site" / "templates").rglob("*.j2"))
    return {str(f.relative_to(ROOT)): " ".join(f.read_text(encoding="utf-8").split()) for f in files if f.is_file()}


def test_the_vietnamese_interface_follows_the_glossary() -> None:
    """The terms the glossary says to avoid are in no Vietnamese interface text; its term for the
    responsible body, "cơ quan chủ trì" (the sources' "chủ trì, phối hợp"), is used."""
    avoid = avoided()
    assert {"quan chức", "chịu trách nhiệm", "sổ tính"} <= set(avoid)
    found = [
        (word, name) for name, text in vietnamese_interface().items() for word in avoid if word.lower() in text.lower()
    ]
    assert not found, [f"{name}: {word!r}, write {avoid[word]!r}" for word, name in found]
    assert "cơ quan chủ trì" in vietnamese_interface()["site/i18n/vi.yml"].lower()
