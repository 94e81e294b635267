"""Atom feeds and What's new pages of the real build: every feed parses and has Atom's required
elements, its links lead to built pages, its ids are unique and the same from build to build, the
pages that have a feed announce it, and the What's new page lists the records the release added
or changed since the previous release kept in releases/."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from conftest import LANGUAGES, PACKAGE, ROOT, SITE_URL, period_end, read_rows

from tracker import diff
from tracker.feeds import PAGE_ENTRIES
from tracker.outputs import render_language as render
from tracker.records import link, paths, slug
from tracker.render import Site, load_strings
from tracker.validate import check

ATOM = "{http://www.w3.org/2005/Atom}"
DESCRIPTOR = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
RELEASE = DESCRIPTOR["created"][:10]
FOLLOWED = [r for r in DESCRIPTOR["resources"] if r.get("x-feed")]
PREVIOUS = diff.previous_release(ROOT / "releases", DESCRIPTOR["version"])  # what the release is compared with


def feed_files(site: Path, prefix: str) -> list[Path]:
    return sorted((site / prefix / "feeds").rglob("*.xml"))


def first_pages(site: Path, prefix: str) -> list[Path]:
    """Each feed's first document (its later pages are page-N.xml in a folder beside it)."""
    return [p for p in feed_files(site, prefix) if not p.name.startswith("page-")]


def whole_feed(path: Path) -> list[ET.Element]:
    """Every entry of a feed, its pages followed by their rel="next" links (RFC 5005)."""
    entries: list[ET.Element] = []
    seen = set()
    while path is not None and path not in seen:
        seen.add(path)
        root = ET.fromstring(path.read_bytes())
        entries += root.findall(f"{ATOM}entry")
        following = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "next"]
        path = local_feed(path, following[0]) if following else None
    return entries


def local_feed(path: Path, address: str) -> Path:
    """The built file of a feed document's address, from another document of the same language."""
    feeds = next(p for p in path.parents if p.name == "feeds")
    return feeds / address.split("/feeds/", 1)[1]


def local(site: Path, address: str) -> Path:
    """The built file an absolute address of the site names (a folder's index.html)."""
    assert address.startswith(SITE_URL), address
    path = site / urlsplit(address).path[len(urlsplit(SITE_URL).path) :]
    return path / "index.html" if address.endswith("/") else path


def test_every_feed_is_atom_with_its_required_elements_and_working_links(built_site: Path) -> None:
    paged = 0  # documents with a previous or next page
    for lang, prefix in LANGUAGES.items():
        feeds = feed_files(built_site, prefix)
        records = sum(len(read_rows(PACKAGE / r["path"])) for r in FOLLOWED)
        assert len(first_pages(built_site, prefix)) == 2 + records, lang  # the release's, the deadlines', one a record
        for path in feeds:
            address = SITE_URL + path.relative_to(built_site).as_posix()
            parsed = feedparser.parse(path.read_bytes())
            assert not parsed.bozo and parsed.version == "atom10", (path, parsed.get("bozo_exception"))
            root = ET.fromstring(path.read_bytes())
            assert root.tag == f"{ATOM}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
            first = re.sub(r"/page-\d+\.xml$", ".xml", address)  # a feed's pages share its id (RFC 5005)
            assert root.findtext(f"{ATOM}id") == first
            assert root.findtext(f"{ATOM}title").strip() and root.findtext(f"{ATOM}author/{ATOM}name").strip()
            assert root.findtext(f"{ATOM}updated") == f"{RELEASE}T00:00:00+00:00"  # the data's date, not the clock
            links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
            assert links["self"] == address and local(built_site, links["alternate"]).is_file()
            for rel in ("first", "previous", "next", "last"):
                if rel in links:
                    assert local_feed(path, links[rel]).is_file(), (path, rel)
            if "next" in links or "previous" in links:
                paged += 1
                assert links["first"] == first
            entries = root.findall(f"{ATOM}entry")
            assert len(entries) <= PAGE_ENTRIES and (entries or "page-" not in path.name)  # no empty later page
            assert len(entries) == PAGE_ENTRIES or "next" not in links  # only the last page is short
            ids = [entry.findtext(f"{ATOM}id") for entry in entries]
            assert len(ids) == len(set(ids)), path
            for entry in entries:
                assert entry.findtext(f"{ATOM}title").strip()
                updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
                assert updated.date().isoformat() <= RELEASE
                href = entry.find(f"{ATOM}link").get("href")
                assert entry.findtext(f"{ATOM}id").startswith(href)  # the canonical URL of its page
                assert local(built_site, href).is_file(), href
    assert paged


