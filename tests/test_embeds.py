"""Sharing on the real build: every commitment's embeddable card in both languages (small, no
script, no navigation, its status as of the release date, a link back that resolves), the
`<iframe>` code and the copyable link on record pages, and the link-preview meta tags."""

from __future__ import annotations

import html as markup
import json
import re
from pathlib import Path

import pytest
from conftest import PACKAGE, meta, read_rows

from tracker.render import format_date, load_strings

SITE_URL = "https://vn-health-tracker.github.io/tracker/"
LANGUAGES = {"": load_strings("en"), "vi/": load_strings("vi")}
COMMITMENTS = [("targets", row["id"]) for row in read_rows(PACKAGE / "data" / "targets.csv")] + [
    ("tasks", row["id"]) for row in read_rows(PACKAGE / "data" / "tasks.csv")
]
STATUS = re.compile(r'class="vt-status vt-status-([a-z-]+)"')
RELEASED = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["created"][:10]


def as_of(prefix: str) -> str:
    strings = LANGUAGES[prefix]
    return str(markup.escape(strings["words"]["as_of_day"].format(date=format_date(RELEASED, strings["dates"]))))


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_commitment_has_a_small_static_card_linking_back(built_site: Path, prefix: str) -> None:
    assert len(COMMITMENTS) > 20
    for kind, record_id in COMMITMENTS:
        url = f"{kind}/{record_id.lower()}/"
        card = built_site / prefix / "embed" / url / "index.html"
        assert card.is_file(), card
        assert card.stat().st_size < 20_000, card
        html = card.read_text(encoding="utf-8")
        assert "<script" not in html and "<nav" not in html and " style=" not in html, card
        assert f'<html lang="{prefix.strip("/") or "en"}">' in html
        assert "script-src 'none'" in html and '<base target="_top">' in html
        record = (built_site / prefix / url / "index.html").read_text(encoding="utf-8")
        assert STATUS.findall(html) == STATUS.findall(record)[:1], card  # the record page's status
        assert as_of(prefix) in html, card
        back = re.search(r'<h1><a href="([^"]+)">', html)
        page = (built_site / prefix / url / "index.html").resolve()
        assert back and (card.parent / back.group(1) / "index.html").resolve() == page, card
        assert 'href="../../../sources/' in html, card  # its source
        assert 'href="../../../jurisdictions/' in html, card  # where it applies, so not read as national


def test_cards_and_citations_name_where_a_commitment_applies_and_what_set_it(built_site: Path) -> None:
    card = (built_site / "embed/targets/hanoi-health-insurance-participation-2030/index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", card)
    assert title and "(Hanoi; set by " in title.group(1)
    assert '<a href="../../../local-plans/hanoi-grassroots-health-plan/">' in card
    page = (built_site / "vi/targets/hai-phong-health-insurance-coverage-2026/index.html").read_text("utf-8")
    assert "“Tỷ lệ bao phủ bảo hiểm y tế” (Hải Phòng; đề ra tại Kế hoạch số 20-KH/TU)." in page  # the citation


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_record_pages_offer_their_embed_code_and_link_as_text(built_site: Path, prefix: str) -> None:
    for kind, record_id in COMMITMENTS:
        url = f"{kind}/{record_id.lower()}/"
        html = (built_site / prefix / url / "index.html").read_text(encoding="utf-8")
        code = re.search(r'<div class="vt-embed-code" data-copy><pre><code>(.*?)</code></pre></div>', html)
        assert code, url
        snippet = markup.unescape(code.group(1))
        assert snippet.startswith(f'<iframe src="{SITE_URL}{prefix}embed/{url}" title="') and "<script" not in snippet
        assert snippet.endswith('loading="lazy"></iframe>')
        assert f"<code>{SITE_URL}{prefix}{url}</code>" in html  # the record's address, to copy
        preview = re.search(r'<a href="([^"]+)">' + LANGUAGES[prefix]["share"]["embed_preview"], html)
        assert preview and (built_site / prefix / url / preview.group(1) / "index.html").resolve() == (
            built_site / prefix / "embed" / url / "index.html"
        )
    other = (built_site / prefix / "resolutions" / "72-nq-tw" / "index.html").read_text(encoding="utf-8")
    assert "vt-embed-code" not in other and f"<code>{SITE_URL}{prefix}resolutions/72-nq-tw/</code>" in other


@pytest.mark.parametrize("prefix", LANGUAGES)
@pytest.mark.parametrize("url", ["", "targets/vn-yearly-health-checkups/", "resolutions/72-nq-tw/", "deadlines/"])
def test_pages_carry_link_preview_tags(built_site: Path, prefix: str, url: str) -> None:
    """og:title is the page's title as <title> shows it, without the site's name (the home page's:
    the site's name); og:description the page's description; og:url its address in its language."""
    html = (built_site / prefix / url / "index.html").read_text(encoding="utf-8")
    site_name = LANGUAGES[prefix]["site_name"]
    assert markup.unescape(meta(html, "og:site_name")) == site_name
    assert meta(html, "og:url") == f"{SITE_URL}{prefix}{url}"
    assert meta(html, "og:type") == "website" and meta(html, "twitter:card") == "summary_large_image"
    description = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert description and markup.unescape(meta(html, "og:description")) == markup.unescape(description.group(1))
    title = re.search(r"<title>(.*?)</title>", html)
    assert title
    shown = markup.unescape(title.group(1)).removesuffix(f" - {site_name}")
    assert markup.unescape(meta(html, "og:title")) == (site_name if url == "" else shown) and shown
