"""Share images: a 1200x630 PNG per record page and language, which link previews show (og:image).

Each image says what the record is (its kind, from the catalogue), its official number where it has
one, its title (wrapped, cut with "…" past four lines), its status and deadline where it has them
(as of the data's release date, as the pages say them) and the site's name, in the page's language,
in Noto Sans (site/fonts, SIL Open Font License), which covers every Vietnamese letter. One default
image per language (the site's name and description) serves every other page.

Images are at `share/<record's path>.png` below the language's root (`share/site.png` for the
default one). They are written beside the pages rather than among them, so that MkDocs does not
handle thousands of files, and moved into the language's site after MkDocs (tracker/site.py).

Speed: at 100 times the package there are 26,000 images, so an image must cost about a
millisecond. Pillow's own text drawing and PNG writing cost about 20 ms, so neither is used on the
whole image. The image is a stack of horizontal stripes (the band with the site's name, the kind
and number, the title, the status, blank gaps, the bottom rule); each stripe is compressed on its
own into a piece of one Deflate stream (a full flush ends each piece, so pieces do not refer to one
another) and the pieces are joined, so that a stripe seen before (the band, a blank gap of some
height, a kind's line without a number, a status, a deadline) is compressed once per process.
Only the stripes that hold a record's own text (its number, its title) are drawn and compressed
for each image, in 16 colours (4 bits a pixel: a ramp from the ink to white, and the accent), with
words pasted from a cache of rendered words rather than laid out again. The PNG has no time or
text chunk, so the same texts give the same bytes.

Why the hand-written PNG writer stays: measured once against Pillow drawing the same cards (its
ImageDraw.text on a palette image, then Image.save as PNG), on the real package's 257 Vietnamese
images from an empty cache, share.py took 10.7 ms an image and Pillow 46.5 ms: 4.3 times slower,
which at 100x (26,000 images a language) would add about 15 minutes of CPU to each language's
worker. Measured on 2 cores at a load average of 4.4 (the test suite ran alongside), so the
absolute times are high; the ratio is the figure to keep.

Cache: an image is named in the cache (build/docs/.share-cache/<language>/) by the hash of
everything drawn on it, the fonts' files, the layout's version and the libraries', and hard-linked
(else copied) from there when it is already drawn; entries the build did not use are deleted at
its end.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PIL
from PIL import Image, ImageDraw, ImageFont

from tracker import untrusted
from tracker.language import View
from tracker.records import Record, in_language

if TYPE_CHECKING:
    from tracker.outputs.run import Run

FOLDER = "share"
DEFAULT = f"{FOLDER}/site.png"  # every other page's image (records' are a folder deeper: no clash)
CACHE = ".share-cache"  # beside the languages' page folders (build/docs/.share-cache), kept between builds
FONTS = Path(__file__).resolve().parent.parent / "site" / "fonts"
REGULAR, BOLD = "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"  # in FONTS
NUMBER = "number"  # the schema field of a record's official number
LAYOUT = "4"  # bump when the drawing changes, so that cached images are drawn again

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
LINE = WIDTH - 2 * MARGIN  # the widest a line of text may be
# Palette: indices 0 to 14 a ramp from the ink (dark blue) to white, so that antialiased text
# blended between two of them stays on the ramp; 15 the site's orange, for the bottom rule.
INK, WHITE, ACCENT = 0, 14, 15
_INK_RGB, _WHITE_RGB, _ACCENT_RGB = (16, 33, 56), (255, 255, 255), (178, 77, 0)
PALETTE = b"".join(
    bytes(round(a + (b - a) * n / WHITE) for a, b in zip(_INK_RGB, _WHITE_RGB, strict=True)) for n in range(WHITE + 1)
) + bytes(_ACCENT_RGB)

# The layout: (font, size) of each text, and the baselines and heights in pixels.
SITE_FONT, TEXT_FONT, TITLE_FONT, STATUS_FONT, DEFAULT_FONT = (
    (BOLD, 34),  # the site's name on the band
    (REGULAR, 32),  # the kind and number, the deadline, the site's description
    (BOLD, 54),  # a record's title
    (BOLD, 32),  # a status
    (BOLD, 64),  # the site's name on the default image
)
BAND = 100  # the top band, the site's name in white on the ink
KIND_BASELINE = 178
TITLE_BASELINE, TITLE_STEP, TITLE_LINES = 262, 68, 4
STATUS_BASELINE, STATUS_STEP = 546, 46  # the status, then the deadline
RULE = 14  # the accent rule at the bottom


@dataclass(frozen=True)
class Text:
    """A line of text to draw: its words, its font, where it starts and in which palette index."""

    words: tuple[str, ...]
    font: tuple[str, int]
    x: int
    baseline: int
    ink: int
    shared: bool = False  # the same on many images (the band, a kind, a status, a deadline): compressed once


@dataclass(frozen=True)
class Card:
    """What one image shows: its lines of text, on the band, the white page and the rule."""

    band: tuple[Text, ...]
    lines: tuple[Text, ...]


_fonts: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}
_advances: dict[tuple[str, int], dict[str, float]] = {}  # by font, each character's and word's advance
_words: dict[tuple[str, int, str], tuple[Any, int, int, int]] = {}  # a word's mask, its offset, height
_stripes: dict[tuple[Any, ...], tuple[bytes, int, int]] = {}  # compressed piece, its Adler-32, raw length
_STRIPE_LIMIT = 5_000  # stripes kept compressed (under 300 at 100x: statuses and deadlines repeat)
_WORD_LIMIT = 20_000  # words kept rendered, past which the cache starts again (2,800 at 100x)


def font(spec: tuple[str, int]) -> ImageFont.FreeTypeFont:
    """The font at this size, loaded once per process (basic layout: Vietnamese in NFC needs no shaping)."""
    if spec not in _fonts:
        _fonts[spec] = ImageFont.truetype(str(FONTS / spec[0]), spec[1], layout_engine=ImageFont.Layout.BASIC)
    return _fonts[spec]


def advance(spec: tuple[str, int], word: str) -> float:
    """How far a word moves the pen: the sum of its characters' advances, which is what the basic
    layout gives (these fonts have no kerning table), without rendering it."""
    advances = _advances.get(spec)
    if advances is None:
        advances = _advances[spec] = {}
    found = advances.get(word)
    if found is None:
        found = 0.0
        for letter in word:
            if letter not in advances:
                advances[letter] = font(spec).getlength(letter)
            found += advances[letter]
        if len(advances) < _WORD_LIMIT:
            advances[word] = found
    return found


def _word(spec: tuple[str, int], word: str) -> tuple[Any, int, int, int]:
    """A word rendered once: its mask, the mask's offset from the word's start on the baseline, its height."""
    key = (*spec, word)
    found = _words.get(key)
    if found is None:
        if len(_words) > _WORD_LIMIT:
            _words.clear()
        mask, (dx, dy) = font(spec).getmask2(word, "L", anchor="ls")
        found = _words[key] = (mask, dx, dy, mask.size[1])
    return found


def width(spec: tuple[str, int], words: Iterable[str]) -> float:
    """How wide the words are, one space between each."""
    words = list(words)
    return sum(advance(spec, w) for w in words) + advance(spec, " ") * (len(words) - 1)


def wrap(text: str, spec: tuple[str, int], limit: int, lines: int) -> list[tuple[str, ...]]:
    """The text's words in at most `lines` lines of at most `limit` pixels; what does not fit is cut
    and "…" ends the last line. A word wider than a line is cut too."""
    words = unicodedata.normalize("NFC", text).split()
    space = advance(spec, " ")
    found: list[list[str]] = []
    used = 0.0  # the width of the last line
    cut = False
    for word in words:
        size = advance(spec, word)
        if found and used + space + size <= limit:
            found[-1].append(word)
            used += space + size
        elif len(found) < lines:
            found.append([word])
            used = size
        else:
            cut = True
            break
    if found and (cut or used > limit):
        last = found[-1]
        while len(last) > 1 and width(spec, [*last[:-1], last[-1] + "…"]) > limit:
            last.pop()
        while len(last[-1]) > 1 and width(spec, [*last[:-1], last[-1] + "…"]) > limit:
            last[-1] = last[-1][:-1]
        last[-1] += "…"
    return [tuple(line) for line in found]


def _draw_stripe(top: int, height: int, background: int, texts: tuple[Text, ...], solid: int | None) -> bytes:
    """The PNG scanlines of rows top..top+height: each row a filter byte (0, none) then 1200 pixels
    at 4 bits. The image is two pixels wider, the first two of every row 0, so that packed two
    pixels a byte they are the filter byte."""
    image = Image.new("P", (WIDTH + 2, height), solid if solid is not None else background)
    draw = ImageDraw.Draw(image)
    for text in texts:
        x = float(text.x + 2)
        space = advance(text.font, " ")
        for word in text.words:
            mask, dx, dy, _ = _word(text.font, word)
            draw.draw.draw_bitmap((round(x) + dx, text.baseline - top + dy), mask, text.ink)
            x += advance(text.font, word) + space
    image.paste(0, (0, 0, 2, height))
    return image.tobytes("raw", "P;4")


def _stripe(
    top: int, height: int, background: int, texts: tuple[Text, ...], solid: int | None = None
) -> tuple[bytes, int, int]:
    """A stripe compressed into a self-contained piece of Deflate stream, its Adler-32 and raw length."""
    raw = _draw_stripe(top, height, background, texts, solid)
    packer = zlib.compressobj(1, zlib.DEFLATED, -15, 9, zlib.Z_RLE)  # runs only: 13% faster, 6% larger
    return packer.compress(raw) + packer.flush(zlib.Z_FULL_FLUSH), zlib.adler32(raw), len(raw)


def _kept(
    top: int, height: int, background: int, texts: tuple[Text, ...], solid: int | None = None
) -> tuple[bytes, int, int]:
    """A stripe that many images share (the band, a blank gap, a kind, a status): compressed once."""
    key = (top, height, background, texts, solid)
    if key not in _stripes:
        if len(_stripes) > _STRIPE_LIMIT:
            _stripes.clear()
        _stripes[key] = _stripe(top, height, background, texts, solid)
    return _stripes[key]


def _adler_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two pieces of data joined, from theirs and the second's length (zlib's adler32_combine)."""
    base = 65521
    rem = length % base
    sum1 = first & 0xFFFF
    sum2 = (rem * sum1) % base
    sum1 += (second & 0xFFFF) + base - 1
    sum2 += ((first >> 16) & 0xFFFF) + ((second >> 16) & 0xFFFF) + base - rem
    return (sum1 % base) | ((sum2 % base) << 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


HEADER = (
    b"\x89PNG\r\n\x1a\n"
    + _chunk(b"IHDR", struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0))
    + _chunk(b"PLTE", PALETTE)
)
END = _chunk(b"IEND", b"")


