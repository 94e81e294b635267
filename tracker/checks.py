"""The rules frictionless cannot express, run on the tables as read by tracker.load.

Each check takes the loaded package and yields Problems. They only read, and they tolerate
missing columns (the structural checks report those before these run).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from tracker import catalogue, dates, untrusted
from tracker.load import Package, Table, flagged, free_text, is_true, one_of, printed, references, setter
from tracker.problems import Problem

Check = Callable[[Package], Iterator[Problem]]


def cells(table: Table, column: str) -> Iterator[tuple[int, str]]:
    for line, row in table.numbered():
        if column in row:
            yield line, row[column]


def items(value: str) -> list[str]:
    return value.split(";") if value else []


def ids(table: Table) -> dict[str, dict[str, str]]:
    return {row.get("id", ""): row for row in table.rows}


def text_is_clean(package: Package) -> Iterator[Problem]:
    """Every cell: NFC Unicode, no spaces around it, no line breaks or control characters, no
    invisible character (`untrusted.invisible`: zero-width, bidi controls, ...) unless its field
    names it in `x-format-characters`; and no text a spreadsheet would run as a formula, unless it
    is a value the field's enum allows (the comparator "=")."""
    for table in package.tables.values():
        fields = {f["name"]: f for f in package.fields(table.name)}
        allowed = {name: untrusted.allowed_characters(f) for name, f in fields.items()}
        for line, row in table.numbered():
            for column, value in row.items():
                message = _unclean(value, fields.get(column, {}), allowed.get(column, frozenset()))
                if message:
                    yield Problem(table.path, line, column, value, message)


def _unclean(value: str, fld: dict[str, Any], allowed: frozenset[str]) -> str | None:
    if not unicodedata.is_normalized("NFC", value):
        return "is not in Unicode NFC form (re-save it as NFC: composed Vietnamese diacritics)"
    if value != value.strip():
        return "has spaces at the start or end (remove them)"
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        return "contains a line break or a control character (keep the value on one line)"
    if char := untrusted.invisible(value, allowed):
        return f"contains the invisible character {char}, which hides or reorders what is shown (delete it)"
    text = fld.get("type", "string") == "string"
    if text and untrusted.is_formula(value) and value not in fld.get("constraints", {}).get("enum", []):
        return (
            f"starts with {value[0]!r}, which a spreadsheet opening the file would run as a formula "
            "(reword it to start with a letter, a digit or a quotation mark)"
        )
    return None


def patterns_match(package: Package) -> Iterator[Problem]:
    """Every filled cell of a field with a pattern matches it whole, as Table Schema says; matched by
    RE2 in linear time (frictionless, which would use Python's backtracking `re`, is not given them)."""
    for table in package.tables.values():
        for fld in package.fields(table.name):
            pattern = fld.get("constraints", {}).get("pattern")
            regexp = untrusted.compiled(pattern) if isinstance(pattern, str) else None
            if regexp is None:
                continue
            expected = fld.get("x-expected")
            message = f"is not {expected}" if expected else f"does not match the pattern {pattern}"
            for line, value in cells(table, fld["name"]):
                if value and not regexp.fullmatch(value):
                    yield Problem(table.path, line, fld["name"], value, message)


def numbers_are_finite(package: Package) -> Iterator[Problem]:
    """A number is digits, maybe a minus sign and a decimal part with a dot: frictionless also takes
    INF, NaN and 1e400 (which is infinite), which no download or page can show as a figure."""
    for table in package.tables.values():
        for fld in package.fields(table.name):
            if fld.get("type") in ("number", "integer"):
                for line, value in cells(table, fld["name"]):
                    if value and not PLAIN_NUMBER.fullmatch(value):
                        message = "is not a number (expected digits with a dot as decimal separator, e.g. 95.5)"
                        yield Problem(table.path, line, fld["name"], value, message)


PLAIN_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


