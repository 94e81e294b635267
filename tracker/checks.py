"""The rules frictionless cannot express, run on the tables as read by tracker.load.

Each check takes the loaded package and yields Problems. They only read, and they tolerate
missing columns (the structural checks report those before these run).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import urlsplit

from tracker import dates
from tracker.load import Package, Table, references
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
    """Every cell: NFC Unicode, no spaces around it, no line breaks or control characters."""
    for table in package.tables.values():
        for line, row in table.numbered():
            for column, value in row.items():
                if not unicodedata.is_normalized("NFC", value):
                    yield Problem(
                        table.path,
                        line,
                        column,
                        value,
                        "is not in Unicode NFC form (re-save it as NFC: composed Vietnamese diacritics)",
                    )
                elif value != value.strip():
                    yield Problem(table.path, line, column, value, "has spaces at the start or end (remove them)")
                elif any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
                    yield Problem(
                        table.path,
                        line,
                        column,
                        value,
                        "contains a line break or a control character (keep the value on one line)",
                    )


def dates_are_real(package: Package) -> Iterator[Problem]:
    """Partial dates are real calendar dates, and what has happened is not in the future."""
    today = date.today()
    past_only = {"date_issued", "published", "baseline_date"}
    for table in package.tables.values():
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
    """Every source has a link or a printed headline, and every source is cited by a record."""
    table = package.tables["sources"]
    cited: set[str] = set()
    for name in ("resolutions", "local_plans"):
        for _, value in cells(package.tables[name], "sources"):
            cited.update(items(value))
    for name in ("targets", "news_excerpts"):
        cited.update(value for _, value in cells(package.tables[name], "source"))
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


def translations_are_explained(package: Package) -> Iterator[Problem]:
    """A source read in translation (original_language filled and not its language) has notes."""
    table = package.tables["sources"]
    for line, row in table.numbered():
        original = row.get("original_language", "")
        if original and original != row.get("language", "") and not row.get("notes"):
            yield Problem(
                table.path,
                line,
                "notes",
                "",
                f"is empty but the source is a translation (language {row.get('language', '')}, "
                f"original_language {original}): say where the translation comes from",
            )


def targets_are_consistent(package: Package) -> Iterator[Problem]:
    """A target: set by exactly one document, quantified fully or not at all, due after it is set."""
    table = package.tables["targets"]
    resolutions = ids(package.tables["resolutions"])
    plans = ids(package.tables["local_plans"])
    for line, row in table.numbered():
        resolution, plan = row.get("resolution_id", ""), row.get("local_plan_id", "")
        if resolution and plan:
            message = "is filled and so is local_plan_id: a target is set by exactly one document, keep one"
            yield Problem(table.path, line, "resolution_id", resolution, message)
        elif not resolution and not plan:
            message = "is empty and so is local_plan_id: fill one with the id of the document that sets the target"
            yield Problem(table.path, line, "resolution_id", None, message)
        yield from _quantity(table, line, row)
        document = resolutions.get(resolution) or plans.get(plan)
        if document is None:
            continue
        if plan in plans and row.get("jurisdiction") and row["jurisdiction"] != plans[plan].get("jurisdiction"):
            yield Problem(
                table.path,
                line,
                "jurisdiction",
                row["jurisdiction"],
                f"differs from the jurisdiction of local plan {plan} ({plans[plan].get('jurisdiction')})",
            )
        deadline = dates.period(row.get("deadline", ""))
        issued = dates.period(document.get("date_issued", ""))
        if deadline and issued and deadline[1] < issued[0]:
            yield Problem(
                table.path,
                line,
                "deadline",
                row["deadline"],
                f"is before the date of the document that sets it ({document['date_issued']})",
            )


def _quantity(table: Table, line: int, row: dict[str, str]) -> Iterator[Problem]:
    comparator, value, unit = row.get("comparator", ""), row.get("value", ""), row.get("unit", "")
    if value and not (comparator and unit):
        missing = "comparator" if not comparator else "unit"
        yield Problem(
            table.path,
            line,
            missing,
            "",
            "is empty but value is filled (a quantified target needs comparator, value and unit)",
        )
    elif not value and (comparator or unit):
        column = "comparator" if comparator else "unit"
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
    """An excerpt concerns at least one record and is in its source's language."""
    table = package.tables["news_excerpts"]
    sources = ids(package.tables["sources"])
    for line, row in table.numbered():
        if not any(row.get(c) for c in ("resolution_ids", "local_plan_ids", "target_ids")):
            yield Problem(
                table.path,
                line,
                "resolution_ids",
                "",
                "is empty, and so are local_plan_ids and target_ids: an excerpt concerns at least one record",
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


def vietnamese_is_translated(package: Package) -> Iterator[Problem]:
    """A Vietnamese title or indicator is not a copy of the English one."""
    pairs = {"resolutions": "title", "local_plans": "title", "targets": "indicator"}
    for name, stem in pairs.items():
        table = package.tables[name]
        for line, row in table.numbered():
            vietnamese = row.get(f"{stem}_vi", "")
            if vietnamese and vietnamese == row.get(f"{stem}_en"):
                yield Problem(
                    table.path, line, f"{stem}_vi", vietnamese, f"is the same as {stem}_en (write it in Vietnamese)"
                )


CHECKS: list[Check] = [
    text_is_clean,
    dates_are_real,
    list_references_hold,
    urls_are_web_links,
    sources_are_identified_and_cited,
    translations_are_explained,
    targets_are_consistent,
    local_plans_are_local,
    implements_is_acyclic,
    excerpts_are_attached,
    vietnamese_is_translated,
]