def test_the_release_feed_has_the_records_added_or_changed_since_the_previous_release(built_site: Path) -> None:
    assert PREVIOUS is not None
    folders = paths(DESCRIPTOR)
    fresh = {
        f"{SITE_URL}{folders[d.name]}/{slug(', '.join(key))}/"
        for d in diff.between(PREVIOUS, PACKAGE)
        for key in [*(key for key, _ in d.added), *(c.key for c in d.changed)]
    }
    assert fresh  # 0.3.0: every target (a column added) and two sources
    feed = feedparser.parse((built_site / "feeds" / "whats-new.xml").read_bytes())
    first, *records = feed.entries
    assert first.id == f"{SITE_URL}whats-new/{DESCRIPTOR['version']}/" and DESCRIPTOR["version"] in first.title
    assert first.updated.startswith(RELEASE)
    everything = whole_feed(built_site / "feeds" / "whats-new.xml")[1:]
    ids = {e.findtext(f"{ATOM}id") for e in everything}
    assert ids == fresh  # every record added or changed, and nothing else, over the feed's pages


def test_the_deadlines_feed_lists_overdue_and_due_soon_commitments(built_site: Path) -> None:
    strings = {lang: load_strings(lang)["commitment_statuses"] for lang in LANGUAGES}
    for lang, prefix in LANGUAGES.items():
        feed = feedparser.parse((built_site / prefix / "feeds" / "deadlines.xml").read_bytes())
        assert feed.entries
        words = (strings[lang]["overdue"], strings[lang]["due-soon"])
        for entry in feed.entries:
            status = entry.id.rpartition("#")[2]
            assert status in ("overdue", "due-soon") and entry.title.startswith(words)
            assert entry.title.endswith(")")  # where it applies: the same target is set for several places
            page = local(built_site, entry.link).read_text(encoding="utf-8")
            assert strings[lang][status] in unescape(page)


def test_no_feed_is_cut_and_each_entry_is_dated_by_its_own_evidence(built_site: Path) -> None:
    """A followed record's feed holds every record that refers to it (records.link's `_records`),
    over its pages, newest first; an entry's date is its own newest evidence (a source's
    publication, a document's issue, a meeting's day...), so a feed's entries do not share one date."""
    problems, package = check(str(PACKAGE))
    assert not problems and package is not None
    data = link(package)
    days, longest = set(), 0
    for resource in FOLLOWED:
        for record in data["kinds"][resource["name"]]:
            entries = whole_feed(built_site / "feeds" / resource["x-path"] / f"{record['id'].lower()}.xml")
            ids = [e.findtext(f"{ATOM}id") for e in entries]
            assert sorted(ids) == sorted(SITE_URL + r["_url"] for r in record["_records"]), record["id"]
            dated = [e.findtext(f"{ATOM}updated") for e in entries]
            assert dated == sorted(dated, reverse=True), record["id"]  # newest first
            days.update(dated)
            longest = max(longest, len(entries))
    assert longest > PAGE_ENTRIES  # some feed has pages, none is cut
    assert len(days) > 10  # dated by evidence, not all on a release date
    # A meeting is dated by its own day (a partial date by its period's end), at most the release date.
    meetings = {f"{SITE_URL}events/{r['id'].lower()}/": r["date"] for r in rows("events")}
    seen = 0
    for path in feed_files(built_site, ""):
        for entry in ET.parse(path).getroot().findall(f"{ATOM}entry"):
            day = meetings.get(entry.findtext(f"{ATOM}id"))
            if day:
                expected = min(period_end(day).isoformat(), RELEASE)
                assert entry.findtext(f"{ATOM}updated").startswith(expected), entry.findtext(f"{ATOM}id")
                seen += 1
    assert seen


def rows(resource: str) -> list[dict[str, str]]:
    return read_rows(PACKAGE / "data" / f"{resource}.csv")


