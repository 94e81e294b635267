"""A hostile descriptor: script payloads in every free-text string of the package's descriptor and of
a kept release's descriptor, which arrive by pull request like the CSV files. The site must build,
show every payload as text, run none of them and report no Content-Security-Policy violation; and
every page's policy is the same constant, with no hash and no 'unsafe-inline' (site/overrides/main.html).

One build of the hostile copy, served on loopback and opened in one Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import markdown
import pytest
from conftest import PACKAGE, ROOT, SITE_BASE, html_pages
from playwright.sync_api import Browser

from tracker import feeds
from tracker.finish import UnsafePage, check_scripts
from tracker.render import markdown_text
from tracker.site import Paths, build

# What an attacker would write: HTML, an event handler, a Markdown link to javascript:, an early
# end of a JSON block, an attribute break-out, and blank lines (a Markdown block of their own).
PAYLOAD = (
    ' <script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
    " [link](javascript:window.__pwned=1) </script><script>window.__pwned=1</script>"
    ' "><svg onload=window.__pwned=1>\n\n[line](javascript:window.__pwned=1) *em* `code` &amp;'
)
SHOWN = "<script>window.__pwned=1</script>"  # what every payload shows as text where its string is shown

# Strings the validator checks strictly (names, paths, types, patterns, enums, dates, field names
# in x- rules), left as they are: a payload there is refused before anything is built.
STRICT = {
    "profile",
    "name",
    "path",
    "format",
    "mediatype",
    "encoding",
    "type",
    "itemType",
    "delimiter",
    "constraints",
    "primaryKey",
    "foreignKeys",
    "created",
    "x-named-by",  # the words notes use for a missing URL, outlet or date: the real notes must hold them
    "x-inferred",  # the words notes use to explain an inference: the real notes must hold them
    "version",  # MAJOR.MINOR.PATCH: the validator refuses anything else (tests/test_hostile.py)
    "role",
    "x-path",
    "x-label",
    "x-summary",
    "x-references",
    "x-singular",
    "fields",  # x-one-of's field names
    "date",  # x-setter's date field
    "field",  # x-printed's field
    "language",  # x-printed's language field
}


def poisoned(value: Any, key: str = "", field: dict[str, Any] | None = None) -> Any:
    """value with a payload appended to every free-text string in it (see STRICT); a field's
    `example` only where the field is free text, since frictionless checks it against the type."""
    if isinstance(value, dict):
        is_field = "type" in value and "name" in value
        return {k: v if k in STRICT else poisoned(v, k, value if is_field else field) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(item, key, field) for item in value]
    if not isinstance(value, str):
        return value
    if key == "example" and field is not None and (field["type"] != "string" or field.get("constraints")):
        return value
    return value + PAYLOAD


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The real package and its kept releases with every descriptor poisoned, built; its descriptor."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(PACKAGE, root / "datapackage")
    shutil.copytree(ROOT / "releases", root / "releases")
    descriptors = [root / "datapackage" / "datapackage.json", *sorted((root / "releases").glob("*/datapackage.json"))]
    for path in descriptors:
        data = poisoned(json.loads(path.read_text(encoding="utf-8")))
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    paths = Paths(package=root / "datapackage", docs=root / "docs", out=root / "public", releases=root / "releases")
    assert build(paths, quiet=True) == 0
    descriptor = json.loads(descriptors[0].read_text(encoding="utf-8"))
    return {"site": paths.out, "descriptor": descriptor}


@pytest.fixture(scope="module")
def hostile_url(hostile: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile site served on loopback at the site's real path, as tests/conftest.py serves the real one."""
    from tracker.serve import serve_folder

    host = tmp_path_factory.mktemp("hostile-host")
    (host / SITE_BASE.strip("/")).symlink_to(hostile["site"], target_is_directory=True)
    server = serve_folder(host)
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_BASE}"
    server.shutdown()


POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_page_has_the_constant_policy(hostile: dict[str, Any]) -> None:
    site = hostile["site"]
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        policies = CSP.findall(html)
        if "embed" in page.relative_to(site).parts[:2]:  # the cards: no script at all
            assert policies == [policies[0]] and "script-src 'none'" in policies[0], page
            continue
        assert policies == [POLICY], page
        assert "sha256-" not in html and "unsafe-inline" not in html, page


def test_json_blocks_keep_the_payload_as_escaped_data(hostile: dict[str, Any]) -> None:
    site, descriptor = hostile["site"], hostile["descriptor"]
    for page in (site / "index.html", site / "downloads" / "index.html", site / "vi" / "index.html"):
        html = page.read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
        assert len(blocks) == 1, page
        assert "<" not in blocks[0] and ">" not in blocks[0] and "&" not in blocks[0], page
        data = json.loads(blocks[0])
        assert data["version"] == descriptor["version"]
        assert data["description"] in (descriptor["description"], descriptor["x-description-vi"])