def _extent(text: Text) -> tuple[int, int]:
    """The rows a line of text covers: from the top of its highest word to the bottom of its lowest."""
    words = [_word(text.font, word) for word in text.words]
    return text.baseline + min(w[2] for w in words), text.baseline + max(w[2] + w[3] for w in words)


def png(card: Card) -> bytes:
    """The PNG of a card. Stripes: the band, then every line of text (lines closer than their
    extent share one stripe), blank gaps between, the rule. A stripe whose texts are all `shared`
    by many images is compressed once per process."""
    pieces: list[tuple[bytes, int, int]] = [_kept(0, BAND, INK, card.band)]
    groups: list[tuple[list[Text], list[int]]] = []  # lines that overlap, and the rows they cover
    for text in sorted(card.lines, key=lambda t: t.baseline):
        top, bottom = _extent(text)
        if groups and top < groups[-1][1][1]:
            groups[-1][0].append(text)
            groups[-1][1][1] = max(groups[-1][1][1], bottom)
        else:
            groups.append(([text], [top, bottom]))
    y = BAND
    for group, (top, bottom) in groups:
        top, bottom = max(y, top), min(HEIGHT - RULE, bottom)
        if bottom <= top:
            continue  # below the page: not drawn
        if top > y:
            pieces.append(_kept(0, top - y, WHITE, ()))
        texts = tuple(group)
        make = _kept if all(t.shared for t in texts) else _stripe
        pieces.append(make(top, bottom - top, WHITE, texts))
        y = bottom
    if y < HEIGHT - RULE:
        pieces.append(_kept(0, HEIGHT - RULE - y, WHITE, ()))
    pieces.append(_kept(0, RULE, WHITE, (), ACCENT))
    adler, data = 1, []
    for piece, checksum, length in pieces:
        adler = _adler_combine(adler, checksum, length)
        data.append(piece)
    stream = b"\x78\x01" + b"".join(data) + b"\x03\x00" + struct.pack(">I", adler)
    return HEADER + _chunk(b"IDAT", stream) + END


