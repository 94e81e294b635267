"""Python-Markdown extension: links to other sites get rel="noopener noreferrer".

The generated pages write their links in HTML with that rel already (site/templates); this covers
the links written in Markdown in the hand-written pages (site/pages). Enabled in mkdocs.yml.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.extensions.toc import slugify as _slugify
from markdown.treeprocessors import Treeprocessor

EXTERNAL = ("http://", "https://", "//")


def slugify(value: str, separator: str) -> str:
    """Markdown's heading anchor, with đ and Đ as d: its NFKD decomposition drops them ("Điểm mới"
    gave "iem-moi"). Set as the toc extension's `slugify` by tracker/site.py."""
    return _slugify(value.replace("đ", "d").replace("Đ", "D"), separator)


REL = ("noopener", "noreferrer")


class ExternalLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for anchor in root.iter("a"):
            if anchor.get("href", "").startswith(EXTERNAL):
                rel = (anchor.get("rel") or "").split()
                anchor.set("rel", " ".join(rel + [word for word in REL if word not in rel]))


class ExternalLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(ExternalLinks(md), "vt_external_links", 5)


def makeExtension(**kwargs: object) -> ExternalLinksExtension:  # noqa: N802 (Python-Markdown's name)
    return ExternalLinksExtension(**kwargs)