def test_feeds_carry_the_payload_as_text(hostile: dict[str, Any]) -> None:
    tree = ElementTree.parse(hostile["site"] / "feeds" / "whats-new.xml")
    titles = [e.text or "" for e in tree.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(hostile["descriptor"]["version"] in title for title in titles), titles


def theme_pages_to_open(descriptor: dict[str, Any]) -> list[str]:
    """Every kind of page that shows descriptor text, in one language (a path below its root)."""
    whats_new = quote(feeds.whats_new_path(descriptor["version"]))
    return [
        "",
        "about/",
        "data-dictionary/",
        "downloads/",
        "resolutions/72-nq-tw/",
        "sources/",
        "follow/",
        whats_new,
        SEARCH,
    ]


# The pages that show the descriptor's texts (titles, descriptions); the others show only its
# version in the footer, which the validator holds to MAJOR.MINOR.PATCH (tests/test_hostile.py).
SHOW_TEXTS = ("about/", "data-dictionary/", "downloads/")
SEARCH = "search/?q=onerror"  # Pagefind's results show the pages' texts, the descriptor's among them


CSP_LISTENER = """
window.__violations = [];
window.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
"""


def test_no_payload_runs_in_the_browser_and_each_shows_as_text(
    hostile: dict[str, Any], hostile_url: str, browser: Browser
) -> None:
    site = hostile["site"]
    card = next((site / "embed" / "targets").iterdir()).relative_to(site).as_posix() + "/"
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    problems = []
    try:
        for language in ("", "vi/"):
            for path in [*theme_pages_to_open(hostile["descriptor"]), card]:
                response = tab.goto(hostile_url + language + path)
                assert response is not None and response.ok, path
                tab.wait_for_load_state("load")
                if path == SEARCH:  # Pagefind loads its index and WebAssembly, then shows results
                    tab.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
                found = tab.evaluate(
                    "() => ({pwned: window.__pwned, violations: window.__violations,"
                    ' js: document.querySelectorAll(\'[href^="javascript:" i], [src^="javascript:" i]\').length,'
                    " text: document.body.innerText})"
                )
                if found["pwned"] is not None or found["violations"] or found["js"]:
                    problems.append(f"{language}{path}: {found['pwned']=} {found['violations']=} {found['js']=}")
                if path in SHOW_TEXTS and SHOWN not in found["text"]:
                    problems.append(f"{language}{path}: the payload is not shown as text")
    finally:
        context.close()
    assert not problems and not errors, problems + errors


def test_the_about_page_lists_resource_texts_as_text(hostile: dict[str, Any]) -> None:
    """The resources' titles and descriptions in the About page's Markdown list: literal text, the
    links to the resources' pages still links."""
    for language in ("", "vi/"):
        html = (hostile["site"] / language / "about" / "index.html").read_text(encoding="utf-8")
        assert "[link](javascript:window.__pwned=1)" in html and "*em* `code` &amp;amp;" in html
        assert "<em>em</em>" not in html and "<code>code</code>" not in html
        assert f'href="../{"../" if language else ""}resolutions/"' in html or 'href="../resolutions/"' in html


@pytest.mark.parametrize(
    "text",
    [
        "[link](javascript:alert(1)) ![i](x.png) <b>bold</b> *em* _em_ `code` \\*",
        "# heading\n\n- item\n1. item\n> quote\n---\n| a | b |",
        "&amp; &lt;b&gt; &#39; x",
    ],
)
def test_markdown_text_shows_as_written(text: str) -> None:
    html = markdown.markdown(f"## {markdown_text(text)}\n\n- **[{markdown_text(text)}](x.md)**", extensions=["tables"])
    assert html.count("<a ") == 1 and "<em>" not in html and "<code>" not in html and "<b>" not in html
    assert "<img" not in html and "<h1" not in html and "<blockquote" not in html and "<hr" not in html
    shown = unescape(re.sub(r"<[^>]+>", "", html))
    assert " ".join(text.split()) in " ".join(shown.split())


@pytest.mark.parametrize(
    "html",
    [
        "<p>a</p><script>alert(1)</script>",
        '<p>a</p><script type="module">alert(1)</script>',
        '<img src="x" onerror="alert(1)">',
        "<svg/onload=alert(1)>",
        '<a href=" java\tscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<script type="application/json">{"a": "<!--"}</script>',
    ],
)
def test_finish_refuses_a_page_with_code_of_its_own(tmp_path: Path, html: str) -> None:
    page = tmp_path / "x" / "index.html"
    with pytest.raises(UnsafePage, match=r"^x/index\.html has "):
        check_scripts(page, f"<!doctype html><html><head></head><body>{html}</body></html>", tmp_path)


def test_finish_accepts_script_files_and_json_data(tmp_path: Path) -> None:
    html = (
        '<script src="a.js" data-md-scope=".."></script><script type="application/ld+json">{"a": "\\u003c"}</script>'
        '<script id="__config" type="application/json">{}</script><a href="https://example.org/">on=</a>'
        "<p>onload=alert(1) javascript:alert(1)</p>"
    )
    check_scripts(tmp_path / "index.html", html, tmp_path)
