"""A real build of the real package: every record has its page, every index lists its records,
no internal link is broken, data is escaped, and a failed build never replaces a good site."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from conftest import (
    PACKAGE,
    ROOT,
    PackageCopy,
    Result,
    broken_links,
    files,
    html_pages,
    line_of,
    read_rows,
    run_cli,
    theme_pages,
)
from markupsafe import escape

from tracker.outputs import render_language as render
from tracker.outputs import write_downloads as write_exports
from tracker.records import SEGMENTS, slug
from tracker.render import Site, environment, load_strings
from tracker.site import Paths, build
from tracker.validate import check

DESCRIPTOR = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
TRANSLATED = "Quoted from a translation: the French version of an article first published in Vietnamese."


def page(site: Path, url: str) -> Path:
    return site / url / "index.html"


@pytest.mark.parametrize("kind", SEGMENTS)
def test_every_record_has_its_page_and_is_in_its_index(built_site: Path, kind: str) -> None:
    # The index is paged (PAGE_SIZE rows a page): a record is listed on the first page or on a page-N/.
    first = page(built_site, SEGMENTS[kind]).read_text(encoding="utf-8")
    more = sorted((built_site / SEGMENTS[kind]).glob("page-*/index.html"))
    pages = [first, *(p.read_text(encoding="utf-8") for p in more)]
    for row in read_rows(PACKAGE / "data" / f"{kind}.csv"):
        url = f"{SEGMENTS[kind]}/{slug(row['id'])}/"
        assert page(built_site, url).is_file(), url
        listed = f'href="../{url}"' in first or f'href="{url}"' in first
        listed = listed or any(f'href="../../{url}"' in text for text in pages[1:])
        assert listed, f"{url} missing from the index"


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    broken, pages = broken_links(built_site)
    assert not broken, "\n".join(broken[:20])
    assert pages > 80


def test_record_pages_stay_out_of_the_navigation(built_site: Path) -> None:
    html = page(built_site, "resolutions/72-nq-tw").read_text(encoding="utf-8")
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start : html.index("</nav>", start)]
    assert "282-nq-cp" not in nav and "72-nq-tw" not in nav and "hai-phong" not in nav
    for title in ("Central documents", "Targets", "News excerpts", "Data dictionary"):
        assert title in nav


def test_resolution_page_shows_its_relations(built_site: Path) -> None:
    html = page(built_site, "resolutions/52-ct-tw").read_text(encoding="utf-8")
    assert "2025-10-03" in html
    assert 'href="../../local-plans/hai-phong-20-kh-tu/"' in html
    html = page(built_site, "resolutions/gs-conclusion-health-care-2025").read_text(encoding="utf-8")
    assert 'href="../../targets/vn-free-hospital-fees-2030-2035/"' in html
    assert 'href="../../resolutions/project-hospital-fee-exemption/"' in html
    assert "https://thanhnien.vn/" in html
    assert "Cite this record" in html
    assert "https://vn-health-tracker.github.io/tracker/resolutions/gs-conclusion-health-care-2025/" in html
    assert "issues/new?template=report-error.yml" in html
    line = line_of(PACKAGE / "data" / "resolutions.csv", "gs-conclusion-health-care-2025")
    assert f"blob/main/datapackage/data/resolutions.csv#L{line}" in html


def test_target_page_quotes_the_source(built_site: Path) -> None:
    html = page(built_site, "targets/hai-phong-health-insurance-coverage-2026").read_text(encoding="utf-8")
    assert "supérieur à 95,5 % d&#39;ici 2026" in html or "supérieur à 95,5 % d'ici 2026" in html
    assert 'lang="fr"' in html and "more than 95.5%" in html
    assert TRANSLATED in html and '<blockquote lang="fr">' in html and "cite=" not in html


def blockquotes(html: str) -> list[str]:
    return re.findall(r"<blockquote\b[^>]*>", html)


def test_quote_from_a_translation_is_labelled_and_not_cited_to_the_original(built_site: Path) -> None:
    html = page(built_site, "excerpts/baohaiphong-coverage-targets").read_text(encoding="utf-8")
    assert TRANSLATED in html
    assert blockquotes(html) == ['<blockquote lang="fr">']
    assert "Read in: French (translation); original: Vietnamese" in html
    assert ">Read the original<" not in html
    assert "Original article, in Vietnamese (the quote is from a translation" in html
    for url in ("local-plans/hai-phong-20-kh-tu", "excerpts", ""):
        html = page(built_site, url).read_text(encoding="utf-8")
        assert "Quoted from a translation: the " in html, url
        assert not any("cite=" in tag for tag in blockquotes(html)), url


def test_quote_from_an_original_has_no_translation_label(built_site: Path) -> None:
    html = page(built_site, "excerpts/hanoi-grassroots-plan-281").read_text(encoding="utf-8")
    assert 'lang="vi"' in html
    assert "Quoted from a translation" not in html
    html = page(built_site, "sources/hanoi-health-insurance-95-percent").read_text(encoding="utf-8")
    assert "Read in: Vietnamese (the original)" in html
    html = page(built_site, "sources/hanoi-hospital-fee-exemption-roadmap").read_text(encoding="utf-8")
    assert "Read in: English; original language not stated" in html
    html = page(built_site, "excerpts/hanoi-electronic-records").read_text(encoding="utf-8")
    assert "Quoted from a translation" not in html


def test_data_dictionary_comes_from_the_schemas(built_site: Path) -> None:
    html = page(built_site, "data-dictionary").read_text(encoding="utf-8")
    for resource in DESCRIPTOR["resources"]:
        assert f'id="{resource["name"]}"' in html
        for field in resource["schema"]["fields"]:
            assert f'id="{resource["name"]}-{field["name"]}"' in html


def test_timeline_lists_every_dated_event(built_site: Path) -> None:
    folder = built_site / "timeline"
    html = "".join(p.read_text(encoding="utf-8") for p in [folder / "index.html", *folder.glob("page-*/index.html")])
    for kind, column in (("resolutions", "date_issued"), ("local_plans", "date_issued"), ("targets", "deadline")):
        for row in read_rows(PACKAGE / "data" / f"{kind}.csv"):
            if row[column]:
                assert f"{SEGMENTS[kind]}/{slug(row['id'])}/" in html
    years = re.findall(r'<h2 id="(\d{4})"', html)
    assert years == sorted(years) and "2023" in years and "2035" in years


def test_footer_shows_version_on_every_page(built_site: Path) -> None:
    for path in [page(built_site, ""), page(built_site, "targets/vn-yearly-health-checkups")]:
        assert "Data version <a" in path.read_text(encoding="utf-8")
        assert DESCRIPTOR["version"] in path.read_text(encoding="utf-8")


def test_search_index_is_built_per_language(built_site: Path) -> None:
    """Each language has its own index, with its own language only; the search interface is the
    default language's, loaded by every language's search page with its own bundle."""
    for root, language, top in ((built_site, "en", ""), (built_site / "vi", "vi", "../")):
        assert (root / "pagefind" / "pagefind.js").is_file()
        entry = json.loads((root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [language]
        search = (root / "search" / "index.html").read_text(encoding="utf-8")
        assert f'src="../{top}pagefind/pagefind-ui.js"' in search and 'data-bundle="../pagefind/"' in search
        assert json.loads((root / "pagefind" / "parts.json").read_text(encoding="utf-8")) == {"parts": []}
    assert (built_site / "pagefind" / "pagefind-ui.js").is_file()
    assert not list((built_site / "vi" / "pagefind").glob("pagefind-*ui*"))
    filler = load_strings("en")["words"]["not_stated_source"]  # a filler (.vt-none): shown, not indexed
    assert any(filler in p.read_text(encoding="utf-8") for p in (built_site / "tasks").glob("*/index.html"))
    fragments = [gzip.decompress(p.read_bytes()).decode() for p in (built_site / "pagefind" / "fragment").iterdir()]
    assert fragments and not any(filler in text for text in fragments)
    assert not (built_site / "search" / "search_index.json").exists()


def test_data_is_escaped_in_html(package: PackageCopy, tmp_path: Path) -> None:
    attack = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3)) **bold**'
    package.set_cell("resolutions", "52-ct-tw", "summary_en", attack)
    package.set_cell("resolutions", "52-ct-tw", "summary_vi", "Chỉ thị của Ban Bí thư.")  # no number, as the attack
    package.set_cell("resolutions", "52-ct-tw", "title_en", "<b onmouseover=alert(4)>Directive 52-CT/TW</b>")
    paths = Paths(package=package.root, docs=tmp_path / "docs", out=tmp_path / "public")
    assert build(paths, quiet=True) == 0
    for path in (page(paths.out, "resolutions/52-ct-tw"), page(paths.out, "resolutions")):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
        assert 'href="javascript:' not in html
    html = page(paths.out, "resolutions/52-ct-tw").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>bold</strong>" not in html
    assert re.search(r'<meta property="og:title" content="[^"<>]*&lt;b onmouseover=alert\(4\)&gt;Directive', html)
    assert re.search(r'<meta property="og:description" content="[^"<>]*&lt;script&gt;alert\(1\)', html)


def test_failed_build_keeps_the_good_site(package: PackageCopy, tmp_path: Path) -> None:
    paths = Paths(package=package.root, docs=tmp_path / "docs", out=tmp_path / "public")
    assert build(paths, quiet=True) == 0
    before = files(paths.out)
    package.set_cell("targets", "vn-yearly-health-checkups", "deadline", "2030-13-01")
    assert build(paths, quiet=True) == 1
    assert files(paths.out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public")]


def test_build_command_reports_what_it_built(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT, tmp_path / "repo", ignore=shutil.ignore_patterns(".venv", ".git", "public", "build", ".*cache")
    )
    repo = tmp_path / "repo"
    done = subprocess.run([sys.executable, "build.py"], cwd=repo, capture_output=True, text=True, timeout=300)
    result = Result(done.returncode, done.stdout, done.stderr)
    assert result.code == 0, result.out + result.err
    assert re.search(r"built public/: \d+ pages, \d+ records, [\d.]+ s", result.out)
    assert (tmp_path / "repo" / "public" / "index.html").is_file()


def test_invalid_package_stops_the_build_with_the_validators_messages(package: PackageCopy) -> None:
    line = package.set_cell("targets", "vn-yearly-health-checkups", "value", "one")
    result = run_cli("build", cwd=package.root.parent)
    assert result.code == 1
    assert f'datapackage/data/targets.csv:{line}: value: "one" is not a number' in result.out
    assert "build stopped" in result.out and "Traceback" not in result.err


def exported_files(site: Path) -> list[str]:
    """The files the export wrote (the Downloads page itself lives in the same folder)."""
    folder = site / "downloads"
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "index.html")


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_downloads_page_lists_every_file_with_its_checksum(built_site: Path) -> None:
    html = page(built_site, "downloads").read_text(encoding="utf-8")
    rows = re.findall(r'<a href="\.\./downloads/([^"]+)" download>.*?<code class="vt-hash">([0-9a-f]{64})</code>', html)
    files = exported_files(built_site)
    assert sorted(path for path, _ in rows) == files
    for path, digest in rows:
        assert hashlib.sha256((built_site / "downloads" / path).read_bytes()).hexdigest() == digest
    for resource in DESCRIPTOR["resources"]:
        assert f'href="../data-dictionary/#{resource["name"]}"' in html
    assert f"<strong>{DESCRIPTOR['version']}</strong>" in html
    assert "@misc{" in html and "[Data set]" in html


def test_jsonld_describes_the_dataset_and_every_file(built_site: Path) -> None:
    """Every file of this version; the earlier releases (downloads/releases/) are other datasets."""
    everything = set(exported_files(built_site))
    files = {f for f in everything if not f.startswith("releases/")}
    assert everything - files, "the earlier releases are among the downloads"
    first = min(
        json.loads(path.read_text(encoding="utf-8"))["created"][:10]
        for path in (PACKAGE.parent / "releases").glob("*/datapackage.json")
    )
    for name in ("", "downloads", "vi", "vi/downloads"):
        data = jsonld(page(built_site, name).read_text(encoding="utf-8"))
        assert data["@type"] == "Dataset" and data["version"] == DESCRIPTOR["version"]
        # Modified on this release's date; first published on the oldest release's kept.
        assert data["dateModified"] == DESCRIPTOR["created"][:10]
        assert data["datePublished"] == first < data["dateModified"]
        assert data["license"] == DESCRIPTOR["licenses"][0]["path"]
        assert data["creator"] and data["spatialCoverage"]["name"] and data["temporalCoverage"]
        urls = {d["contentUrl"] for d in data["distribution"]}
        assert {u.split("/downloads/", 1)[1] for u in urls} == files
        assert all(d["@type"] == "DataDownload" and d["encodingFormat"] for d in data["distribution"])


def pseudo(value: object) -> object:
    """The catalogue with every text replaced by a marker that keeps its {placeholders}."""
    if isinstance(value, dict):
        return {key: pseudo(item) for key, item in value.items()}
    return "Ж " + " ".join(re.findall(r"\{\w+\}", value)) if isinstance(value, str) else value


def test_interface_text_comes_from_the_catalogue(tmp_path: Path) -> None:
    problems, package = check(str(PACKAGE))
    assert not problems and package is not None
    strings = load_strings()
    site = Site(pseudo(strings), "https://example.org/", "https://example.org/repo", [])
    render(package, tmp_path / "docs", site)
    english = [
        strings["words"]["cite"],
        strings["contribute"]["report"],
        strings["contribute"]["edit"],
        strings["fields"]["implemented_by"],
        strings["fields"]["local_plans"],
        strings["pages"]["targets_lead"],
        strings["home"]["next_deadlines"],
    ]
    for page_file in ["resolutions/72-nq-tw.md", "targets/index.md", "index.md", "timeline/index.md", "downloads.md"]:
        text = (tmp_path / "docs" / page_file).read_text(encoding="utf-8")
        assert "Ж" in text
        for phrase in english:
            assert phrase not in text, (page_file, phrase)


def test_build_writes_the_same_downloads_as_the_export_from_files(built_site: Path, tmp_path: Path) -> None:
    """The build hands the rows it validated to the export; the files must not differ from a fresh read."""
    for download in write_exports(PACKAGE, tmp_path / "downloads", kept=ROOT / "releases"):
        assert (built_site / "downloads" / download.path).read_bytes() == (
            tmp_path / "downloads" / download.path
        ).read_bytes()


def test_units_are_the_datas_with_the_singular_for_one(built_site: Path) -> None:
    html = page(built_site, "targets").read_text(encoding="utf-8")
    assert "at least 1 doctor per health station" in html and "1 doctors" not in html
    assert "more than 95.5%" in html
    # "=" is the number alone; Vietnamese units are unit_vi as the data spells it.
    vi = page(built_site, "vi/targets/hanoi-health-worker-per-village-2030").read_text(encoding="utf-8")
    assert "<dd>1 nhân viên y tế/thôn, bản</dd>" in vi and "đúng 1" not in vi
    assert "exactly 100%" not in html and "100%" in html
    macro = environment().from_string('{% import "_macros.md.j2" as m with context %}{{ m.amount(value, record) }}')

    def amount(value: str, unit: str, language: str = "en", unit_vi: str = "") -> str:
        record = {"unit_en": unit, "unit_vi": unit_vi or f"{unit} (vi)"}
        return macro.render(t=load_strings(language), value=value, record=record, lang=language, fallback="en")

    unit = "doctors per health station"
    assert amount("1", unit) == "1 doctor per health station"
    assert amount("2", unit) == "2 doctors per health station"
    assert amount("1.5", unit) == "1.5 doctors per health station"
    assert amount("3", "beds") == "3 beds"  # not in the catalogue: as spelled
    assert amount("95.5", "%", "vi", "%") == "95,5%"  # the catalogue's form, a decimal comma
    assert amount("1.5", unit, "vi") == "1,5 doctors per health station (vi)"  # unit_vi as spelled


def test_jsonld_identifies_the_dataset(built_site: Path) -> None:
    data = jsonld(page(built_site, "").read_text(encoding="utf-8"))
    assert data["identifier"] == (DESCRIPTOR.get("id") or DESCRIPTOR["homepage"])


SITE_PATH = "/tracker/"  # the path of mkdocs.yml's site_url


def test_the_languages_share_one_copy_of_the_assets(built_site: Path) -> None:
    """The Vietnamese pages link the theme's files, styles and scripts from the site's root: no copy
    under /vi/ (each link is checked to resolve by the test below and the browser's resources gate)."""
    assert (built_site / "assets" / "extra.css").is_file() and not (built_site / "vi" / "assets").exists()
    targets = (built_site / "vi" / "targets" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/stylesheets/main.' in targets and 'src="../../assets/tables.js"' in targets
    card = next((built_site / "vi" / "embed").rglob("index.html")).read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)+assets/embed\.css"', card)


def test_a_language_whose_assets_differ_stops_the_build(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from tracker.site import BuildError, _share_assets

    sites = [SimpleNamespace(code=code, site_dir=tmp_path / code) for code in ("en", "vi")]
    for site, text in zip(sites, ("a", "b"), strict=True):
        (site.site_dir / "assets").mkdir(parents=True)
        (site.site_dir / "assets" / "extra.css").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError, match="vi site: assets/extra.css differs from the en site's"):
        _share_assets(*sites)
    assert (sites[1].site_dir / "assets" / "extra.css").exists()
    (sites[1].site_dir / "assets" / "extra.css").write_text("a", encoding="utf-8")
    _share_assets(*sites)
    assert not (sites[1].site_dir / "assets").exists()


def test_no_unused_theme_search_assets_ship(built_site: Path) -> None:
    assets = built_site / "assets"
    assert not (assets / "javascripts" / "lunr").exists() and not (assets / "javascripts" / "workers").exists()
    assert not list(built_site.rglob("*.map"))
    assert not list((assets / "stylesheets").glob("palette.*"))  # colours come from extra.css
    for path in html_pages(built_site):
        html = path.read_text(encoding="utf-8")
        assert "lunr" not in html and "workers/search" not in html, path
        for reference in re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"#?]+)"', html):
            if reference.startswith(SITE_PATH):  # 404.html's addresses are absolute
                assert (built_site / reference.removeprefix(SITE_PATH)).exists(), (path, reference)
            elif not reference.startswith(("http:", "https:", "data:")):
                assert (path.parent / reference).resolve().exists(), (path, reference)
    for minified in assets.rglob("*.min.*"):
        assert "sourceMappingURL" not in minified.read_text(encoding="utf-8"), minified


CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_page_has_a_content_security_policy_without_inline_script(built_site: Path) -> None:
    for path in html_pages(built_site):
        html = path.read_text(encoding="utf-8")
        match = CSP.search(html)
        assert match, path
        directives = dict(d.strip().split(" ", 1) for d in match.group(1).split(";") if " " in d.strip())
        scripts = directives["script-src"].split()
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, path
        # A constant: no hash of an inline script (Material's are files, site/assets/theme-*.js).
        assert not any(source.startswith("'sha") for source in scripts), path
        first = min(at for at in (html.find(tag) for tag in ("<script", "<link", "<style")) if at >= 0)
        assert html.index("Content-Security-Policy") < first, "the policy must come first"
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", html)
        assert not inline, (path, inline)
        assert '<meta name="referrer"' in html, path


def test_external_links_open_without_opener_or_referrer(built_site: Path) -> None:
    external = 0
    for path in html_pages(built_site):
        for attributes in re.findall(r"<a\b([^>]*)>", path.read_text(encoding="utf-8")):
            if re.search(r'href="(?:https?:)?//', attributes):
                external += 1
                rel = re.search(r'rel="([^"]*)"', attributes)
                assert rel and {"noopener", "noreferrer"} <= set(rel.group(1).split()), (path, attributes)
    assert external > 50
    assert 'rel="noopener noreferrer"' in page(built_site, "about").read_text(encoding="utf-8")  # Markdown links


def test_every_page_has_the_header_search_form(built_site: Path) -> None:
    for path in theme_pages(built_site):
        html = path.read_text(encoding="utf-8")
        header = html[html.index("<header") : html.index("</header>")]
        form = re.search(r'<form class="vt-header-search" action="([^"]+)" method="get" role="search">', header)
        assert form, path
        action = form.group(1)
        target = built_site / action.removeprefix(SITE_PATH) if action.startswith(SITE_PATH) else path.parent / action
        root = built_site / "vi" if path.relative_to(built_site).parts[0] == "vi" else built_site
        assert target.resolve() == (root / "search").resolve(), path  # the search of the page's language
        assert '<label class="vt-visually-hidden" for="vt-header-q">' in header and 'name="q"' in header
        assert 'for="__search"' not in html and 'data-md-toggle="search" type="checkbox"' not in html


LANG = re.compile(r'<html lang="([^"]+)"')
ALTERNATE = re.compile(r'<link rel="alternate ?" hreflang="([^"]+)" href="([^"]+)">')


def test_every_page_exists_in_both_languages(built_site: Path) -> None:
    english = {p.relative_to(built_site) for p in html_pages(built_site) if p.relative_to(built_site).parts[0] != "vi"}
    vietnamese = {p.relative_to(built_site / "vi") for p in (built_site / "vi").rglob("*.html")}
    assert english == vietnamese


def test_every_page_names_its_language_and_its_other_language(built_site: Path) -> None:
    """`<html lang>`, hreflang alternates to the same path, og:locale, and a switch to the same page
    (the embeddable cards have their own test, tests/test_embeds.py)."""
    for path in theme_pages(built_site):
        relative = path.relative_to(built_site)
        vietnamese = relative.parts[0] == "vi"
        own = Path(*relative.parts[1:]) if vietnamese else relative
        html = path.read_text(encoding="utf-8")
        assert LANG.search(html).group(1) == ("vi" if vietnamese else "en"), path  # type: ignore[union-attr]
        # The page's path below its language's root; the 404 page's alternates are the home pages.
        url = "" if own.name == "404.html" or own.parent == Path(".") else f"{own.parent}/"
        alternates = dict(ALTERNATE.findall(html))
        site_url = "https://vn-health-tracker.github.io/tracker/"
        assert alternates == {"en": site_url + url, "vi": site_url + "vi/" + url, "x-default": site_url + url}, path
        locales = ("vi_VN", "en_US") if vietnamese else ("en_US", "vi_VN")
        assert f'<meta property="og:locale" content="{locales[0]}">' in html, path
        assert f'<meta property="og:locale:alternate" content="{locales[1]}">' in html, path
        switch = re.search(r'<a class="vt-lang__link" href="([^"]+)" hreflang="(\w+)" lang="(\w+)">', html)
        assert switch and switch.group(2) == switch.group(3) == ("en" if vietnamese else "vi"), path
        if own.name != "404.html":  # the 404 page's links are absolute: the link check follows them
            other = built_site / own if vietnamese else built_site / "vi" / own
            assert (path.parent / switch.group(1) / "index.html").resolve() == other.resolve(), path


def test_vietnamese_pages_write_dates_and_numbers_the_vietnamese_way(built_site: Path) -> None:
    html = page(built_site, "vi/resolutions/282-nq-cp").read_text(encoding="utf-8")
    assert '<time datetime="2025-09-16">16/9/2025</time>' in html
    english = page(built_site, "resolutions/282-nq-cp").read_text(encoding="utf-8")
    assert '<time datetime="2025-09-16">2025-09-16</time>' in english
    assert '<time datetime="2025">năm 2025</time>' in page(built_site, "vi/resolutions/72-nq-tw").read_text(
        encoding="utf-8"
    )
    assert "trên 95,5%" in page(built_site, "vi/targets").read_text(encoding="utf-8")
    assert "more than 95.5%" in page(built_site, "targets").read_text(encoding="utf-8")


def test_texts_in_the_other_language_are_marked_and_unofficial_titles_are_said(built_site: Path) -> None:
    unofficial = next(
        r["id"] for r in read_rows(PACKAGE / "data" / "resolutions.csv") if r["title_vi_official"] != "true"
    )
    official = next(
        r["id"] for r in read_rows(PACKAGE / "data" / "resolutions.csv") if r["title_vi_official"] == "true"
    )
    for where, other, note in (
        (
            f"resolutions/{unofficial}",
            "vi",
            "The title is the tracker&#39;s, written as the sources give it; it has not been checked against the "
            "official document.",
        ),
        (
            f"vi/resolutions/{unofficial}",
            "en",
            "Tên văn bản do nhóm biên soạn ghi theo cách các nguồn nêu, chưa đối chiếu với văn bản chính thức.",
        ),
    ):
        html = page(built_site, where).read_text(encoding="utf-8")
        assert f'<p class="vt-title-other" lang="{other}">' in html
        # said in the page's language: "Bản tiếng Anh:", "In Vietnamese:"
        strings = load_strings("en" if other == "vi" else "vi")
        said = strings["words"]["in_language"].format(language=strings["languages"][other])
        assert f'<span lang="{strings["lang"]}">{said}</span>' in html
        assert f'<p class="vt-unofficial">{note}</p>' in html
    assert 'class="vt-unofficial"' not in page(built_site, f"resolutions/{official}").read_text(encoding="utf-8")
    macro = environment().from_string('{% import "_macros.md.j2" as m with context %}{{ m.unofficial_title(r) }}')
    assert macro.render(t=load_strings(), r={"title_vi_official": "true"}).strip() == ""  # an official title
    vietnamese = page(built_site, "vi/resolutions/72-nq-tw").read_text(encoding="utf-8")
    assert (
        "Chuyển đến nội dung chính" in vietnamese and 'aria-label="Ngôn ngữ"' in vietnamese
    )  # the theme's strings, and ours


def test_citation_names_version_and_release_date_without_a_doubled_full_stop(built_site: Path) -> None:
    version, (year, month, day) = DESCRIPTOR["version"], DESCRIPTOR["created"][:10].split("-")
    task = next(r for r in read_rows(PACKAGE / "data" / "tasks.csv") if r["action_en"].endswith("."))
    english = page(built_site, f"tasks/{task['id']}").read_text(encoding="utf-8")
    vietnamese = page(built_site, f"vi/tasks/{task['id']}").read_text(encoding="utf-8")
    assert f"version {version} ({year}-{month}-{day})." in english
    assert f"phiên bản {version} ({int(day)}/{int(month)}/{year})." in vietnamese
    assert ".”." not in english and ".”." not in vietnamese


def test_a_document_without_number_is_not_named_twice(built_site: Path) -> None:
    """Its label is its title: a list line or a task's output shows it once, not "X — X"."""
    texts = {p: p.read_text(encoding="utf-8") for p in built_site.rglob("index.html") if "embed" not in p.parts}
    unnumbered = 0
    for kind in ("resolutions", "local_plans"):
        for row in read_rows(PACKAGE / "data" / f"{kind}.csv"):
            if row["number"]:
                continue
            unnumbered += 1
            for title in (row["title_en"], row["title_vi"]):
                twice = f"{escape(title)}</a> — {escape(title)}"
                assert not [p for p, text in texts.items() if twice in text], (row["id"], title)
    assert unnumbered


def test_about_page_lists_every_resource_in_its_language(built_site: Path) -> None:
    english = page(built_site, "about").read_text(encoding="utf-8")
    vietnamese = page(built_site, "vi/about").read_text(encoding="utf-8")
    for resource in DESCRIPTOR["resources"]:
        folder = resource.get("x-path") or resource["name"]
        assert f'<a href="../{folder}/">{escape(resource["title"])}</a>' in english, resource["name"]
        assert f'<a href="../{folder}/">{escape(resource["x-title-vi"])}</a>' in vietnamese, resource["name"]


def test_downloads_page_points_to_the_earlier_releases_kept(built_site: Path) -> None:
    kept = sorted(p.name for p in (ROOT / "releases").iterdir() if p.is_dir() and p.name != DESCRIPTOR["version"])
    for language, prefix in (("en", ""), ("vi", "vi/")):
        html = page(built_site, f"{prefix}downloads").read_text(encoding="utf-8")
        text = escape(load_strings(language)["pages"]["earlier_versions_kept"].format(version=kept[-1]))
        assert f'{text} <a href="https://github.com/' in html and '/tree/main/releases" rel="external' in html


def test_file_sizes_are_written_the_page_languages_way(built_site: Path) -> None:
    """19.5 kB on the English Downloads page, 19,5 kB on the Vietnamese one (the catalogue's decimal
    mark); bytes in the catalogue's word ("byte" in Vietnamese, which has no plural)."""
    for prefix, mark in (("", "."), ("vi/", ",")):
        unit = load_strings(prefix.strip("/") or "en")["downloads"]["units"]["byte"]
        html = page(built_site, f"{prefix}downloads").read_text(encoding="utf-8")
        sizes = re.findall(r'<td data-sort="\d+">([^<]+)</td>', html)
        assert sizes and all(re.fullmatch(rf"\d+(\{mark}\d)? ({unit}|kB|MB)", s) for s in sizes), sizes
        assert any(s.endswith(f" {unit}") for s in sizes)


def add_sectors(package: PackageCopy) -> list[dict[str, str]]:
    """A resource the code has never heard of, "sectors": a copy of the topics' schema under another
    name and URL folder, and two rows. Returns its rows."""

    def add(descriptor: dict) -> None:
        topics = next(r for r in descriptor["resources"] if r["name"] == "topics")
        sectors = json.loads(json.dumps(topics))
        sectors.pop("x-feed", None)
        sectors.update(name="sectors", path="data/sectors.csv", title="Sectors", description="Sectors.")
        sectors.update({"x-path": "sectors", "x-title-vi": "Lĩnh vực", "x-description-vi": "Các lĩnh vực."})
        descriptor["resources"].append(sectors)

    package.edit_descriptor(add)
    rows = read_rows(package.csv("topics"))[:2]
    package.rewrite("sectors", rows)
    return rows


def test_a_new_resource_needs_only_its_schema_and_its_csv(package: PackageCopy, tmp_path: Path) -> None:
    """A schema and a CSV file, nothing else: validated, given pages in both languages (out of the
    navigation, the generic templates), listed in the data dictionary and exported in every format."""
    rows = add_sectors(package)
    paths = Paths(
        package=package.root,
        config=ROOT / "mkdocs.yml",
        docs=tmp_path / "docs",
        out=tmp_path / "public",
        releases=ROOT / "releases",
    )
    assert build(paths, quiet=True) == 0
    site = paths.out
    for prefix, column in (("", "name_en"), ("vi/", "name_vi")):
        assert (site / prefix / "sectors" / "index.html").is_file()
        for row in rows:
            page = (site / prefix / "sectors" / slug(row["id"]) / "index.html").read_text(encoding="utf-8")
            assert f">{escape(row[column])}</h1>" in page
        dictionary = (site / prefix / "data-dictionary" / "index.html").read_text(encoding="utf-8")
        assert "sectors.csv" in dictionary
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="sectors/' not in home  # record pages stay out of the navigation
    downloads = site / "downloads"
    assert read_rows(downloads / "data" / "sectors.csv") == rows
    assert len(json.loads((downloads / "json" / "sectors.json").read_text(encoding="utf-8"))) == len(rows)
    assert (downloads / "parquet" / "sectors.parquet").is_file()
    (database,) = downloads.glob("*.sqlite")
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM sectors").fetchone() == (len(rows),)
    (workbook,) = downloads.glob("*.xlsx")
    assert "sectors" in openpyxl.load_workbook(workbook, read_only=True).sheetnames


def test_a_new_resource_is_validated_by_its_schema(package: PackageCopy) -> None:
    rows = add_sectors(package)
    package.rewrite("sectors", [*rows, rows[0]])  # an id twice
    result = run_cli("validate", str(package.root))
    assert result.code == 1
    assert f'data/sectors.csv:4: id: "{rows[0]["id"]}" is already used on line 2 (ids must be unique)' in result.out


def test_a_quote_from_a_translated_copy_is_labelled_as_that_copys_words(built_site: Path) -> None:
    """A quote read in a translation is captioned as the words of that copy ("In the French copy's
    words"), never as the source's or the original's ("Nguyên văn"); a quote read in the original
    language keeps "In the source's words"."""
    translated = "targets/hai-phong-health-insurance-coverage-2026"  # read in Báo Hải Phòng's French copy
    original = "targets/hanoi-health-insurance-participation-2030"  # read in the Vietnamese article
    captions = {
        where: re.findall(r"<figcaption>([^:<]*):", page(built_site, where).read_text(encoding="utf-8"))
        for where in (translated, f"vi/{translated}", original, f"vi/{original}")
    }
    assert captions[translated] == ["In the French copy&#39;s words"]
    assert captions[f"vi/{translated}"] == ["Câu trích từ bản dịch tiếng Pháp"]
    assert captions[original] == ["In the source&#39;s words"]
    assert captions[f"vi/{original}"] == ["Nguyên văn"]
    for path in built_site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if 'class="vt-translation"' in html:
            assert "<figcaption>Nguyên văn:" not in html and "<figcaption>In the source&#39;s words:" not in html, path


def test_every_theme_string_on_a_vietnamese_page_is_vietnamese(built_site: Path) -> None:
    """No Vietnamese page shows one of Material's English interface strings (its English catalogue:
    every string of two words or more, which data text does not contain by chance), nor the toc
    extension's "Permanent link" or Material's "404 - Not found": the catalogue's `theme` section
    and site/overrides/404.html give them in Vietnamese."""
    from material import templates

    english = Path(templates.__file__).parent / "partials" / "languages" / "en.html"
    strings = {text for _, text in re.findall(r'"([a-z.]+)": "([^"]*)"', english.read_text(encoding="utf-8"))}
    strings = {text for text in strings if " " in text} | {"Permanent link", "404 - Not found"}
    strings |= {"Trở lại mục lục"}  # Material's Vietnamese for "Back to top" ("back to the table of contents")
    assert {"Back to top", "Skip to content", "Copy to clipboard"} <= strings
    pages = sorted((built_site / "vi").rglob("*.html"))
    assert len(pages) > 100
    found = {
        (text, str(page.relative_to(built_site)))
        for page in pages
        for text in strings
        if text in page.read_text("utf-8")
    }
    assert not found, sorted(found)[:10]
    html = (built_site / "vi" / "404.html").read_text(encoding="utf-8")
    assert "<h1>Không tìm thấy trang</h1>" in html and 'title="Liên kết cố định"' in page(
        built_site, "vi/about"
    ).read_text(encoding="utf-8")
    assert "Lên đầu trang" in page(built_site, "vi/about").read_text(encoding="utf-8")


def test_a_person_is_named_as_a_vietnamese_source_prints_the_name(built_site: Path) -> None:
    """Where a cited Vietnamese source prints the name (name_vi, name_vi_source), the person's page
    and links show it, say which source prints it, and how the other copies printed it."""
    person = next(r for r in read_rows(PACKAGE / "data" / "people.csv") if r["id"] == "to-lam")
    assert person["name_vi"] == "Tô Lâm" and person["name"] == "To Lam"
    for prefix, words in (
        ("", "Name as printed by the Vietnamese source:"),
        ("vi/", "Họ tên được ghi theo nguồn tiếng Việt:"),
    ):
        html = page(built_site, f"{prefix}people/to-lam").read_text(encoding="utf-8")
        assert '<h1 id="to-lam">Tô Lâm</h1>' in html
        assert words in html and f'sources/{person["name_vi_source"]}/"' in html
        assert "To Lam." in html  # as the copies in other languages print it


def test_the_site_holds_no_pickle_of_the_package(built_site: Path) -> None:
    # The validated package is pickled into the staging folder for the workers, beside the site, never in it.
    assert not list(built_site.rglob("*.pickle"))
    assert (built_site / "index.html").is_file()


def test_the_root_sitemap_lists_every_page_of_both_languages(built_site: Path) -> None:
    """Search engines read /sitemap.xml: it lists the Vietnamese pages beside the English ones, each
    once, and its gzip copy says the same; /vi/sitemap.xml still lists the Vietnamese pages."""
    import gzip

    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>([^<]+)</loc>", text)
    assert len(listed) == len(set(listed))
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    home = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    for language, url in (("en", home), ("vi", home + "vi/")):
        assert url in listed and url + "targets/" in listed, language
    vietnamese = set(re.findall(r"<loc>([^<]+)</loc>", (built_site / "vi" / "sitemap.xml").read_text(encoding="utf-8")))
    assert vietnamese and vietnamese <= set(listed)
    for kind in SEGMENTS.values():  # every record page, in both languages
        for folder in (built_site / kind, built_site / "vi" / kind):
            for path in folder.glob("*/index.html"):
                assert f"{home}{path.parent.relative_to(built_site).as_posix()}/" in listed, path


def test_every_page_has_its_own_description_cut_at_a_word(built_site: Path) -> None:
    """Search engines and link previews read a page's description: only the home pages give the
    site's tagline, a paged list's later pages repeat their first page's, none runs past 160
    characters, and a cut one ends at a word with "…"; a target's gives its figure, place and deadline."""
    tagline = {}
    found: dict[str, str] = {}
    for path in built_site.rglob("index.html"):
        relative = path.parent.relative_to(built_site).as_posix()
        if relative.split("/")[0] in ("embed", "pagefind") or "/embed/" in f"/{relative}/":
            continue
        html = path.read_text(encoding="utf-8")
        match = re.search(r'<meta property="og:description" content="([^"]*)"', html)
        assert match, relative
        found[relative] = unescape(match.group(1))
    for language in ("en", "vi"):
        tagline[language] = load_strings(language)["site_description"]
    generic = {r for r, d in found.items() if d in tagline.values()}
    assert generic == {".", "vi"}, sorted(generic)[:20]
    for relative, description in found.items():
        assert 0 < len(description) <= 161, relative
        if description.endswith("…"):
            assert description[-2] not in " ,;:", relative  # cut at a word's end
    rows = read_rows(PACKAGE / "data" / "targets.csv")
    places = {r["id"]: r["name_en"] for r in read_rows(PACKAGE / "data" / "jurisdictions.csv")}
    for row in rows:
        description = found[f"targets/{row['id'].lower()}"]
        assert places[row["jurisdiction"]] in description and (row["deadline"][:4] in description), row["id"]
