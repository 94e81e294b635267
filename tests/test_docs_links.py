"""The repository's Markdown (README.md, CONTRIBUTING.md, CHANGELOG.md, the manual in docs/): every
relative link leads to a file or folder that exists, and every #anchor to a heading of its page,
named as GitHub names it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from conftest import ROOT

PAGES = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    ROOT / "CHANGELOG.md",
    ROOT / "tests" / "MUTATION.md",
    *sorted((ROOT / "docs").glob("*.md")),
]
MANUAL = ["data", "validation", "site", "statuses", "performance", "security", "development", "glossary"]


def slug(text: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped (letters, digits, `_`
    and `-` kept), each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


class _Page(HTMLParser):
    """The links of a rendered page, and the anchors it defines (headings, `id` and `name`)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.anchors: set[str] = set()
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for name in ("id", "name"):
            if values.get(name):
                self.anchors.add(values[name] or "")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            base = slug("".join(self._heading))
            name, n = base, 0
            while name in self.anchors:  # GitHub numbers a repeated heading: name, name-1, name-2
                n += 1
                name = f"{base}-{n}"
            self.anchors.add(name)
            self._heading = None


def read(path: Path) -> _Page:
    html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=["tables", "fenced_code"])
    page = _Page()
    page.feed(html)
    return page


def broken_links(paths: list[Path]) -> list[str]:
    """Every relative link of `paths` whose file or folder does not exist, or whose #anchor is no
    heading of its Markdown page, as "page: link"."""
    pages: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in pages:
            pages[path] = read(path)
        return pages[path]

    broken = []
    for path in paths:
        for link in page(path).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # another site: not checked here (no network in the tests)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.name}: {link}")
            elif parts.fragment and target.suffix == ".md" and unquote(parts.fragment) not in page(target).anchors:
                broken.append(f"{path.name}: {link} (no such anchor)")
    return broken


def test_every_relative_link_and_anchor_resolves() -> None:
    assert broken_links(PAGES) == []


def test_the_readme_links_every_page_of_the_manual() -> None:
    readme = read(ROOT / "README.md").links
    index = read(ROOT / "docs" / "README.md").links
    for name in MANUAL:
        assert (ROOT / "docs" / f"{name}.md").is_file(), name
        assert f"docs/{name}.md" in readme, name
        assert f"{name}.md" in index, name


def test_a_broken_link_or_anchor_is_found(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(
        "# A page\n\n## Feeds and What's new\n\n## Feeds and What's new\n\n### 9. Mutation `testing`\n",
        encoding="utf-8",
    )
    (tmp_path / "README.md").write_text(
        "# Front\n\n## Links\n\n"
        "[ok](docs/page.md) [ok](docs/page.md#feeds-and-whats-new) [ok](docs/page.md#feeds-and-whats-new-1)\n"
        "[ok](docs/page.md#9-mutation-testing) [ok](#links) [ok](docs/) [ok](https://example.org/missing)\n"
        "`[in code](missing.md)`\n\n"
        "[gone](docs/missing.md) [bad anchor](docs/page.md#feeds-and-what-s-new) [bad here](#link)\n"
        "[third](docs/page.md#feeds-and-whats-new-2)\n",
        encoding="utf-8",
    )
    assert broken_links([tmp_path / "README.md", tmp_path / "docs" / "page.md"]) == [
        "README.md: docs/missing.md",
        "README.md: docs/page.md#feeds-and-what-s-new (no such anchor)",
        "README.md: #link (no such anchor)",
        "README.md: docs/page.md#feeds-and-whats-new-2 (no such anchor)",
    ]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Feeds and What's new", "feeds-and-whats-new"),
        ("9. Mutation testing", "9-mutation-testing"),
        ("6. Editing the CSVs in a spreadsheet", "6-editing-the-csvs-in-a-spreadsheet"),
        ("Glossary: English and Vietnamese", "glossary-english-and-vietnamese"),
        ("Từ nên tránh", "từ-nên-tránh"),
        ("a - b", "a---b"),
    ],
)
def test_anchors_are_named_as_github_names_them(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor
