"""The data dictionary and Downloads pages as Markdown, rendered from the real package (no MkDocs run):
every resource with its row count, and the Statuses section dated by the package, not the clock."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import PACKAGE, PackageCopy, read_rows

from tracker import render
from tracker.outputs import render_language
from tracker.outputs import write_downloads as write_exports
from tracker.render import Site
from tracker.validate import check

STRINGS = render.load_strings()
STATUSES = ["achieved", "overdue", "due_soon", "later", "no_deadline"]


def pages(package_dir: Path, out: Path, *, with_downloads: bool = True) -> dict[str, str]:
    problems, package = check(str(package_dir))
    assert problems == [] and package is not None
    downloads = write_exports(package_dir, out / "downloads") if with_downloads else []
    render_language(package, out / "docs", Site(STRINGS, "https://example.org/", "https://example.org/repo", downloads))
    return {name: (out / "docs" / name).read_text(encoding="utf-8") for name in ("data-dictionary.md", "downloads.md")}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return pages(PACKAGE, tmp_path_factory.mktemp("pages"))


def sections(text: str) -> dict[str, str]:
    parts = re.split(r'<h2 id="([^"]+)">', text)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_resource_has_a_section_with_its_row_count(rendered: dict[str, str]) -> None:
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    for page in ("data-dictionary.md", "downloads.md"):
        found = sections(rendered[page])
        for resource in descriptor["resources"]:
            rows = len(read_rows(PACKAGE / resource["path"]))
            assert f"{STRINGS['fields']['rows']}: {rows} " in found[resource["name"]], (page, resource["name"])
    dictionary = sections(rendered["data-dictionary.md"])
    for name in ("tasks", "events", "people", "progress"):
        fields = next(r for r in descriptor["resources"] if r["name"] == name)["schema"]["fields"]
        for field in fields:
            assert f'<tr id="{name}-{field["name"]}">' in dictionary[name]


def test_statuses_section_states_every_rule_as_of_the_release_date(rendered: dict[str, str]) -> None:
    section = sections(rendered["data-dictionary.md"])["statuses"]
    rules = STRINGS["status_rules"]
    text = html.unescape(section)
    assert text.startswith(f"{rules['heading']}</h2>")
    for status in STATUSES:
        assert f"<li><strong>{rules[status]}</strong>: {rules[status + '_rule']}</li>" in text
    released = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["created"][:10]
    assert f'<time datetime="{released}">{released}</time>' in section  # the descriptor's created
    assert "2025 runs to 31 December 2025" in text and "six calendar months" in text


def test_statuses_date_follows_the_descriptor_not_the_clock(package: PackageCopy, tmp_path: Path) -> None:
    package.edit_descriptor(lambda d: d.update(created="2031-02-03T12:00:00Z"))
    section = sections(pages(package.root, tmp_path)["data-dictionary.md"])["statuses"]
    assert '<time datetime="2031-02-03">2031-02-03</time>' in section


def test_pages_render_without_downloads(tmp_path: Path) -> None:
    """Tests render pages without running the export: the sections then show no row count they cannot know."""
    found = pages(PACKAGE, tmp_path, with_downloads=False)
    assert '<h2 id="tasks">' in found["data-dictionary.md"] and '<h2 id="statuses">' in found["data-dictionary.md"]
