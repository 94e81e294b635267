"""The descriptor in Vietnamese: column names stay English (the public API), but the package, every
resource and every field has a Vietnamese title and description (x-title-vi, x-description-vi)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from conftest import PACKAGE

from tracker.outputs.zip import readme

DESCRIPTOR = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
VIETNAMESE = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"


def described() -> list[tuple[str, dict[str, Any]]]:
    """(where, object) for the package, every resource and every field."""
    found = [("package", DESCRIPTOR)]
    for resource in DESCRIPTOR["resources"]:
        found.append((resource["name"], resource))
        found += [(f"{resource['name']}.{f['name']}", f) for f in resource["schema"]["fields"]]
    return found


@pytest.mark.parametrize(("where", "thing"), described(), ids=[w for w, _ in described()])
def test_every_part_has_a_vietnamese_title_and_description(where: str, thing: dict[str, Any]) -> None:
    for key, english in (("x-title-vi", "title"), ("x-description-vi", "description")):
        text = thing.get(key)
        assert isinstance(text, str) and text.strip(), f"{where}: {key} is missing or empty"
        assert text == text.strip() and unicodedata.is_normalized("NFC", text), f"{where}: {key} is not NFC"
        assert text != thing[english], f"{where}: {key} is the English {english}"
        assert any(c in VIETNAMESE for c in text.lower()), f"{where}: {key} has no Vietnamese letter"


def test_column_names_stay_english() -> None:
    for resource in DESCRIPTOR["resources"]:
        for fld in resource["schema"]["fields"]:
            assert fld["name"].isascii(), fld["name"]


def test_the_descriptor_keeps_one_field_per_line() -> None:
    """Reviewers read the descriptor's diff line by line: one field, one line."""
    lines = (PACKAGE / "datapackage.json").read_text(encoding="utf-8").splitlines()
    fields = [line for line in lines if line.lstrip().startswith('{"name": ')]
    assert len(fields) == sum(len(r["schema"]["fields"]) for r in DESCRIPTOR["resources"])
    assert all('"x-title-vi": ' in line and '"x-description-vi": ' in line for line in fields)


def test_the_zip_readme_names_every_resource_in_vietnamese() -> None:
    tables = {r["name"]: [] for r in DESCRIPTOR["resources"]}
    text = readme(DESCRIPTOR, tables)
    for resource in DESCRIPTOR["resources"]:
        assert resource["x-title-vi"] in text
