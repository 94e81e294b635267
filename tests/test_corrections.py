"""Corrections without GitHub (issue #24): every record page offers the GitHub form, the editors'
e-mail when one is set (a mailto: link filled in with the record, its address and the data's
version) and the Corrections page, which gives the policy and the log of corrections published,
taken from CHANGELOG.md, in both languages."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import LANGUAGES, PACKAGE, ROOT, SITE_URL

from tracker.outputs import render_language as render
from tracker.outputs.corrections import log
from tracker.records import SEGMENTS
from tracker.render import Site, load_strings
from tracker.validate import check

ADDRESS = "corrections@example.org"
DESCRIPTOR = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))


def corrected_versions() -> list[str]:
    """The released versions whose changelog entry has a "Corrected" section, read here apart from the code."""
    found, version = [], None
    for line in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\d+\.\d+\.\d+)", line)
        if heading or line.startswith("## "):
            version = heading.group(1) if heading else None
        elif version and line.startswith("### Corrected") and version not in found:
            found.append(version)
    return found


def actions(html: str) -> str:
    found = re.search(r'<p class="vt-actions"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no actions line"
    return found.group(1)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_corrections_page_gives_the_policy_and_every_release_corrected(built_site: Path, language: str) -> None:
    strings = load_strings(language)["corrections"]
    root = built_site if language == "en" else built_site / "vi"
    html = (root / "corrections" / "index.html").read_text(encoding="utf-8")
    for key in ("title", "how_title", "evidence_title", "speed_title", "log_title"):
        assert unescape(strings[key]) in unescape(html), key
    versions = corrected_versions()
    assert len(versions) >= 4
    for version in versions:
        assert strings["release"].split("{")[0] + version in unescape(html), version
    # The log is the changelog's English, and says so.
    assert html.count('<div class="vt-log" lang="en">') == len(versions)
    assert "<code>57-nq-tw</code>" in html
    # No e-mail route while mkdocs.yml sets no address.
    assert "mailto:" not in html
    about = (root / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../corrections/"' in about


def test_every_record_page_links_the_github_form_and_the_corrections_page(built_site: Path) -> None:
    for language, root in (("en", built_site), ("vi", built_site / "vi")):
        words = load_strings(language)["contribute"]
        for folder in SEGMENTS.values():
            for page in (root / folder).glob("*/index.html"):
                if page.parent.name.startswith("page-"):
                    continue
                line = actions(page.read_text(encoding="utf-8"))
                assert line.startswith(words["correct"]), page
                assert "/issues/new?template=report-error.yml" in line and 'href="../../corrections/"' in line, page
                assert "mailto:" not in line, page


def test_with_an_address_every_record_page_offers_a_filled_in_email(tmp_path: Path) -> None:
    """The address is set in one place (mkdocs.yml's extra.corrections_email, which the build hands
    to each language's Site): the pages then add the e-mail route to every record page and to the
    Corrections page. Rendered from the real package in both languages (the build's MkDocs step
    changes nothing in these lines: the site without an address is checked above)."""
    problems, package = check(str(PACKAGE))
    assert not problems and package is not None
    for language, prefix in LANGUAGES.items():
        words = load_strings(language)["contribute"]
        page_url = SITE_URL + prefix
        site = Site(load_strings(language), page_url, "https://example.org/repo", [], language, corrections=ADDRESS)
        docs = tmp_path / language
        render(package, docs, site)
        html = (docs / "resolutions" / "72-nq-tw.md").read_text(encoding="utf-8")
        links = re.findall(r'<a href="(mailto:[^"]+)">([^<]+)</a>', actions(html))
        assert len(links) == 1 and links[0][1] == words["mail"]
        parts = urlsplit(unescape(links[0][0]))
        assert parts.path == ADDRESS and "+" not in parts.query  # RFC 6068: spaces as %20
        query = parse_qs(parts.query)
        assert query["subject"] == [words["mail_subject"].format(label="72-NQ/TW")]
        body = query["body"][0]
        assert f"{page_url}resolutions/72-nq-tw/" in body and DESCRIPTOR["version"] in body and "\r\n" in body
        for path in docs.rglob("*.md"):  # every record page offers it
            text = path.read_text(encoding="utf-8")
            if 'class="vt-actions"' in text:
                assert f"mailto:{ADDRESS}?subject=" in actions(text), path
        corrections = (docs / "corrections.md").read_text(encoding="utf-8")
        assert f'<a href="mailto:{ADDRESS}">{ADDRESS}</a>' in corrections


def test_the_log_keeps_no_raw_html_no_local_link_and_no_unreleased_change() -> None:
    text = """# Changelog

## [Unreleased]

### Corrected (data)

- Not yet released.

## 1.1.0 — 2027-01-02

### Added

- A new record.

### Corrected (data)

- `a-record`: its date <script>alert(1)</script> is 2026, see [the statuses](docs/statuses.md)
  and [the source](https://example.org/a).

## 1.0.0 — 2026-12-31

### Added

- Nothing corrected.
"""
    found = log(text)
    assert [(r.version, r.date) for r in found] == [("1.1.0", "2027-01-02")]
    html = str(found[0].html)
    assert "<code>a-record</code>" in html and "&lt;script&gt;" in html and "<script>" not in html
    assert "the statuses" in html and "docs/statuses.md" not in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer">the source</a>' in html
    assert "A new record" not in html and "Not yet released" not in html
