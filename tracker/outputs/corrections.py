"""The Corrections page of each language (`corrections.md`): how to suggest a correction without a
GitHub account, what counts as evidence, how fast the editors answer, and the public log of the
corrections published, release by release, taken from the "Corrected" sections of CHANGELOG.md.

The changelog is written in English: on every language's page the log is marked `lang="en"` and
says so. Its Markdown is converted here with raw HTML off, and a link that leads elsewhere in
the repository (`docs/statuses.md`) keeps only its text, so that the page links nowhere it cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import markdown
from markupsafe import Markup

from tracker import markdown_links

if TYPE_CHECKING:
    from tracker.outputs.run import Run

EACH_LANGUAGE = True
CHANGELOG = Path(__file__).resolve().parent.parent.parent / "CHANGELOG.md"
PAGE = "corrections.md"
TEMPLATE = "corrections.md.j2"

_VERSION = re.compile(r"^## \[?(?P<version>\d+\.\d+\.\d+)\]?\s*(?:[—–-]\s*(?P<date>\d{4}-\d{2}-\d{2}))?", re.M)
_SECTION = re.compile(r"^### (?P<title>.+)$", re.M)
_LOCAL_LINK = re.compile(r"\[([^\]]+)\]\((?![a-z]+:)[^)]*\)")  # [text](docs/x.md): not on the site


@dataclass(frozen=True)
class Release:
    """One release's corrections: its version, its date and the "Corrected" sections as HTML."""

    version: str
    date: str
    html: Markup


def log(text: str) -> list[Release]:
    """The releases of a changelog that have a section whose title begins "Corrected", newest first
    as the changelog lists them; the unreleased changes are left out."""
    found = []
    versions = list(_VERSION.finditer(text))
    for number, match in enumerate(versions):
        end = versions[number + 1].start() if number + 1 < len(versions) else len(text)
        body = text[match.end() : end]
        sections = list(_SECTION.finditer(body))
        corrected = [
            body[section.end() : sections[i + 1].start() if i + 1 < len(sections) else len(body)]
            for i, section in enumerate(sections)
            if section["title"].lower().startswith("corrected")
        ]
        if corrected:
            html = _converter().convert(_LOCAL_LINK.sub(r"\1", "\n".join(corrected)))
            html = re.sub(r"\n\s*\n", "\n", html)  # one HTML block for the page's Markdown
            found.append(Release(match["version"], match["date"] or "", Markup(html)))
    return found


def _converter() -> markdown.Markdown:
    """Python-Markdown with raw HTML off (a tag in the changelog shows as text), and the pages' rule
    for links to other sites (tracker/markdown_links.py)."""
    converter = markdown.Markdown(extensions=[markdown_links.makeExtension()])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def write(run: Run) -> int:
    """Write the language's Corrections page with the pages' template context; how many pages."""
    template = run.env.get_template(TEMPLATE)
    releases = log(CHANGELOG.read_text(encoding="utf-8")) if CHANGELOG.is_file() else []
    page = template.render(**run.context, root="../", pager=None, releases=releases)
    (run.docs / PAGE).write_text(page, encoding="utf-8")
    return 1