def ids_are_safe(package: Package) -> Iterator[Problem]:
    """A record's id names its page, feed, card and image files: one short path segment, not a name
    the site reserves in a folder (`untrusted.segment_problem`), and unique in its resource once
    lowercased, as its address is (whatever the schema's pattern says)."""
    for table in package.tables.values():
        seen: dict[str, tuple[int, str]] = {}
        for line, value in cells(table, "id"):
            why = untrusted.segment_problem(value)
            if why:
                yield Problem(table.path, line, "id", value, why)
                continue
            first_line, first = seen.setdefault(value.lower(), (line, value))
            if first != value:  # the same id twice is the schema's "unique" problem
                message = f"makes the same address as {first} on line {first_line} (ids must differ in more than case)"
                yield Problem(table.path, line, "id", value, message)


def dates_are_real(package: Package) -> Iterator[Problem]:
    """Partial dates are real calendar dates, and a date marked `x-not-after-today` (a document
    issued, an article published, a baseline measured) is not in the future."""
    today = date.today()
    for table in package.tables.values():
        past_only = flagged(package.resource(table.name), "x-not-after-today")
        for fld in package.fields(table.name):
            if fld.get("constraints", {}).get("pattern") != dates.PATTERN:
                continue
            for line, value in cells(table, fld["name"]):
                if not value:
                    continue
                span = dates.period(value)
                if span is None:
                    yield Problem(
                        table.path, line, fld["name"], value, "is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
                    )
                elif fld["name"] in past_only and span[0] > today:
                    yield Problem(
                        table.path, line, fld["name"], value, f"is in the future (today is {today.isoformat()})"
                    )


def list_references_hold(package: Package) -> Iterator[Problem]:
    """Semicolon-separated lists of ids: no empty or repeated item, every item an existing id."""
    for table in package.tables.values():
        for name, reference in references(package.resource(table.name)).items():
            target = reference.resource
            if not reference.is_list or target not in package.tables:
                continue
            known = ids(package.tables[target])
            for line, value in cells(table, name):
                seen: set[str] = set()
                for item in items(value):
                    if not item:
                        yield Problem(
                            table.path,
                            line,
                            name,
                            value,
                            "has an empty item (separate ids with a single ';', no spaces)",
                        )
                    elif item in seen:
                        yield Problem(table.path, line, name, item, "is listed twice")
                    elif item not in known:
                        yield Problem(
                            table.path,
                            line,
                            name,
                            item,
                            f"is not the id of any row in {package.tables[target].path}",
                        )
                    seen.add(item)


def urls_are_web_links(package: Package) -> Iterator[Problem]:
    """Source URLs are absolute http(s) links, and no two sources share one."""
    table = package.tables["sources"]
    first: dict[str, int] = {}
    for line, value in cells(table, "url"):
        if not value:
            continue
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
            yield Problem(table.path, line, "url", value, "is not an http(s) URL (expected https://…)")
            continue
        key = f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}"
        if key in first:
            yield Problem(
                table.path, line, "url", value, f"is the same URL as the source on line {first[key]} (merge the two)"
            )
        else:
            first[key] = line


def sources_are_identified_and_cited(package: Package) -> Iterator[Problem]:
    """Every source has a link or a printed headline, and every source is cited by a record.

    A record cites a source through any field that refers to the sources (a foreign key such as a
    target's `source`, or a list such as a resolution's `sources`), in any resource."""
    table = package.tables["sources"]
    cited: set[str] = set()
    for name, other in package.tables.items():
        for column, reference in references(package.resource(name)).items():
            if reference.resource == "sources":
                for _, value in cells(other, column):
                    cited.update(items(value) if reference.is_list else [value])
    for line, row in table.numbered():
        if not row.get("url") and not row.get("title"):
            yield Problem(
                table.path,
                line,
                "url",
                "",
                "is empty and so is title: a source needs a link or the article's printed headline",
            )
        if row.get("id") and row["id"] not in cited:
            yield Problem(table.path, line, "id", row["id"], "is not cited by any record (cite it or remove it)")