def _band(strings: dict[str, Any]) -> tuple[Text, ...]:
    name = wrap(strings["site_name"], SITE_FONT, LINE, 1)
    return tuple(Text(words, SITE_FONT, MARGIN, 64, WHITE, shared=True) for words in name)


def target_scope(record: Record, view: View) -> str:
    """Where a target applies and its value, as its page writes them ("Hải Phòng · trên 95,5%":
    the catalogue's `share.image_scope`, comparators, units and number format); "" for any other
    record."""
    strings, language = view.strings, view.code
    place = record.get("_jurisdiction")
    if record.get("_kind") != "targets" or not place:
        return ""
    value = str(record.get("value") or "")
    if not value:
        return str(place["_label"])
    unit = str(record.get(in_language(record, "unit_en", language)) or "")
    number = view.number(value)
    try:
        one = float(value) == 1
    except ValueError:
        one = False
    form = strings["units"].get(unit, {}).get("one" if one else "other")
    amount = form.format(value=number) if form else strings["words"]["quantity"].format(value=number, unit=unit)
    comparator = strings["comparators"].get(str(record.get("comparator") or ""), "")
    shown = f"{comparator} {amount}" if comparator else amount
    return str(strings["share"]["image_scope"].format(place=place["_label"], value=shown))


def record_card(record: Record, kind: str, title: str, view: View, as_of: str) -> Card:
    """What a record's image shows: its kind and number (a target's: where it applies and its
    value), its title, and its status and deadline where it has them, in the view's language."""
    strings, date = view.strings, view.date
    number = str(record.get(NUMBER) or "")
    scope = target_scope(record, view)
    first = f"{kind} · {number or scope}" if number or scope else kind
    lines = [
        Text(words, TEXT_FONT, MARGIN, KIND_BASELINE, INK, shared=not (number or scope))
        for words in wrap(first, TEXT_FONT, LINE, 1)
    ]
    for n, words in enumerate(wrap(title, TITLE_FONT, LINE, TITLE_LINES)):
        lines.append(Text(words, TITLE_FONT, MARGIN, TITLE_BASELINE + n * TITLE_STEP, INK))
    below = []
    found = record.get("_status")
    if found is not None:  # the status alone on its line (some are long), then when it holds
        below.append((STATUS_FONT, strings["commitment_statuses"][found.code]))
        words = strings["share"]
        when = (
            words["image_deadline"].format(date=date(record["deadline"]), as_of=date(as_of))
            if record.get("deadline")
            else words["image_as_of"].format(as_of=date(as_of))
        )
        below.append((TEXT_FONT, when))
    for n, (spec, text) in enumerate(below):
        for words in wrap(text, spec, LINE, 1):
            lines.append(Text(words, spec, MARGIN, STATUS_BASELINE + n * STATUS_STEP, INK, shared=True))
    return Card(_band(strings), tuple(lines))


