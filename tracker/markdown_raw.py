"""Python-Markdown extension: the generated pages' blocks of raw HTML are set aside without parsing.

The page templates (site/templates) write most of a page as HTML blocks, already escaped. Python-
Markdown finds where such a block ends by running Python's HTML parser over every tag in it, the
slowest part of the site step. This preprocessor, which runs just before Python-Markdown's own,
finds the end of a block that starts a paragraph with a block-level tag by counting that tag's
openings and closings, and stores the block as raw HTML, as Python-Markdown would. A block it
cannot delimit plainly (a closing tag followed by text, no blank line after it, a void or unknown
tag) is left to Python-Markdown. The output is the same (tests/test_markdown_raw.py compares every
page of the real site both ways). Enabled in mkdocs.yml.

It also runs before MkDocs' own scan of raw HTML for ids (`_RawHTMLPreprocessor`), so an id inside
a block set aside is not known to MkDocs' anchor check: a Markdown link to such an anchor (none
today; the generated pages link in HTML) is reported as missing, and the strict build stops.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_START = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
_TAG_LINE = re.compile(r"^ {0,3}<([a-zA-Z][a-zA-Z0-9-]*)", re.MULTILINE)  # a tag that starts a line
_BLANK_LINE = re.compile(r"[ ]*\n[ ]*\n")  # Python-Markdown's blank_line_re
_END = re.compile(r"\s*\Z")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def _after_blank_line(text: str, start: int) -> bool:
    """Whether the line at start follows a blank line or opens the page."""
    previous = text.rfind("\n", 0, start - 1) + 1
    return text[previous : start - 1].strip(" ") == "" if start else True


class RawBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        out: list[str] = []
        position = 0
        for line in _TAG_LINE.finditer(text):
            if line.start() < position or not self.md.is_block_level(line[1].lower()):
                continue  # inside a block set aside already, or an inline tag
            end = self._block_end(text, line.start()) if _after_blank_line(text, line.start()) else None
            if end is None:
                break  # the rest of the page is left to Python-Markdown
            out.append(text[position : line.start()])
            # Python-Markdown keeps the blank line that follows a block as the block's last newline
            blank = _BLANK_LINE.match(text, end) is not None
            out.append(self.md.htmlStash.store(text[line.start() : end] + ("\n" if blank else "")))
            position = end
        out.append(text[position:])
        return "".join(out).split("\n")

    def _block_end(self, text: str, start: int) -> int | None:
        """The offset just past the tag that closes the block opened at start, if that tag ends
        its line and a blank line (or the end) follows; None if the block is not that plain."""
        opening = _START.match(text, start)
        if not opening or opening[1] in _VOID:
            return None
        depth = 0
        for tag in re.compile(rf"<(/?){opening[1]}[\s>]").finditer(text, start):
            depth += -1 if tag[1] else 1
            if depth == 0:
                end = tag.end()
                return end if _BLANK_LINE.match(text, end) or _END.match(text, end) else None
        return None


class RawBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(RawBlocks(md), "vt_raw_blocks", 25)  # html_block is 20


def makeExtension(**kwargs: object) -> RawBlocksExtension:  # noqa: N802 (Python-Markdown's name)
    return RawBlocksExtension(**kwargs)