def sources_are_named(package: Package) -> Iterator[Problem]:
    """A record the tracker cannot name (a source with no URL, no outlet or no date) says why: for
    each field of its resource's `x-named-by` that is empty, every `notes_*` column mentions one of
    the words given for it (a source's notes say "URL", "outlet" or "date", in either language)."""
    for table in package.tables.values():
        named_by = package.resource(table.name).get("x-named-by") or {}
        notes = [c for c in table.header if c.startswith("notes_")]
        for line, row in table.numbered():
            for column, words in named_by.items():
                if row.get(column) or column not in row:
                    continue
                note = _silent_note(row, notes, words)
                if note:
                    message = (
                        f"is empty and {note} does not say why (mention {' or '.join(repr(w) for w in words)}: "
                        "a source the tracker cannot name needs notes that explain it)"
                    )
                    yield Problem(table.path, line, column, "", message)


def _silent_note(row: dict[str, str], notes: list[str], words: list[str]) -> str | None:
    """The first of the row's `notes_*` columns that mentions none of the words (any case), if any."""
    return next((n for n in notes if not any(w.lower() in row.get(n, "").lower() for w in words)), None)


def inferences_are_explained(package: Package) -> Iterator[Problem]:
    """A row whose flag in its resource's `x-inferred` is true (a progress report, or a task's
    output, linked to its commitment by the tracker's inference) says so in every `notes_*` column,
    with one of the words given for the flag ("Inference", "Suy luận"); a flag named `X_inferred`
    marks field X, which must then be filled. An inferred report is never `done`
    (`progress_is_reported`), and an inferred output never makes a task achieved (`status.assess`)."""
    for table in package.tables.values():
        marks = package.resource(table.name).get("x-inferred") or {}
        fields = {f["name"]: f for f in package.fields(table.name)}
        notes = [c for c in table.header if c.startswith("notes_")]
        for line, row in table.numbered():
            for column, words in marks.items():
                if not is_true(fields.get(column, {}), row.get(column, "")):
                    continue
                marked = column.removesuffix("_inferred")
                if marked != column and marked in row and not row[marked]:
                    message = f"is true but {marked} is empty (only a filled {marked} can be linked by inference)"
                    yield Problem(table.path, line, column, row[column], message)
                note = _silent_note(row, notes, words)
                if note:
                    message = (
                        f"is true but {note} does not say so (mention {' or '.join(repr(w) for w in words)}: "
                        "say what the tracker inferred and why)"
                    )
                    yield Problem(table.path, line, column, row[column], message)


def translations_are_explained(package: Package) -> Iterator[Problem]:
    """A source read in translation (original_language filled and not its language) has notes."""
    table = package.tables["sources"]
    for line, row in table.numbered():
        original = row.get("original_language", "")
        if original and original != row.get("language", "") and not row.get("notes_en"):
            yield Problem(
                table.path,
                line,
                "notes_en",
                "",
                f"is empty but the source is a translation (language {row.get('language', '')}, "
                f"original_language {original}): say where the translation comes from",
            )


def printed_texts_say_whose(package: Package) -> Iterator[Problem]:
    """For a resource with `x-printed` (sources: a headline), each translated column of the printed
    field (`title_vi`, `title_en`, any `title_ll`) is the printed text (`title`) when the copy read
    is in that language (`language`) and prints one; any other is the tracker's (a translation, or
    a description of an untitled article) and is in square brackets, so that every page, card and
    citation that names it shows it as the tracker's."""
    for name, table in package.tables.items():
        rule = printed(package.resource(name))
        if rule is None:
            continue
        codes = translated_columns(package.fields(name)).get(rule.field, [])
        for line, row in table.numbered():
            text = row.get(rule.field, "")
            for code in codes:
                column, value = f"{rule.field}_{code}", row.get(f"{rule.field}_{code}", "")
                if not value:
                    continue
                if text and row.get(rule.language, "") == code:
                    if value != text:
                        message = f"is not the {rule.noun} as printed ({rule.field})"
                        yield Problem(table.path, line, column, value, message)
                elif not (value.startswith("[") and value.endswith("]")):
                    message = (
                        f"is the tracker's {rule.noun} (the copy read is not in this language or prints "
                        "none): put it in square brackets"
                    )
                    yield Problem(table.path, line, column, value, message)


