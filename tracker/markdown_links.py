"""Python-Markdown extension: links to other sites get rel="noopener noreferrer".

The generated pages write their links in HTML with that rel already (site/templates); this covers
the links written in Markdown in the hand-written pages (site/pages). Enabled in mkdocs.yml.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

EXTERNAL = ("http://", "https://", "//")
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