def test_pages_announce_their_feeds_and_the_links_resolve(built_site: Path) -> None:
    pages = ["index.html", "deadlines/index.html", "follow/index.html", f"whats-new/{DESCRIPTOR['version']}/index.html"]
    pages += [f"{r['x-path']}/{read_rows(PACKAGE / r['path'])[0]['id'].lower()}/index.html" for r in FOLLOWED]
    found = re.compile(r'<link rel="alternate " type="application/atom\+xml" title="([^"]+)" href="([^"]+)">')
    for prefix in LANGUAGES.values():
        for name in pages:
            page = built_site / prefix / name
            links = found.findall(page.read_text(encoding="utf-8"))
            assert links, page
            for _, href in links:
                target = (page.parent / href).resolve()
                assert target.is_file() and target.suffix == ".xml", (page, href)
        for resource in FOLLOWED:  # a record's feed leads back to its page
            record = read_rows(PACKAGE / resource["path"])[0]["id"].lower()
            feed = ET.parse(built_site / prefix / "feeds" / resource["x-path"] / f"{record}.xml").getroot()
            alternate = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "alternate")
            assert alternate.get("href") == f"{SITE_URL}{prefix}{resource['x-path']}/{record}/"
            page = f"/{resource['x-path']}/{record}/"
            for entry in feed.findall(f"{ATOM}entry"):  # each names a record that links to it
                assert page in local(built_site, entry.find(f"{ATOM}link").get("href")).read_text(encoding="utf-8")


def test_feeds_are_the_same_bytes_when_rendered_again(built_site: Path, tmp_path: Path) -> None:
    """Ids, dates and bytes do not depend on the build: render the pages again and compare the feeds."""
    problems, package = check(str(PACKAGE))
    assert not problems and package is not None
    release = diff.release(PACKAGE, ROOT / "releases")
    site = Site(load_strings("en"), SITE_URL, "https://example.org/repo", [], "en", "en", "", ("en", "vi"), release)
    render(package, tmp_path / "docs", site)
    again = feed_files(tmp_path / "docs", "")
    assert [p.relative_to(tmp_path / "docs") for p in again] == [
        p.relative_to(built_site) for p in feed_files(built_site, "")
    ]
    for path in again:
        assert path.read_bytes() == (built_site / path.relative_to(tmp_path / "docs")).read_bytes(), path