def _and(names: list[str]) -> str:
    """Names joined as "a", "a and b" or "a, b and c"."""
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def exactly_one_is_filled(package: Package) -> Iterator[Problem]:
    """Each row fills exactly one field of each `x-one-of` group of its schema (a target or a task is
    set by exactly one record, a progress report is about exactly one)."""
    for name, table in package.tables.items():
        for group in one_of(package.resource(name)):
            columns = group.fields
            for line, row in table.numbered():
                filled = [c for c in columns if row.get(c)]
                if len(filled) > 1:
                    verb = "is" if len(filled) == 2 else "are"
                    message = f"is filled and so {verb} {_and(filled[1:])}: {group.rule}, keep one"
                    yield Problem(table.path, line, filled[0], row[filled[0]], message)
                elif not filled:
                    verb = "is" if len(columns) == 2 else "are"
                    message = f"is empty and so {verb} {_and(list(columns[1:]))}: fill one with {group.what}"
                    yield Problem(table.path, line, columns[0], None, message)


def setters_come_first(package: Package) -> Iterator[Problem]:
    """A target or a task set by a local plan applies where the plan does, and its deadline is not
    before the date of the document or event that sets it (partial dates compared as periods).

    The fields that name what sets a record are those of its `x-one-of` groups that refer to a
    resource with an `x-setter`: its date field, what a message calls it and, when what it sets
    applies where it does, what a message calls it then."""
    dated = {r["name"]: found for r in package.descriptor["resources"] if (found := setter(r)) is not None}
    for name, table in package.tables.items():
        links = references(package.resource(name))
        columns = [c for group in one_of(package.resource(name)) for c in group.fields]
        setters = {
            column: (links[column].resource, ids(package.tables[links[column].resource]))
            for column in columns
            if column in links and links[column].resource in dated and links[column].resource in package.tables
        }
        if not setters:
            continue
        for line, row in table.numbered():
            found = [(kind, rows[row[c]]) for c, (kind, rows) in setters.items() if row.get(c) and row[c] in rows]
            if not found:
                continue
            for kind, record in found:
                jurisdiction, where, called = (
                    row.get("jurisdiction"),
                    record.get("jurisdiction"),
                    dated[kind].jurisdiction,
                )
                if called and jurisdiction and jurisdiction != where:
                    message = f"differs from the jurisdiction of {called} {record.get('id')} ({where})"
                    yield Problem(table.path, line, "jurisdiction", jurisdiction, message)
            kind, record = found[0]
            column, noun = dated[kind].date, dated[kind].noun
            deadline = dates.period(row.get("deadline", ""))
            start = dates.period(record.get(column, ""))
            if deadline and start and deadline[1] < start[0]:
                yield Problem(
                    table.path,
                    line,
                    "deadline",
                    row["deadline"],
                    f"is before the date of the {noun} that sets it ({record[column]})",
                )


def targets_are_consistent(package: Package) -> Iterator[Problem]:
    """A target is quantified fully or not at all, a percentage lies between 0 and 100, and a
    baseline has both its value and its date."""
    table = package.tables["targets"]
    for line, row in table.numbered():
        yield from _quantity(table, line, row)