def default_card(strings: dict[str, Any]) -> Card:
    """The image of every other page: the site's name, large, and its description below it."""
    name = wrap(strings["site_name"], DEFAULT_FONT, LINE, 2)
    lines = [Text(words, DEFAULT_FONT, MARGIN, 250 + n * 80, INK) for n, words in enumerate(name)]
    below = 250 + (len(name) - 1) * 80 + 90
    lines += [
        Text(words, TEXT_FONT, MARGIN, below + n * 46, INK)
        for n, words in enumerate(wrap(strings["site_description"], STATUS_FONT, LINE, 3))
    ]
    return Card((), tuple(lines))


def title(resource: dict[str, Any], record: Record, language: str) -> str:
    """A record's title: its first non-empty `x-label` field in the language other than its
    official number (which the image shows on its own), else its label."""
    for name in resource.get("x-label", []):
        if name == NUMBER:
            continue
        value = record.get(in_language(record, name, language)) or record.get(name)
        if value:
            return str(value)
    return str(record["_label"])


def path(record: Record) -> str:
    """A record's image, as a site path below its language's root: `share/resolutions/<id>.png`."""
    return f"{FOLDER}/{record['_url'][:-1]}.png"


def cards(
    descriptor: dict[str, Any], kinds: dict[str, list[Record]], view: View, as_of: str
) -> Iterator[tuple[str, Card]]:
    """Every image's site path and card, the default one's first: one per record of every resource
    (each has a page), its kind named as the pages name it (the catalogue's `kinds`, else the
    resource's title). One at a time, so that no more than one is held (at 100x, all of them took
    about 60 MB)."""
    strings, language = view.strings, view.code
    resources = {r["name"]: r for r in descriptor["resources"]}
    yield DEFAULT, default_card(strings)
    for kind, records in kinds.items():
        name = strings["kinds"].get(kind) or resources[kind].get("title") or kind
        for record in records:
            yield path(record), record_card(record, name, title(resources[kind], record, language), view, as_of)


