"""Share images (tracker/share.py) on the real package and build: the font covers every character
drawn, every record page of both languages has its 1200x630 PNG and names it, an image is the
same bytes every time, and the cache draws only what changed and forgets what is no longer used."""

from __future__ import annotations

import html as markup
import struct
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import LANGUAGES, PACKAGE, SITE_URL, meta
from fontTools.ttLib import TTFont
from PIL import Image

from tracker import share, status
from tracker.language import View, load_strings
from tracker.records import link
from tracker.validate import check


def linked(language: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The real package's records in a language, with their statuses, and its descriptor."""
    problems, package = check(str(PACKAGE))
    assert not problems and package is not None
    data = link(package, None, language)
    status.annotate(data["kinds"], date.fromisoformat(data["today"]))
    return data, package.descriptor


def cards(language: str) -> dict[str, share.Card]:
    data, descriptor = linked(language)
    strings = load_strings(language)
    return dict(share.cards(descriptor, data["kinds"], View(language, strings), data["today"]))


def strings_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    return [value] if isinstance(value, str) else []


def chunks(png: bytes) -> list[bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        found.append(png[at + 4 : at + 8])
        at += 12 + length
    return found


def test_the_fonts_cover_every_character_drawn() -> None:
    """Every character of every text of every image of both languages (record texts, catalogue
    labels), and of the whole catalogues, is in both fonts' character maps."""
    drawn: set[str] = {"…"}
    for language in LANGUAGES:
        for card in cards(language).values():
            drawn.update(c for text in (*card.band, *card.lines) for word in text.words for c in word)
        drawn.update(c for s in strings_in(load_strings(language)) for c in s)
    drawn -= {" ", "\n"}
    assert {"ệ", "ữ", "Đ", "ẩ", "ỹ"} <= drawn  # Vietnamese is among what is drawn
    for path in (share.REGULAR, share.BOLD):
        cmap = TTFont(share.FONTS / path)["cmap"].getBestCmap()
        missing = sorted(c for c in drawn if ord(c) not in cmap)
        assert not missing, (path, missing)
    assert (share.FONTS / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_record_page_has_its_image_and_names_it(built_site: Path, language: str) -> None:
    prefix = LANGUAGES[language]
    data, _ = linked(language)
    records = [r for records in data["kinds"].values() for r in records]
    assert len(records) > 100
    for record in records:
        image = built_site / prefix / share.path(record)
        with Image.open(image) as opened:
            assert (opened.format, opened.size) == ("PNG", (share.WIDTH, share.HEIGHT)), image
            opened.load()  # the whole stream decodes
        assert chunks(image.read_bytes()) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"], image  # no time, no text
        html = (built_site / prefix / record["_url"] / "index.html").read_text(encoding="utf-8")
        assert f'<meta property="og:image" content="{SITE_URL}{prefix}{share.path(record)}">' in html, record["_url"]
    assert len(list((built_site / prefix / share.FOLDER).rglob("*.png"))) == len(records) + 1  # and the default


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", ["", "deadlines/", "resolutions/72-nq-tw/", "tasks/"])
def test_pages_carry_an_absolute_image_that_exists(built_site: Path, language: str, url: str) -> None:
    """The large Twitter card and og:image with its size and alt text, on record pages (their own
    image) and every other page (the default one)."""
    prefix = LANGUAGES[language]
    strings = load_strings(language)
    html = (built_site / prefix / url / "index.html").read_text(encoding="utf-8")
    assert meta(html, "twitter:card") == "summary_large_image"
    image = meta(html, "og:image")
    assert image.startswith(f"{SITE_URL}{prefix}{share.FOLDER}/") and image.endswith(".png")
    with Image.open(built_site / image.removeprefix(SITE_URL)) as opened:
        assert opened.size == (int(meta(html, "og:image:width")), int(meta(html, "og:image:height"))) == (1200, 630)
    alt = markup.unescape(meta(html, "og:image:alt"))
    if url.startswith("resolutions/"):
        assert image == f"{SITE_URL}{prefix}share/resolutions/72-nq-tw.png"
        named = strings["numbered"]["politburo-resolution"].format(number="72-NQ/TW")  # as running text names it
        assert alt.startswith(f"{strings['kinds']['resolutions']}: {named}") and strings["site_name"] in alt
    else:
        assert image == f"{SITE_URL}{prefix}{share.DEFAULT}"
        assert alt == f"{strings['site_name']}: {strings['site_description']}"


def test_an_image_is_the_same_bytes_every_time(built_site: Path) -> None:
    """Drawn again with every cache of the process emptied, a Vietnamese record's image is byte for
    byte the built one; its texts are those of the record, as the page says them."""
    card = cards("vi")["share/resolutions/72-nq-tw.png"]
    words = [" ".join(text.words) for text in card.lines]
    assert words[0] == "Văn bản của Trung ương · 72-NQ/TW" and words[1].startswith("Nghị quyết")
    share._words.clear()
    share._stripes.clear()
    first = share.png(card)
    assert first == share.png(card) == (built_site / "vi" / "share" / "resolutions" / "72-nq-tw.png").read_bytes()
    (length,) = struct.unpack(">I", first[33 + 60 : 37 + 60])  # IDAT, after IHDR (25 bytes) and PLTE (60)
    rows = zlib.decompress(first[41 + 60 : 41 + 60 + length])  # its checksum holds
    assert len(rows) == share.HEIGHT * (1 + share.WIDTH // 2) and rows[:: 1 + share.WIDTH // 2] == bytes(share.HEIGHT)
    task = next(c for path, c in cards("en").items() if path.startswith("share/tasks/"))
    assert any(" ".join(t.words).startswith(("Overdue", "Due", "No deadline", "Achieved")) for t in task.lines)


def test_the_cache_draws_only_what_changed_and_forgets_the_rest(tmp_path: Path) -> None:
    data, descriptor = linked("en")
    strings = load_strings("en")

    def draw(out: str) -> int:
        return share.draw(
            descriptor, data["kinds"], View("en", strings), data["today"], tmp_path / out, tmp_path / "cache"
        )

    distinct = len(
        {repr(card) for _, card in share.cards(descriptor, data["kinds"], View("en", strings), data["today"])}
    )
    assert draw("first") == distinct > 100
    stale = tmp_path / "cache" / "en" / "0123.png"
    stale.write_bytes(b"")
    assert draw("second") == 0  # nothing drawn again
    assert not stale.exists()
    first, second = (sorted((tmp_path / out).rglob("*.png")) for out in ("first", "second"))
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    cached = sorted((tmp_path / "cache" / "en").iterdir())
    data["kinds"]["tasks"][0]["action_en"] = "Build the commune health stations again"
    assert draw("third") == 1  # only the changed record
    assert len(sorted((tmp_path / "cache" / "en").iterdir())) == len(cached)  # its old image deleted


def test_a_target_image_says_where_it_applies_and_its_value() -> None:
    """The same indicator is set for several places: a target's image names its place and value as
    its page writes them (the Vietnamese review of 2026-12-07, E6)."""
    card = cards("vi")["share/targets/hai-phong-health-insurance-coverage-2026.png"]
    assert " ".join(card.lines[0].words) == "Chỉ tiêu · Hải Phòng · trên 95,5%"