def _quantity(table: Table, line: int, row: dict[str, str]) -> Iterator[Problem]:
    comparator, value, unit = row.get("comparator", ""), row.get("value", ""), row.get("unit_en", "")
    if value and not (comparator and unit):
        missing = "comparator" if not comparator else "unit_en"
        yield Problem(
            table.path,
            line,
            missing,
            "",
            "is empty but value is filled (a quantified target needs comparator, value and unit)",
        )
    elif not value and (comparator or unit):
        column = "comparator" if comparator else "unit_en"
        yield Problem(
            table.path,
            line,
            column,
            row[column],
            "is filled but value is empty (leave all three empty when the source gives no number)",
        )
    for column in ("value", "baseline_value"):
        number = _number(row.get(column, ""))
        if unit == "%" and number is not None and not 0 <= number <= 100:
            yield Problem(table.path, line, column, row[column], "is not a percentage between 0 and 100")
    if bool(row.get("baseline_value")) != bool(row.get("baseline_date")):
        column = "baseline_date" if row.get("baseline_value") else "baseline_value"
        yield Problem(table.path, line, column, "", "is empty: baseline_value and baseline_date go together")


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def local_plans_are_local(package: Package) -> Iterator[Problem]:
    """A local plan applies to a province or city, and its issuer belongs there."""
    table = package.tables["local_plans"]
    issuers = ids(package.tables["issuers"])
    for line, row in table.numbered():
        jurisdiction = row.get("jurisdiction", "")
        if jurisdiction == "VN":
            yield Problem(
                table.path,
                line,
                "jurisdiction",
                jurisdiction,
                "is the whole country: national documents belong in resolutions.csv",
            )
        issuer = issuers.get(row.get("issuer", ""))
        if issuer and jurisdiction and issuer.get("jurisdiction") != jurisdiction:
            yield Problem(
                table.path,
                line,
                "issuer",
                row["issuer"],
                f"belongs to {issuer.get('jurisdiction')}, not to the plan's jurisdiction {jurisdiction}",
            )


def implements_is_acyclic(package: Package) -> Iterator[Problem]:
    """No central document implements itself, directly or through others."""
    table = package.tables["resolutions"]
    graph = {row.get("id", ""): items(row.get("implements", "")) for row in table.rows}
    for line, row in table.numbered():
        start = row.get("id", "")
        stack, seen = list(graph.get(start, [])), set()
        while stack:
            node = stack.pop()
            if node == start:
                yield Problem(
                    table.path,
                    line,
                    "implements",
                    row.get("implements", ""),
                    f"leads back to {start} itself (a document cannot implement itself)",
                )
                break
            if node not in seen:
                seen.add(node)
                stack.extend(graph.get(node, []))


def excerpts_are_attached(package: Package) -> Iterator[Problem]:
    """An excerpt concerns at least one record (one of its lists of ids is filled) and is in its
    source's language."""
    table = package.tables["news_excerpts"]
    sources = ids(package.tables["sources"])
    lists = [name for name, reference in references(package.resource("news_excerpts")).items() if reference.is_list]
    for line, row in table.numbered():
        if lists and not any(row.get(c) for c in lists):
            yield Problem(
                table.path,
                line,
                lists[0],
                "",
                f"is empty, and so {'is' if len(lists) == 2 else 'are'} {_and(lists[1:])}: "
                "an excerpt concerns at least one record",
            )
        source = sources.get(row.get("source", ""))
        if source and row.get("language") and source.get("language") != row["language"]:
            yield Problem(
                table.path,
                line,
                "language",
                row["language"],
                f"differs from the language of source {row['source']} ({source.get('language')})",
            )