def whats_new_html(site: Path, prefix: str, version: str) -> str:
    folder = site / prefix / "whats-new" / version
    pages = [folder / "index.html", *sorted(folder.glob("page-*/index.html"))]
    return "".join(p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_whats_new_page_lists_added_and_changed_records_and_is_linked(built_site: Path, lang: str) -> None:
    """The current release's page lists each target added since the newest kept release, and each
    one changed with a column that changed; each kept release's page does the same against the
    release before it (0.4.0's: `searched`, the column added then, on every target of 0.3.0;
    0.3.0's: `value_misprint`, added then, on every target of 0.2.0)."""
    prefix = LANGUAGES[lang]
    strings = load_strings(lang)["whats_new"]
    version = DESCRIPTOR["version"]
    # a changed column is named by its title in the page's language, its name on hover
    changed = r'{}</span>: <a href="[./]*targets/{}/">[^<]*</a> <span class="vt-fields">(?:(?!</li>).)*title="{}"'
    added = r'{}</span>: <a href="[./]*targets/{}/">'
    kept = sorted((p.name for p in (ROOT / "releases").iterdir()), key=lambda v: tuple(map(int, v.split("."))))
    steps = [(version, PACKAGE, ROOT / "releases" / kept[-1])]
    steps += [(new, ROOT / "releases" / new, ROOT / "releases" / old) for old, new in zip(kept, kept[1:], strict=False)]
    for release, now, before in steps:
        html = whats_new_html(built_site, prefix, release)
        earlier = {row["id"]: row for row in read_rows(before / "data" / "targets.csv")}
        shown = 0
        for target in read_rows(now / "data" / "targets.csv"):
            old = earlier.get(target["id"])
            if old is None:
                assert re.search(added.format(strings["added_one"], target["id"]), html), (release, target["id"])
                shown += 1
                continue
            columns = sorted(c for c in target if old.get(c) != target[c])
            if columns:
                found = [c for c in columns if re.search(changed.format(strings["changed_one"], target["id"], c), html)]
                assert found, (release, target["id"], columns)
                shown += 1
        assert shown or release == version, release
    for release, column, before in (("0.4.0", "searched", "0.3.0"), ("0.3.0", "value_misprint", "0.2.0")):
        html = whats_new_html(built_site, prefix, release)
        for target in read_rows(ROOT / "releases" / before / "data" / "targets.csv"):
            pattern = changed.format(strings["changed_one"], target["id"], column)
            assert re.search(pattern, html), (release, target["id"])
    home = (built_site / prefix / "index.html").read_text(encoding="utf-8")
    assert f'href="whats-new/{version}/"' in home and 'href="follow/"' in home
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert urljoin(SITE_URL, f"whats-new/{version}/") in changelog


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_an_earlier_release_keeps_its_whats_new_page(built_site: Path, lang: str) -> None:
    """0.2.0's page, published before 0.3.0 was released, stays at its address and says what 0.2.0
    changed since 0.1.0; the two pages link to each other."""
    prefix = LANGUAGES[lang]
    strings = load_strings(lang)["whats_new"]
    html = whats_new_html(built_site, prefix, "0.2.0")
    old = {r["id"] for r in read_rows(ROOT / "releases" / "0.1.0" / "data" / "resolutions.csv")}
    assert "72-nq-tw" in old  # a record of both releases, changed (its summary became summary_vi and summary_en)
    assert re.search(r'{}</span>: <a href="[./]*resolutions/72-nq-tw/">'.format(strings["changed_one"]), html)
    assert '<span title="summary_en">' in html and 'title="value_misprint"' not in html
    task = read_rows(PACKAGE / "data" / "tasks.csv")[0]["id"]  # tasks are new in 0.2.0
    assert re.search(r'{}</span>: <a href="[./]*tasks/{}/">'.format(strings["added_one"], task), html)
    version = DESCRIPTOR["version"]
    assert f'<a href="../../whats-new/{version}/">{version}</a>' in html
    assert '<strong aria-current="page">0.2.0</strong>' in html
    current = whats_new_html(built_site, prefix, version)
    assert '<a href="../../whats-new/0.2.0/">0.2.0</a>' in current
    assert f'<strong aria-current="page">{version}</strong>' in current
    assert not (built_site / prefix / "whats-new" / "0.1.0").exists()  # no release kept before it
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert urljoin(SITE_URL, "whats-new/0.2.0/") in changelog


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_whats_new_shows_each_changed_value_old_and_new(built_site: Path, lang: str) -> None:
    """For every target changed since the newest kept release, each changed column shows its old
    value (in <del>) and its new value (in <ins>): whole when short, else cut around where they
    differ ("…" where cut), so the two pieces differ; an empty cell is said to be so in the page's
    language, and a Vietnamese or English column's text is marked with its language."""
    prefix = LANGUAGES[lang]
    empty = load_strings(lang)["whats_new"]["empty"]
    version = DESCRIPTOR["version"]
    kept = sorted((p.name for p in (ROOT / "releases").iterdir()), key=lambda v: tuple(map(int, v.split("."))))
    html = whats_new_html(built_site, prefix, version)
    earlier = {row["id"]: row for row in read_rows(ROOT / "releases" / kept[-1] / "data" / "targets.csv")}
    shown = 0
    for target in read_rows(PACKAGE / "data" / "targets.csv"):
        old = earlier.get(target["id"])
        if old is None:
            continue
        item = re.search(rf'<a href="[./]*targets/{target["id"]}/">.*?</li>', html, re.S)
        for column in (c for c in target if c in old and old[c] != target[c]):
            assert item, target["id"]
            found = re.search(
                rf'title="{column}">[^<]*</span>: <(del)([^>]*)>(.*?)</del> → <(ins)([^>]*)>(.*?)</ins>', item.group(0)
            )
            assert found, (target["id"], column)
            pieces = []
            for attributes, text, value in ((found[2], found[3], old[column]), (found[5], found[6], target[column])):
                text = unescape(text)
                if not value:
                    assert 'class="vt-none"' in attributes and text == empty
                    continue
                suffix = column.rsplit("_", 1)[-1]
                assert (f'lang="{suffix}"' in attributes) == (suffix in LANGUAGES and suffix != lang), column
                assert text.strip("…") in value and len(text) <= 82, (column, text)  # a piece of the value
                pieces.append(text)
            assert len(pieces) < 2 or pieces[0] != pieces[1], (target["id"], column)  # the change shows
            shown += 1
    assert shown, "no target changed since the newest kept release"
