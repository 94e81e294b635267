"""tracker.markdown_raw sets the generated pages' raw HTML blocks aside without changing the output."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from markdown.extensions.toc import TocExtension
from mkdocs.utils.meta import get_data

from tracker.markdown_raw import RawBlocks


def converter(raw: bool) -> markdown.Markdown:
    extensions = [TocExtension(permalink=True), "tracker.markdown_links"]
    return markdown.Markdown(extensions=extensions + (["tracker.markdown_raw"] if raw else []))


def set_aside(text: str) -> int:
    """How many blocks the preprocessor stores for a page."""
    md = converter(raw=False)
    RawBlocks(md).run(text.split("\n"))
    return md.htmlStash.html_counter


def test_every_page_of_the_real_site_converts_the_same(built_site: Path) -> None:
    plain, raw = converter(raw=False), converter(raw=True)
    pages = sorted((built_site.parent / "docs").rglob("*.md"))
    assert len(pages) > 250
    differ, stored = [], 0
    for page in pages:
        text, _ = get_data(page.read_text(encoding="utf-8"))
        if plain.reset().convert(text) != raw.reset().convert(text):
            differ.append(str(page))
        stored += set_aside(text)
    assert differ == []
    assert stored > 3 * len(pages)  # record pages are mostly HTML blocks: they are set aside


@pytest.mark.parametrize(
    "text",
    [
        "<div>\n<p>a</p>\n\n<p>b</p>\n</div>\n\n## Heading\n\n<p class=x>c</p>",
        "<div>a</div> tail *text*\n\n<p>b</p>",  # text after the closing tag
        "Text\n<div>a</div>\n\n*b*",  # no blank line before the block
        "<div>\n<div>a</div>\n\n*b*",  # never closed
        "<hr>\n\n<p>a</p>",  # a void tag
        "  <div>a</div>\n\n<p>b</p>",  # indented
        "<DIV>a</DIV>\n\n*b*",
        "<span>a</span>\n\n<p>b</p>",  # an inline tag opens a paragraph
        "<p>a</p>\n<p>b</p>\n\n*c*",  # no blank line after the block
    ],
)
def test_the_output_is_python_markdowns(text: str) -> None:
    assert converter(raw=True).convert(text) == converter(raw=False).convert(text)


def test_plain_blocks_are_set_aside_and_the_first_unclear_one_stops_it() -> None:
    assert set_aside("<div>\n<p>a</p>\n\n<p>b</p>\n</div>\n\n## H\n\n<p>c</p>\n") == 2
    assert set_aside("<p>a</p>\n\n<div>b</div> tail\n\n<p>c</p>") == 1
    assert set_aside("Text\n<div>a</div>\n\n<p>b</p>") == 0