# The letters of a language that English does not use: a text in that language has at least one
# (Vietnamese: ă â đ ê ô ơ ư, and the five tone marks on any vowel, in either case).
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below
LETTERS: dict[str, frozenset[str]] = {
    "vi": frozenset(
        {unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy" for tone in _TONES} | set("ăâđêôơư")
    ),
}
LANGUAGES = {"vi": "Vietnamese", "en": "English"}
ENGLISH = "en"


def translated_columns(fields: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The stems of the columns written in several languages, each with its language codes in
    schema order: `X_en` and at least one other `X_ll` (ll two lowercase letters)."""
    found: dict[str, list[str]] = {}
    for fld in fields:
        stem, _, code = str(fld.get("name", "")).rpartition("_")
        if stem and len(code) == 2 and code.isascii() and code.isalpha() and code.islower():
            found.setdefault(stem, []).append(code)
    return {stem: codes for stem, codes in found.items() if ENGLISH in codes and len(codes) > 1}


def _language(code: str) -> str:
    return LANGUAGES.get(code, code)


def _readers_text(package: Package, name: str) -> dict[str, list[str]]:
    """The text a resource writes for readers in several languages: each group `X_en`, `X_ll`
    (`translated_columns`) with the language codes of its columns that are free text and not a quote."""
    fields = {f["name"]: f for f in package.fields(name)}
    groups = {
        stem: [c for c in codes if free_text(fields[f"{stem}_{c}"]) and not fields[f"{stem}_{c}"].get("x-quote")]
        for stem, codes in translated_columns(list(fields.values())).items()
    }
    return {stem: codes for stem, codes in groups.items() if codes}


def human_text_names_no_ids(package: Package) -> Iterator[Problem]:
    """Text written for readers (every column of a group `X_en`, `X_ll` that is free text, not a
    quote) names records and columns in words: it holds no record id (a lowercase slug with a
    hyphen or an underscore; a code such as the ISO 3166-2 VN-02 means something to a reader) and no
    column name with an underscore, which a reader would see raw on the page. One problem per cell,
    the first id or name found."""
    ids = {r.get("id", "") for table in package.tables.values() for r in table.rows}
    names = {f["name"] for table in package.tables.values() for f in package.fields(table.name)}
    slugs = {w for w in ids if ("-" in w or "_" in w) and w == w.lower()}  # not a code such as VN-02
    words = slugs | {n for n in names if "_" in n}
    if not words:
        return
    # Each whole token (a maximal run of letters, digits, "_" and "-", not inside a path or a file
    # name) looked up in a set: linear in the text, whatever the number of ids.
    tokens = re.compile(r"(?<![\w/.-])[\w-]+")
    for table in package.tables.values():
        text = {f"{stem}_{code}" for stem, codes in _readers_text(package, table.name).items() for code in codes}
        for line, row in table.numbered():
            for column in sorted(text & set(row)):
                word = next((m.group(0) for m in tokens.finditer(row[column]) if m.group(0) in words), None)
                if word:
                    what = "column name" if word in names else "record id"
                    message = f"mentions the {what} {word!r} (say it in words: a number, a title, a few words)"
                    yield Problem(table.path, line, column, row[column], message)


def vietnamese_is_translated(package: Package) -> Iterator[Problem]:
    """Every group of columns `X_vi`, `X_en` (any `X_ll` with an `X_en`) of every resource, read from
    the schema: all filled or all empty; a text in another language than English not a copy of its
    English twin and, for a language with letters of its own (Vietnamese), written with at least one
    of them. A field with `x-may-equal-english` is exempt from the last two (a place name such as
    Gia Lai, a unit such as %). One problem per cell, the first that applies."""
    for name, table in package.tables.items():
        fields = {fld["name"]: fld for fld in package.fields(name) if "name" in fld}
        groups = translated_columns(list(fields.values()))
        for line, row in table.numbered():
            for stem, codes in groups.items():
                values = {code: row.get(f"{stem}_{code}", "") for code in codes}
                filled = [code for code in codes if values[code]]
                for code in codes:
                    column, value = f"{stem}_{code}", values[code]
                    if not value:
                        if filled:
                            message = f"is empty but {stem}_{filled[0]} is filled (write it in {_language(code)} too)"
                            yield Problem(table.path, line, column, "", message)
                        continue
                    if code == ENGLISH or fields[column].get("x-may-equal-english", False):
                        continue
                    if value == values[ENGLISH]:
                        message = f"is the same as {stem}_{ENGLISH} (write it in {_language(code)})"
                        yield Problem(table.path, line, column, value, message)
                    elif code in LETTERS and LETTERS[code].isdisjoint(unicodedata.normalize("NFC", value).lower()):
                        message = (
                            f"is not {_language(code)}: it has no {_language(code)} letter "
                            f"(write it in {_language(code)})"
                        )
                        yield Problem(table.path, line, column, value, message)


# A quotation inside a text ("…", “…”, «…») is the source's words, which a translation may render in
# other words or leave in the original language: its numbers are compared in neither text.
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
ROMAN = re.compile(r"\b(?=[XVI]{2,}\b)X{0,3}(?:IX|IV|V?I{0,3})\b")  # XV (the 15th National Assembly)
SMALLEST = 10  # below this, a number is as often a word ("four months") as digits: not compared


def _reader(prose: dict[str, Any]) -> Callable[[str], set[float]]:
    """How to read the numbers in a text of a language, from its catalogue's `prose` section. Each
    number is taken with its scale ("88.635 tỷ", "VND 88,635 billion"); a month name counts as its
    number; a Roman numeral of two letters or more as its value."""
    group_mark = prose.get("group", ",")
    group, decimal = re.escape(group_mark), re.escape(prose.get("decimal", "."))
    scales = {word.lower(): factor for word, factor in (prose.get("scales") or {}).items()}
    words = "|".join(map(re.escape, sorted(scales, key=len, reverse=True))) or "(?!)"
    number = re.compile(
        rf"(?<![\w.,])(\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(\d+))?(?!\d)(?:\s+({words})(?!\w))?", re.I
    )
    not_scales = [phrase.lower() for phrase in prose.get("not_scales") or []]
    months = {name.lower(): index for index, name in enumerate(prose.get("months") or [], 1)}
    month = re.compile(r"\b(" + "|".join(map(re.escape, months)) + r")\b", re.I) if months else None

    def read(text: str) -> set[float]:
        text = QUOTED.sub(" ", text)
        found: set[float] = set()
        for match in number.finditer(text):
            whole, fraction, scale = match.groups()
            value = float(whole.replace(group_mark, "") + ("." + fraction if fraction else ""))
            if scale and not any(text[match.start(3) :].lower().startswith(p) for p in not_scales):
                value *= scales[scale.lower()]
            found.add(round(value, 6))
        found |= {float(months[m.group(1).lower()]) for m in month.finditer(text)} if month else set()
        found |= {float(_roman(m.group(0))) for m in ROMAN.finditer(text) if m.group(0)}
        return {value for value in found if value >= SMALLEST}

    return read


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for here, after in zip(numeral, [*numeral[1:], ""], strict=True):
        total += -values[here] if after and values[after] > values[here] else values[here]
    return total


def _shown(numbers: set[float]) -> str:
    return ", ".join(f"{n:g}" if n < 1e6 else f"{n:,.0f}" for n in sorted(numbers))


def numbers_agree(package: Package) -> Iterator[Problem]:
    """A text and its English twin (every free-text group `X_ll`, `X_en` that is not a quote) give
    the same numbers and dates: the numbers of 10 or more each contains, read as its language writes
    them (`_reader`), quotations left out, are the same. One problem per pair, on the non-English cell."""
    readers = {code: _reader(catalogue.read(code).get("prose") or {}) for code in catalogue.codes()}
    english = readers.get(ENGLISH)
    if english is None:
        return
    for table in package.tables.values():
        groups = {
            stem: [c for c in codes if c != ENGLISH and c in readers]
            for stem, codes in _readers_text(package, table.name).items()
            if ENGLISH in codes
        }
        for line, row in table.numbered():
            for stem, codes in groups.items():
                theirs = english(row.get(f"{stem}_{ENGLISH}", ""))
                for code in codes:
                    column = f"{stem}_{code}"
                    ours = readers[code](row.get(column, ""))
                    if ours == theirs:
                        continue
                    parts = [f"{_shown(ours - theirs)} only here"] if ours - theirs else []
                    parts += [f"{_shown(theirs - ours)} only in {stem}_{ENGLISH}"] if theirs - ours else []
                    message = (
                        f"gives other numbers or dates than {stem}_{ENGLISH} ({'; '.join(parts)}): a text and its "
                        "translation state the same facts (write a number of 10 or more, a year or a day the same "
                        "in both, or put a quotation in quotation marks)"
                    )
                    yield Problem(table.path, line, column, row.get(column, ""), message)
                    break


def positions_are_dated(package: Package) -> Iterator[Problem]:
    """A person's position_date is filled if and only if a position is."""
    table = package.tables["people"]
    for line, row in table.numbered():
        position = [c for c in ("position_vi", "position_en") if row.get(c)]
        dated = row.get("position_date", "")
        if position and not dated:
            message = f"is empty but {position[0]} is filled (say when the source gives the position)"
            yield Problem(table.path, line, "position_date", "", message)
        elif dated and not position:
            message = "is filled but position_vi and position_en are empty (a date goes with a position)"
            yield Problem(table.path, line, "position_date", dated, message)


def nothing_happens_after_release(package: Package) -> Iterator[Problem]:
    """What has happened (an event, a position, a progress report: a field marked
    `x-not-after-release`) is not dated after the release date (the day of the descriptor's
    `created`): a partial date is an error only when its period starts after it."""
    release = dates.release_date(package.descriptor)
    if release is None:
        return
    message = f'is after the package\'s release date ({release.isoformat()}, the day of "created" in datapackage.json)'
    for name, table in package.tables.items():
        for column in flagged(package.resource(name), "x-not-after-release"):
            for line, value in cells(table, column):
                span = dates.period(value)
                if span and span[0] > release:
                    yield Problem(table.path, line, column, value, message)


def progress_is_reported(package: Package) -> Iterator[Problem]:
    """A `done` report (what makes a task or target achieved) quotes and cites its source; a value is
    reported only on a target with a unit (a task has none), and a percentage lies between 0 and 100."""
    table = package.tables["progress"]
    targets = ids(package.tables["targets"])
    fields = {f["name"]: f for f in package.fields("progress")}
    inferred = list(package.resource("progress").get("x-inferred") or {})
    for line, row in table.numbered():
        for column in inferred if row.get("status") == "done" else []:
            if is_true(fields.get(column, {}), row.get(column, "")):
                message = (
                    "is done but the report is linked by inference: an achieved status needs evidence that is "
                    "not an inference (record it as in progress, or cite a source that reports the work done)"
                )
                yield Problem(table.path, line, "status", "done", message)
        if row.get("status") == "done":
            for column in ("source_wording", "source"):
                if not row.get(column):
                    message = (
                        "is empty but status is done: a task or target counts as achieved only on a report "
                        "that quotes and cites its source"
                    )
                    yield Problem(table.path, line, column, "", message)
        value, target_id = row.get("value", ""), row.get("target_id", "")
        target = targets.get(target_id) if target_id else None
        if not value:
            continue
        if row.get("task_id"):
            message = f"is filled but the report is on task {row['task_id']}: a task has no value (leave it empty)"
            yield Problem(table.path, line, "value", value, message)
        elif target is not None and not target.get("unit_en"):
            message = f"is filled but target {target_id} has no unit (a value needs a quantified target)"
            yield Problem(table.path, line, "value", value, message)
        elif target is not None and target.get("unit_en") == "%":
            number = _number(value)
            if number is not None and not 0 <= number <= 100:
                yield Problem(table.path, line, "value", value, "is not a percentage between 0 and 100")


# The rules that keep untrusted data contained, which every package is held to, a release too;
# the first two stand in for frictionless's own (the patterns it is not given, the numbers it
# would take), so they run before it and their message is the one kept for a cell.
SAFETY: list[Check] = [patterns_match, numbers_are_finite, text_is_clean, ids_are_safe]
BEFORE_FRICTIONLESS = SAFETY[:2]

CHECKS: list[Check] = [
    *SAFETY,
    dates_are_real,
    list_references_hold,
    urls_are_web_links,
    sources_are_identified_and_cited,
    sources_are_named,
    inferences_are_explained,
    translations_are_explained,
    printed_texts_say_whose,
    exactly_one_is_filled,
    setters_come_first,
    targets_are_consistent,
    local_plans_are_local,
    implements_is_acyclic,
    excerpts_are_attached,
    vietnamese_is_translated,
    human_text_names_no_ids,
    numbers_agree,
    positions_are_dated,
    nothing_happens_after_release,
    progress_is_reported,
]
