"""Finish the HTML that MkDocs built: drop the theme files no page uses, and refuse any inline script.

Both steps run on the staging folder, after MkDocs and before Pagefind, reading each page once, and
only rewrite files there. The Content-Security-Policy (site/overrides/main.html) is a constant that
allows scripts from the site's files only; a page with an inline script, an inline event handler or
a `javascript:` address is a bug or data that escaped its escaping, and stops the build (defence in
depth: the policy would block it anyway).
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

# The stock search's files, which Material copies whatever the plugins (the site uses Pagefind),
# and the source maps of the theme's minified files, which no visitor needs.
UNUSED_THEME_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")
_SOURCE_MAP_COMMENT = re.compile(r"\n?(?://|/\*)# sourceMappingURL=\S+(?: \*/)?\s*$")


def finish(site_dir: Path) -> None:
    """Both steps in one pass over the pages: each page is checked for inline scripts (UnsafePage)
    while the theme files it names are noted; then the theme files no page named are deleted."""
    for folder in UNUSED_THEME_ASSETS:
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    theme = [
        asset
        for folder in ("javascripts", "stylesheets")
        for asset in (site_dir / "assets" / folder).rglob("*")
        if asset.is_file() and asset.suffix != ".map"
    ]
    used: set[Path] = set()
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        used.update(asset for asset in theme if asset.name in html)
        check_scripts(page, html, site_dir)
    prune_theme_assets(site_dir, [asset for asset in theme if asset not in used])


def prune_theme_assets(site_dir: Path, unused: list[Path]) -> None:
    """Delete the theme's files that no page uses: lunr, its language packs, the search worker (gone
    already), any other theme script or stylesheet no page names (`unused`: the palette's, as the
    site sets its colours in extra.css), and the source maps (with the comments that point at them,
    so no file references a missing one)."""
    for asset in unused:
        asset.unlink()
    for source_map in (site_dir / "assets").rglob("*.map"):
        minified = source_map.with_suffix("")
        if minified.is_file():
            text = minified.read_text(encoding="utf-8")
            minified.write_text(_SOURCE_MAP_COMMENT.sub("", text), encoding="utf-8")
        source_map.unlink()


# Script types that are data for a script to read, not code the browser runs.
DATA_TYPES = frozenset({"application/json", "application/ld+json"})
# Attributes whose value is an address the browser may follow or load.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"})


class UnsafePage(Exception):
    """A page holds something the Content-Security-Policy is there to refuse; the message says what."""


class _Scripts(HTMLParser):
    """What on a page would be code outside the site's script files: inline scripts, inline event
    handlers (`onload=`) and `javascript:` addresses; and JSON data blocks whose text could end
    their element early (`</script>`, `<!--` written raw inside them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._data_block: bool | None = None  # inside a <script>: whether it is a data block

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"an inline event handler ({name}=) on <{tag}>")
            elif name in URL_ATTRIBUTES and _is_javascript(value or ""):
                self.found.append(f"a javascript: address ({name}=) on <{tag}>")
        if tag == "script":
            kind = (values.get("type") or "").strip().lower()
            self._data_block = kind in DATA_TYPES
            if "src" not in values and not self._data_block:
                self.found.append("an inline <script>")

    def handle_data(self, data: str) -> None:
        if self._data_block and re.search(r"<!--|<script|</script", data, re.IGNORECASE):
            self.found.append("a JSON data block with <script or <!-- written raw in it")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._data_block = None


def _is_javascript(address: str) -> bool:
    """Whether an address (entities decoded) runs script: browsers drop tabs and line breaks in it."""
    return re.sub(r"[\x00-\x20]", "", address).lower().startswith("javascript:")


def check_scripts(page: Path, html: str, site_dir: Path) -> None:
    """Refuse a page with code that is not a file of the site (see _Scripts): the policy in
    site/overrides/main.html would block it, so it can only be a mistake or injected data."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    if parser.found:
        where = page.relative_to(site_dir).as_posix()
        raise UnsafePage(
            f"{where} has {'; '.join(dict.fromkeys(parser.found))}: the Content-Security-Policy "
            "allows no inline script; put scripts in site/assets/ and escape data"
        )
