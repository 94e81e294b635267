"""Finish the HTML that MkDocs built: drop the theme files no page uses, hash inline scripts into the CSP.

Both steps run on the staging folder, after MkDocs and before Pagefind, reading each page once, and
only rewrite files there.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

# The stock search's files, which Material copies whatever the plugins (the site uses Pagefind),
# and the source maps of the theme's minified files, which no visitor needs.
UNUSED_THEME_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")
_SOURCE_MAP_COMMENT = re.compile(r"\n?(?://|/\*)# sourceMappingURL=\S+(?: \*/)?\s*$")


def finish(site_dir: Path) -> None:
    """Both steps in one pass over the pages: each page's inline scripts are hashed into its CSP
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
        hash_inline_scripts(page, html)
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


CSP_PLACEHOLDER = "CSP_INLINE_SCRIPTS"  # in site/overrides/main.html's Content-Security-Policy
_SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_BLOCK = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.IGNORECASE)


def script_hashes(html: str) -> list[str]:
    """CSP sources ('sha256-…') of a page's inline scripts; JSON data blocks are not scripts."""
    hashes = set()
    for match in _SCRIPT.finditer(html):
        attributes = match["attributes"]
        if re.search(r"\bsrc=", attributes) or _DATA_BLOCK.search(attributes):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(hashes)


def hash_inline_scripts(page: Path, html: str) -> None:
    """Allow the page's own inline scripts, and only those, in its Content-Security-Policy.

    Material inlines small scripts whose text varies with the page's depth, so the hashes are
    computed from each built page rather than written into the template.
    """
    if CSP_PLACEHOLDER in html:
        page.write_text(html.replace(CSP_PLACEHOLDER, " ".join(script_hashes(html))), encoding="utf-8")