def _version() -> str:
    """What else decides an image's bytes: the fonts' files, the layout, Pillow and zlib."""
    digest = hashlib.sha256()
    for name in (REGULAR, BOLD):
        digest.update((FONTS / name).read_bytes())
    digest.update(f"{LAYOUT} {PIL.__version__} {zlib.ZLIB_RUNTIME_VERSION}".encode())
    return digest.hexdigest()


def _key(card: Card, version: str) -> str:
    return hashlib.sha256(repr((version, card)).encode("utf-8")).hexdigest()[:24]


EACH_LANGUAGE = True


def write(run: Run) -> int:
    """Every share image of the run's language into `run.embeds` (none without it), cached beside
    its pages' folder (build/docs/.share-cache); how many were drawn."""
    if run.embeds is None:
        return 0
    kinds = run.data["kinds"]
    return draw(run.package.descriptor, kinds, run.view, run.data["today"], run.embeds, run.docs.parent / CACHE)


def draw(
    descriptor: dict[str, Any], kinds: dict[str, list[Record]], view: View, as_of: str, out: Path, cache: Path
) -> int:
    """Write every record's image and the default one into out (`out/share/...`, emptied first),
    from the cache (`cache/<language>/<hash>.png`) where they were drawn before; delete the cache's
    entries this build did not use. Return how many images were drawn (not found in the cache)."""
    shutil.rmtree(out / FOLDER, ignore_errors=True)
    version = _version()
    folder = cache / view.code
    folder.mkdir(parents=True, exist_ok=True)
    present = set(os.listdir(folder))
    used: set[str] = set()
    drawn = 0
    made: set[Path] = set()
    for where, card in cards(descriptor, kinds, view, as_of):
        name = f"{_key(card, version)}.png"
        stored = folder / name
        target = untrusted.within(out, where)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if name in present:
            _link(stored, target)
        else:
            target.write_bytes(png(card))
            _link(target, stored)  # the cache's entry appears whole, or not at all
            present.add(name)
            drawn += 1
        used.add(name)
    for name in present - used:
        (folder / name).unlink(missing_ok=True)
    return drawn


def _link(source: Path, target: Path) -> None:
    """The file at target too: a hard link where the file system allows, else a copy renamed into place."""
    try:
        os.link(source, target)
    except OSError:
        partial = target.with_suffix(".partial")
        shutil.copyfile(source, partial)
        partial.replace(target)
