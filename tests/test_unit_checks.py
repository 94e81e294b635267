"""Unit tests of tracker.checks on small in-memory packages: every rule, its message and its boundaries."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from tables import edited, package, rows_of, world

from tracker import checks
from tracker.load import Package


def texts(check: checks.Check, pkg: Package) -> list[str]:
    return [problem.text() for problem in check(pkg)]


def test_the_small_package_passes_every_check() -> None:
    pkg = world()
    assert {check.__name__: texts(check, pkg) for check in checks.CHECKS} == {
        check.__name__: [] for check in checks.CHECKS
    }


def test_helpers() -> None:
    assert checks.items("") == []
    assert checks.items("a;b") == ["a", "b"]
    assert checks.items("a;") == ["a", ""]
    pkg = world()
    assert list(checks.cells(pkg.tables["targets"], "deadline")) == [(2, "2030"), (3, "2026-06")]
    assert list(checks.cells(pkg.tables["targets"], "nope")) == []
    assert list(checks.ids(pkg.tables["topics"])) == ["insurance"]
    assert checks.ids(package({"topics": [{"name_en": "x"}]}).tables["topics"]) == {
        "": {"id": "", "name_en": "x", "name_vi": "", "description_vi": "", "description_en": ""}
    }


# text_is_clean


def test_text_not_nfc() -> None:
    decomposed = "Vie\u0302\u0323t"
    pkg = edited("topics", "insurance", name_vi=decomposed)
    assert texts(checks.text_is_clean, pkg) == [
        f'data/topics.csv:2: name_vi: "{decomposed}" is not in Unicode NFC form '
        "(re-save it as NFC: composed Vietnamese diacritics)"
    ]


def test_text_nfc_composed_is_clean() -> None:
    pkg = edited("topics", "insurance", name_vi="Việt")
    assert texts(checks.text_is_clean, pkg) == []


@pytest.mark.parametrize("value", [" Insurance", "Insurance ", "\tInsurance", "Insurance\n"])
def test_text_spaces_around(value: str) -> None:
    pkg = edited("topics", "insurance", name_en=value)
    from tracker.problems import quote

    assert texts(checks.text_is_clean, pkg) == [
        f"data/topics.csv:2: name_en: {quote(value)} has spaces at the start or end (remove them)"
    ]


@pytest.mark.parametrize("char", ["\n", "\r", "\x07", "\u2028", "\u2029", "\x7f"])
def test_text_control_characters(char: str) -> None:
    value = f"In{char}surance"
    pkg = edited("topics", "insurance", name_en=value)
    from tracker.problems import quote

    assert texts(checks.text_is_clean, pkg) == [
        f"data/topics.csv:2: name_en: {quote(value)} contains a line break or a control character "
        "(keep the value on one line)"
    ]


def test_text_inner_spaces_are_fine() -> None:
    pkg = edited("topics", "insurance", name_en="Health  insurance\u00a0(BHYT)")
    assert texts(checks.text_is_clean, pkg) == []


def test_text_invisible_characters_are_refused() -> None:
    pkg = edited("topics", "insurance", name_en="Health insurance\u200b", description_en="5.59\u202e%")
    assert texts(checks.text_is_clean, pkg) == [
        'data/topics.csv:2: name_en: "Health insurance\\u200b" contains the invisible character U+200B ZERO WIDTH '
        "SPACE, which hides or reorders what is shown (delete it)",
        'data/topics.csv:2: description_en: "5.59\\u202e%" contains the invisible character U+202E RIGHT-TO-LEFT '
        "OVERRIDE, which hides or reorders what is shown (delete it)",
    ]


def test_text_reports_one_problem_per_cell_nfc_first() -> None:
    value = " Vie\u0302t\n"
    pkg = edited("topics", "insurance", name_vi=value, description_en="ok\x00")
    found = list(checks.text_is_clean(pkg))
    assert [(p.line, p.column, p.message[:20]) for p in found] == [
        (2, "name_vi", "is not in Unicode NF"),
        (2, "description_en", "contains a line brea"),
    ]


# dates_are_real


@pytest.mark.parametrize("value", ["2025-13", "2025-00", "2025-02-29", "2025-04-31", "0000", "25", "2025/01"])
def test_dates_not_a_date(value: str) -> None:
    pkg = edited("targets", "t1", deadline=value)
    assert texts(checks.dates_are_real, pkg) == [
        f'data/targets.csv:2: deadline: "{value}" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)'
    ]


def test_dates_empty_and_real_are_fine() -> None:
    pkg = edited("targets", "t1", deadline="", baseline_date="2024-02-29")
    assert texts(checks.dates_are_real, pkg) == []


def test_dates_empty_is_skipped_and_the_next_rows_checked() -> None:
    pkg = edited("targets", "t1", deadline="", baseline_value="", baseline_date="")
    pkg.tables["targets"].rows[1]["deadline"] = "2025-02-30"
    assert texts(checks.dates_are_real, pkg) == [
        'data/targets.csv:3: deadline: "2025-02-30" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)'
    ]


def test_dates_only_fields_with_the_date_pattern() -> None:
    pkg = edited("targets", "t1", notes_en="2025-13")
    assert texts(checks.dates_are_real, pkg) == []


@pytest.mark.parametrize(
    ("name", "record_id", "column", "line"),
    [
        ("resolutions", "r1", "date_issued", 2),
        ("local_plans", "p1", "date_issued", 2),
        ("sources", "s2", "published", 3),
        ("targets", "t1", "baseline_date", 2),
    ],
)
def test_dates_in_the_future(name: str, record_id: str, column: str, line: int) -> None:
    pkg = edited(name, record_id, **{column: "9999"})
    today = date.today().isoformat()
    assert texts(checks.dates_are_real, pkg) == [
        f'data/{name}.csv:{line}: {column}: "9999" is in the future (today is {today})'
    ]


def test_dates_today_and_this_year_are_not_future() -> None:
    today = date.today()
    pkg = edited("resolutions", "r1", date_issued=today.isoformat())
    assert texts(checks.dates_are_real, pkg) == []
    pkg = edited("resolutions", "r1", date_issued=str(today.year))
    assert texts(checks.dates_are_real, pkg) == []


def test_deadlines_may_be_in_the_future() -> None:
    pkg = edited("targets", "t1", deadline="9999-12-31")
    assert texts(checks.dates_are_real, pkg) == []


def test_dates_not_in_the_future_are_the_flagged_fields() -> None:
    pkg = edited("targets", "t1", deadline="9999", baseline_date="9999")
    fields = {f["name"]: f for f in pkg.fields("targets")}
    fields["deadline"]["x-not-after-today"] = True
    del fields["baseline_date"]["x-not-after-today"]
    assert [(p.column, p.value) for p in checks.dates_are_real(pkg)] == [("deadline", "9999")]


# list_references_hold


def test_list_empty_item() -> None:
    for value in ("s1;", ";s1", "s1;;s1"):
        pkg = edited("resolutions", "r1", sources=value)
        assert texts(checks.list_references_hold, pkg)[0] == (
            f'data/resolutions.csv:2: sources: "{value}" has an empty item '
            "(separate ids with a single ';', no spaces)"
        )


def test_list_item_twice() -> None:
    pkg = edited("resolutions", "r1", topics="insurance;insurance")
    assert texts(checks.list_references_hold, pkg) == ['data/resolutions.csv:2: topics: "insurance" is listed twice']


def test_list_unknown_id() -> None:
    pkg = edited("news_excerpts", "e2", target_ids="t1;t9", local_plan_ids="p1")
    assert texts(checks.list_references_hold, pkg) == [
        'data/news_excerpts.csv:3: target_ids: "t9" is not the id of any row in data/targets.csv'
    ]


def test_list_unknown_id_reported_once_per_row_and_in_order() -> None:
    pkg = edited("resolutions", "r2", implements="x;r1;x;;y")
    assert texts(checks.list_references_hold, pkg) == [
        'data/resolutions.csv:3: implements: "x" is not the id of any row in data/resolutions.csv',
        'data/resolutions.csv:3: implements: "x" is listed twice',
        'data/resolutions.csv:3: implements: "x;r1;x;;y" has an empty item '
        "(separate ids with a single ';', no spaces)",
        'data/resolutions.csv:3: implements: "y" is not the id of any row in data/resolutions.csv',
    ]


def test_list_fields_are_checked_after_a_foreign_key() -> None:
    """The real schemas declare foreign keys (not lists) before the list fields: those are still checked."""
    pkg = edited("resolutions", "r1", topics="nope")
    schema = pkg.resource("resolutions")["schema"]
    schema["foreignKeys"] = [{"fields": "issuer", "reference": {"resource": "issuers", "fields": "id"}}]
    assert texts(checks.list_references_hold, pkg) == [
        'data/resolutions.csv:2: topics: "nope" is not the id of any row in data/topics.csv'
    ]


def test_list_only_list_fields_with_a_known_target() -> None:
    pkg = world()
    # a string field is not a list, even with x-references
    pkg.fields("local_plans")[6]["x-references"] = "resolutions"
    pkg.tables["local_plans"].rows[0]["implements"] = "zz;zz"
    # a list field whose target table is not loaded is skipped
    del pkg.tables["targets"]
    pkg.tables["news_excerpts"].rows[0]["target_ids"] = "nope"
    assert texts(checks.list_references_hold, pkg) == []


# urls_are_web_links


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/x", "example.org/x", "https://", "https:///path", "https://exa mple.org/", "https://a.org/\tb"],
)
def test_url_not_http(url: str) -> None:
    pkg = edited("sources", "s1", url=url)
    from tracker.problems import quote

    assert texts(checks.urls_are_web_links, pkg) == [
        f"data/sources.csv:2: url: {quote(url)} is not an http(s) URL (expected https://…)"
    ]


@pytest.mark.parametrize("url", ["http://example.org", "https://example.org/a?b=1"])
def test_url_fine(url: str) -> None:
    assert texts(checks.urls_are_web_links, edited("sources", "s1", url=url)) == []


@pytest.mark.parametrize(
    "second",
    [
        "https://example.org/news/1",
        "http://example.org/news/1",
        "https://EXAMPLE.org/news/1",
        "https://example.org/news/1/",
        "https://example.org/news/1#comments",
    ],
)
def test_url_duplicate_after_normalisation(second: str) -> None:
    pkg = edited("sources", "s2", url=second)
    assert texts(checks.urls_are_web_links, pkg) == [
        f'data/sources.csv:3: url: "{second}" is the same URL as the source on line 2 (merge the two)'
    ]


@pytest.mark.parametrize(
    "second",
    [
        "https://example.org/news/1?page=2",
        "https://example.org/News/1",
        "https://example.org/news/12",
        "https://example.com/news/1",
        "https://example.org/news/1X",
    ],
)
def test_url_different(second: str) -> None:
    assert texts(checks.urls_are_web_links, edited("sources", "s2", url=second)) == []


def test_url_duplicate_points_to_first_line() -> None:
    rows = rows_of("sources")
    rows.append(dict(rows[0], id="s3"))
    rows[1]["url"] = rows[0]["url"]
    pkg = world(sources=rows)
    assert texts(checks.urls_are_web_links, pkg) == [
        'data/sources.csv:3: url: "https://example.org/news/1" is the same URL as the source on line 2 (merge the two)',
        'data/sources.csv:4: url: "https://example.org/news/1" is the same URL as the source on line 2 (merge the two)',
    ]


def test_url_invalid_one_is_not_remembered() -> None:
    rows = rows_of("sources")
    rows[0]["url"] = "https://exa mple.org/"
    rows[1]["url"] = "https://exa mple.org/"
    found = texts(checks.urls_are_web_links, world(sources=rows))
    assert [t.split(": ", 2)[2] for t in found] == [
        '"https://exa mple.org/" is not an http(s) URL (expected https://…)'
    ] * 2


# sources_are_identified_and_cited


def test_source_without_url_or_title() -> None:
    pkg = edited("sources", "s2", url="", title="")
    assert texts(checks.sources_are_identified_and_cited, pkg) == [
        'data/sources.csv:3: url: "" is empty and so is title: a source needs a link or the article\'s printed headline'
    ]


def test_source_with_url_only_or_title_only() -> None:
    assert texts(checks.sources_are_identified_and_cited, edited("sources", "s2", url="https://x.org/", title="")) == []
    assert texts(checks.sources_are_identified_and_cited, edited("sources", "s1", url="", title="T")) == []


def test_source_not_cited() -> None:
    rows = rows_of("sources")
    rows.append(dict(rows[0], id="s3", url="https://example.org/3"))
    pkg = world(sources=rows)
    assert texts(checks.sources_are_identified_and_cited, pkg) == [
        'data/sources.csv:4: id: "s3" is not cited by any record (cite it or remove it)'
    ]


@pytest.mark.parametrize(
    ("name", "record_id", "column"),
    [
        ("resolutions", "r1", "sources"),
        ("local_plans", "p1", "sources"),
        ("targets", "t1", "source"),
        ("news_excerpts", "e1", "source"),
    ],
)
def test_source_cited_by_each_kind_of_record(name: str, record_id: str, column: str) -> None:
    rows = {key: [] for key in ("resolutions", "local_plans", "targets", "news_excerpts")}
    rows[name] = [{"id": record_id, column: "s1"}]
    rows["sources"] = [{"id": "s1", "url": "https://example.org/"}]
    assert texts(checks.sources_are_identified_and_cited, package(rows)) == []


def test_source_cited_in_a_list() -> None:
    rows = {"resolutions": [{"id": "r1", "sources": "s0;s1"}], "sources": [{"id": "s1", "title": "T"}]}
    assert texts(checks.sources_are_identified_and_cited, package(rows)) == []


def test_source_without_id_is_not_reported_as_uncited() -> None:
    rows = {"sources": [{"id": "", "title": "T"}]}
    assert texts(checks.sources_are_identified_and_cited, package(rows)) == []


# printed_texts_say_whose


def test_headlines_are_printed_or_bracketed() -> None:
    assert texts(checks.printed_texts_say_whose, edited("sources", "s1")) == []
    assert texts(checks.printed_texts_say_whose, edited("sources", "s2", title_en="Plan 20")) == [
        'data/sources.csv:3: title_en: "Plan 20" is the tracker\'s headline (the copy read is not in this '
        "language or prints none): put it in square brackets"
    ]
    assert texts(checks.printed_texts_say_whose, edited("sources", "s2", title_vi="[Kế hoạch 20]")) == [
        'data/sources.csv:3: title_vi: "[Kế hoạch 20]" is not the headline as printed (title)'
    ]


def test_the_printed_rule_is_the_descriptors() -> None:
    """Without `x-printed` no text is held to it; with it, on another resource, the rule follows it."""
    found = edited("sources", "s2", title_en="Plan 20")
    del found.resource("sources")["x-printed"]
    assert texts(checks.printed_texts_say_whose, found) == []
    found = edited("issuers", "politburo", name_vi="[Bộ Chính trị]")
    found.resource("issuers")["x-printed"] = {"field": "name", "language": "kind", "noun": "name"}
    assert texts(checks.printed_texts_say_whose, found) == [
        'data/issuers.csv:2: name_en: "Politburo" is the tracker\'s name (the copy read is not in this '
        "language or prints none): put it in square brackets",
        'data/issuers.csv:3: name_vi: "Thành ủy" is the tracker\'s name (the copy read is not in this '
        "language or prints none): put it in square brackets",
        'data/issuers.csv:3: name_en: "HP Committee" is the tracker\'s name (the copy read is not in this '
        "language or prints none): put it in square brackets",
    ]


def test_headlines_half_bracketed_after_an_empty_one_or_without_a_title_group() -> None:
    half = "is the tracker's headline (the copy read is not in this language or prints none): put it in square brackets"
    assert texts(checks.printed_texts_say_whose, edited("sources", "s2", title_vi="", title_en="[Plan 20")) == [
        f'data/sources.csv:3: title_en: "[Plan 20" {half}'
    ]
    assert texts(checks.printed_texts_say_whose, edited("sources", "s2", title_en="Plan 20]")) == [
        f'data/sources.csv:3: title_en: "Plan 20]" {half}'
    ]
    pkg = edited("sources", "s2", title_en="Plan 20")
    fields = pkg.fields("sources")
    fields[:] = [fld for fld in fields if fld["name"] != "title_vi"]  # no title in two languages
    assert texts(checks.printed_texts_say_whose, pkg) == []


# translations_are_explained


def test_translated_source_without_notes() -> None:
    pkg = edited("sources", "s1", original_language="vi", notes_en="")
    assert texts(checks.translations_are_explained, pkg) == [
        'data/sources.csv:2: notes_en: "" is empty but the source is a translation '
        "(language en, original_language vi): say where the translation comes from"
    ]


def test_translated_source_with_notes() -> None:
    pkg = edited("sources", "s1", original_language="vi", notes_en="English version of a Vietnamese article.")
    assert texts(checks.translations_are_explained, pkg) == []


@pytest.mark.parametrize("original", ["", "en"])
def test_original_or_unknown_language_needs_no_notes(original: str) -> None:
    pkg = edited("sources", "s1", original_language=original, notes_en="")
    assert texts(checks.translations_are_explained, pkg) == []


# exactly_one_is_filled and setters_come_first (targets)


def test_target_set_by_two_documents() -> None:
    pkg = edited("targets", "t1", local_plan_id="p1", jurisdiction="VN-HP")
    assert texts(checks.exactly_one_is_filled, pkg) == [
        'data/targets.csv:2: resolution_id: "r1" is filled and so is local_plan_id: '
        "a target is set by exactly one document, keep one"
    ]


def test_target_set_by_two_documents_compares_jurisdiction_with_the_plan() -> None:
    # regression: the jurisdiction was compared with the resolution's (none), "(None)" in the message
    pkg = edited("targets", "t1", local_plan_id="p1")
    assert texts(checks.exactly_one_is_filled, pkg) == [
        'data/targets.csv:2: resolution_id: "r1" is filled and so is local_plan_id: '
        "a target is set by exactly one document, keep one"
    ]
    assert texts(checks.setters_come_first, pkg) == [
        'data/targets.csv:2: jurisdiction: "VN" differs from the jurisdiction of local plan p1 (VN-HP)',
    ]


def test_target_set_by_no_document() -> None:
    pkg = edited("targets", "t1", resolution_id="")
    assert texts(checks.exactly_one_is_filled, pkg) == [
        "data/targets.csv:2: resolution_id: is empty and so is local_plan_id: "
        "fill one with the id of the document that sets the target"
    ]


def test_target_with_unknown_document_is_left_to_the_reference_checks() -> None:
    assert texts(checks.setters_come_first, edited("targets", "t1", resolution_id="zz", deadline="1900")) == []
    assert texts(checks.setters_come_first, edited("targets", "t2", local_plan_id="zz", deadline="1900")) == []


def test_target_jurisdiction_differs_from_its_plan() -> None:
    pkg = edited("targets", "t2", jurisdiction="VN")
    assert texts(checks.setters_come_first, pkg) == [
        'data/targets.csv:3: jurisdiction: "VN" differs from the jurisdiction of local plan p1 (VN-HP)'
    ]


def test_target_jurisdiction_of_a_resolution_is_free_and_empty_is_fine() -> None:
    assert texts(checks.setters_come_first, edited("targets", "t1", jurisdiction="VN-HP")) == []
    assert texts(checks.setters_come_first, edited("targets", "t2", jurisdiction="")) == []


@pytest.mark.parametrize(
    ("deadline", "issued"),
    [
        ("2025-06-15", "2025-06-15"),  # the same day
        ("2025-06", "2025-06-15"),  # the month of the document
        ("2025", "2025-06-15"),  # the year of the document
        ("2025-06-15", "2025-06"),  # a day in the document's month
        ("2025-01-01", "2025"),  # a day in the document's year
        ("2025-06-16", "2025-06-15"),
        ("2030", "2025-06-15"),
    ],
)
def test_target_deadline_accepted(deadline: str, issued: str) -> None:
    rows = rows_of("resolutions")
    rows[0]["date_issued"] = issued
    pkg = world(resolutions=rows)
    pkg.tables["targets"].rows[0]["deadline"] = deadline
    assert texts(checks.setters_come_first, pkg) == []


@pytest.mark.parametrize(
    ("deadline", "issued"),
    [
        ("2025-06-14", "2025-06-15"),  # one day before
        ("2025-05", "2025-06-15"),  # the month before
        ("2024", "2025-06-15"),  # the year before
        ("2025-05-31", "2025-06"),
        ("2024-12-31", "2025"),
        ("2024", "2025-01"),
    ],
)
def test_target_deadline_rejected(deadline: str, issued: str) -> None:
    rows = rows_of("resolutions")
    rows[0]["date_issued"] = issued
    pkg = world(resolutions=rows)
    pkg.tables["targets"].rows[0]["deadline"] = deadline
    assert texts(checks.setters_come_first, pkg) == [
        f'data/targets.csv:2: deadline: "{deadline}" is before the date of the document that sets it ({issued})'
    ]


def test_target_deadline_of_a_local_plan() -> None:
    pkg = edited("targets", "t2", deadline="2025-12-02")
    assert texts(checks.setters_come_first, pkg) == [
        'data/targets.csv:3: deadline: "2025-12-02" is before the date of the document that sets it (2025-12-03)'
    ]
    assert texts(checks.setters_come_first, edited("targets", "t2", deadline="2025-12-03")) == []


def test_target_deadline_unreadable_dates_are_skipped() -> None:
    assert texts(checks.setters_come_first, edited("targets", "t1", deadline="")) == []
    assert texts(checks.setters_come_first, edited("targets", "t1", deadline="2025-13")) == []
    assert texts(checks.setters_come_first, edited("resolutions", "r1", date_issued="")) == []
    assert texts(checks.setters_come_first, edited("targets", "t1", deadline="1900", resolution_id="r2")) == [
        'data/targets.csv:2: deadline: "1900" is before the date of the document that sets it (2025)'
    ]


def test_one_of_and_setter_rules_are_read_from_the_schema() -> None:
    """No resource name in the code: without its `x-one-of` a target may name two documents, and a
    group stated on another resource (a new resource's) is checked there with its own phrases; a
    resource without `x-setter` sets no deadline, and its `noun` is what the message calls it."""
    pkg = edited("targets", "t1", local_plan_id="p1", jurisdiction="VN-HP")
    del pkg.resource("targets")["schema"]["x-one-of"]
    assert texts(checks.exactly_one_is_filled, pkg) == []
    group = {"fields": ["topics", "implements", "sources"], "rule": "a document is linked", "what": "an id"}
    pkg.resource("resolutions")["schema"]["x-one-of"] = [group]
    assert texts(checks.exactly_one_is_filled, pkg)[0] == (
        'data/resolutions.csv:2: topics: "insurance" is filled and so is sources: a document is linked, keep one'
    )
    pkg = edited("targets", "t1", deadline="1900")
    pkg.resource("resolutions")["x-setter"]["noun"] = "decision"
    assert texts(checks.setters_come_first, pkg) == [
        'data/targets.csv:2: deadline: "1900" is before the date of the decision that sets it (2025-06-15)'
    ]
    del pkg.resource("resolutions")["x-setter"]
    assert texts(checks.setters_come_first, pkg) == []
    pkg = edited("targets", "t2", jurisdiction="VN")
    pkg.resource("local_plans")["x-setter"]["jurisdiction"] = "provincial plan"
    assert texts(checks.setters_come_first, pkg) == [
        'data/targets.csv:3: jurisdiction: "VN" differs from the jurisdiction of provincial plan p1 (VN-HP)'
    ]
    del pkg.resource("local_plans")["x-setter"]["jurisdiction"]
    assert texts(checks.setters_come_first, pkg) == []


def test_target_quantity_value_without_comparator() -> None:
    pkg = edited("targets", "t1", comparator="")
    assert texts(checks.targets_are_consistent, pkg) == [
        'data/targets.csv:2: comparator: "" is empty but value is filled '
        "(a quantified target needs comparator, value and unit)"
    ]


def test_target_quantity_value_without_unit() -> None:
    pkg = edited("targets", "t1", unit_vi="", unit_en="")
    assert texts(checks.targets_are_consistent, pkg) == [
        'data/targets.csv:2: unit_en: "" is empty but value is filled '
        "(a quantified target needs comparator, value and unit)"
    ]


def test_target_quantity_value_alone_names_the_comparator() -> None:
    pkg = edited("targets", "t1", comparator="", unit_vi="", unit_en="")
    assert [p.column for p in checks.targets_are_consistent(pkg)] == ["comparator"]


def test_target_quantity_comparator_without_value() -> None:
    pkg = edited("targets", "t2", comparator=">=")
    assert texts(checks.targets_are_consistent, pkg) == [
        'data/targets.csv:3: comparator: ">=" is filled but value is empty '
        "(leave all three empty when the source gives no number)"
    ]


def test_target_quantity_unit_without_value() -> None:
    pkg = edited("targets", "t2", unit_vi="bác sĩ", unit_en="doctors")
    assert texts(checks.targets_are_consistent, pkg) == [
        'data/targets.csv:3: unit_en: "doctors" is filled but value is empty '
        "(leave all three empty when the source gives no number)"
    ]


def test_target_quantity_comparator_and_unit_without_value_names_the_comparator() -> None:
    pkg = edited("targets", "t2", comparator="<", unit_vi="bác sĩ", unit_en="doctors")
    assert [(p.column, p.value) for p in checks.targets_are_consistent(pkg)] == [("comparator", "<")]


def test_target_quantity_complete_or_empty_is_fine() -> None:
    assert (
        texts(
            checks.targets_are_consistent,
            edited("targets", "t2", comparator="<", value="3", unit_vi="bác sĩ", unit_en="doctors"),
        )
        == []
    )
    assert texts(checks.targets_are_consistent, edited("targets", "t2")) == []


@pytest.mark.parametrize("value", ["0", "100", "0.0", "100.0", "50.5"])
def test_target_percentage_in_range(value: str) -> None:
    pkg = edited("targets", "t1", value=value, baseline_value=value)
    assert texts(checks.targets_are_consistent, pkg) == []


@pytest.mark.parametrize("value", ["100.1", "-0.1", "101", "-5"])
def test_target_percentage_out_of_range(value: str) -> None:
    pkg = edited("targets", "t1", value=value)
    assert texts(checks.targets_are_consistent, pkg) == [
        f'data/targets.csv:2: value: "{value}" is not a percentage between 0 and 100'
    ]
    pkg = edited("targets", "t1", baseline_value=value)
    assert texts(checks.targets_are_consistent, pkg) == [
        f'data/targets.csv:2: baseline_value: "{value}" is not a percentage between 0 and 100'
    ]


def test_target_percentage_only_for_percent_and_numbers() -> None:
    assert (
        texts(checks.targets_are_consistent, edited("targets", "t1", value="150", unit_vi="bác sĩ", unit_en="doctors"))
        == []
    )
    assert texts(checks.targets_are_consistent, edited("targets", "t1", value="many")) == []


def test_target_baseline_value_without_date() -> None:
    pkg = edited("targets", "t1", baseline_date="")
    assert texts(checks.targets_are_consistent, pkg) == [
        'data/targets.csv:2: baseline_date: "" is empty: baseline_value and baseline_date go together'
    ]


def test_target_baseline_date_without_value() -> None:
    pkg = edited("targets", "t1", baseline_value="")
    assert texts(checks.targets_are_consistent, pkg) == [
        'data/targets.csv:2: baseline_value: "" is empty: baseline_value and baseline_date go together'
    ]


def test_target_problems_in_order_for_one_row() -> None:
    pkg = edited(
        "targets", "t2", resolution_id="r1", unit_vi="%", unit_en="%", value="101", baseline_value="1", deadline="1999"
    )
    assert [p.column for p in checks.targets_are_consistent(pkg)] == ["comparator", "value", "baseline_date"]
    assert [p.column for p in checks.exactly_one_is_filled(pkg)] == ["resolution_id"]
    assert [p.column for p in checks.setters_come_first(pkg)] == ["deadline"]


# local_plans_are_local


def test_local_plan_for_the_whole_country() -> None:
    pkg = edited("local_plans", "p1", jurisdiction="VN", issuer="politburo")
    assert texts(checks.local_plans_are_local, pkg) == [
        'data/local_plans.csv:2: jurisdiction: "VN" is the whole country: national documents belong in resolutions.csv'
    ]


def test_local_plan_issuer_elsewhere() -> None:
    rows = rows_of("jurisdictions") + [{"id": "VN-HN", "name_vi": "Hà Nội", "name_en": "Ha Noi", "level": "city"}]
    pkg = world(jurisdictions=rows)
    pkg.tables["local_plans"].rows[0]["jurisdiction"] = "VN-HN"
    assert texts(checks.local_plans_are_local, pkg) == [
        'data/local_plans.csv:2: issuer: "hp-committee" belongs to VN-HP, not to the plan\'s jurisdiction VN-HN'
    ]


def test_local_plan_without_jurisdiction_column() -> None:
    pkg = world(local_plans=[{"id": "p1", "issuer": "hp-committee"}])
    pkg.tables["local_plans"].rows = [{"id": "p1", "issuer": "hp-committee"}]
    assert texts(checks.local_plans_are_local, pkg) == []


def test_local_plan_unknown_issuer_or_empty_jurisdiction_is_skipped() -> None:
    assert texts(checks.local_plans_are_local, edited("local_plans", "p1", issuer="nobody")) == []
    assert texts(checks.local_plans_are_local, edited("local_plans", "p1", jurisdiction="")) == []


# implements_is_acyclic


def test_cycle_of_one() -> None:
    pkg = edited("resolutions", "r1", implements="r1")
    assert texts(checks.implements_is_acyclic, pkg) == [
        'data/resolutions.csv:2: implements: "r1" leads back to r1 itself (a document cannot implement itself)'
    ]


def test_cycle_of_two() -> None:
    pkg = edited("resolutions", "r1", implements="r2")
    assert texts(checks.implements_is_acyclic, pkg) == [
        'data/resolutions.csv:2: implements: "r2" leads back to r1 itself (a document cannot implement itself)',
        'data/resolutions.csv:3: implements: "r1" leads back to r2 itself (a document cannot implement itself)',
    ]


def test_cycle_of_three_and_a_document_leading_into_it() -> None:
    rows = [
        {"id": "a", "implements": "b"},
        {"id": "b", "implements": "x;c"},
        {"id": "c", "implements": "a"},
        {"id": "d", "implements": "a;d2"},
        {"id": "d2", "implements": ""},
    ]
    found = list(checks.implements_is_acyclic(package({"resolutions": rows})))
    assert [(p.line, p.value, p.message.split(" (")[0]) for p in found] == [
        (2, "b", "leads back to a itself"),
        (3, "x;c", "leads back to b itself"),
        (4, "a", "leads back to c itself"),
    ]


def test_no_cycle_with_a_diamond() -> None:
    rows = [
        {"id": "a", "implements": "b;c"},
        {"id": "b", "implements": "d"},
        {"id": "c", "implements": "d"},
        {"id": "d", "implements": ""},
    ]
    assert texts(checks.implements_is_acyclic, package({"resolutions": rows})) == []


# excerpts_are_attached


def test_excerpt_concerns_nothing() -> None:
    pkg = edited("news_excerpts", "e1", resolution_ids="", target_ids="")
    assert texts(checks.excerpts_are_attached, pkg) == [
        'data/news_excerpts.csv:2: resolution_ids: "" is empty, and so are local_plan_ids and target_ids: '
        "an excerpt concerns at least one record"
    ]


@pytest.mark.parametrize(
    ("column", "value"), [("resolution_ids", "r1"), ("local_plan_ids", "p1"), ("target_ids", "t1")]
)
def test_excerpt_concerns_one_record(column: str, value: str) -> None:
    cells = {"resolution_ids": "", "local_plan_ids": "", "target_ids": "", column: value}
    assert texts(checks.excerpts_are_attached, edited("news_excerpts", "e1", **cells)) == []


def test_excerpt_language_differs_from_its_source() -> None:
    pkg = edited("news_excerpts", "e1", language="fr")
    assert texts(checks.excerpts_are_attached, pkg) == [
        'data/news_excerpts.csv:2: language: "fr" differs from the language of source s1 (en)'
    ]


def test_excerpt_language_unknown_source_or_empty_is_skipped() -> None:
    assert texts(checks.excerpts_are_attached, edited("news_excerpts", "e1", language="fr", source="zz")) == []
    assert texts(checks.excerpts_are_attached, edited("news_excerpts", "e1", language="")) == []


# vietnamese_is_translated


@pytest.mark.parametrize(
    ("name", "record_id", "stem", "line"),
    [("resolutions", "r2", "title", 3), ("local_plans", "p1", "title", 2), ("targets", "t1", "indicator", 2)],
)
def test_vietnamese_copied_from_english(name: str, record_id: str, stem: str, line: int) -> None:
    pkg = edited(name, record_id, **{f"{stem}_vi": "Same", f"{stem}_en": "Same"})
    assert texts(checks.vietnamese_is_translated, pkg) == [
        f'data/{name}.csv:{line}: {stem}_vi: "Same" is the same as {stem}_en (write it in Vietnamese)'
    ]


def test_vietnamese_may_equal_english_where_the_field_allows_it() -> None:
    """A place name spelt the same in both languages (Gia Lai) passes only where its field says so."""
    pkg = edited("jurisdictions", "VN-HP", name_vi="Gia Lai", name_en="Gia Lai")
    assert texts(checks.vietnamese_is_translated, pkg) == []
    del next(f for f in pkg.fields("jurisdictions") if f["name"] == "name_vi")["x-may-equal-english"]
    line = 1 + [r["id"] for r in pkg.tables["jurisdictions"].rows].index("VN-HP") + 1
    copied = f'data/jurisdictions.csv:{line}: name_vi: "Gia Lai" is the same as name_en (write it in Vietnamese)'
    assert texts(checks.vietnamese_is_translated, pkg) == [copied]


def test_vietnamese_empty_twice_is_not_a_copy() -> None:
    pkg = edited("targets", "t1", indicator_vi="", indicator_en="")
    assert texts(checks.vietnamese_is_translated, pkg) == []


# exactly_one_is_filled (tasks and progress)

ONE_TASK = "a task is set by exactly one document or event, keep one"
NO_TASK_SETTER = (
    "is empty and so are set_by_local_plan and set_by_event: "
    "fill one with the id of the document or event that sets the task"
)


def test_and() -> None:
    assert checks._and([]) == ""
    assert checks._and(["a"]) == "a"
    assert checks._and(["a", "b"]) == "a and b"
    assert checks._and(["a", "b", "c"]) == "a, b and c"


def test_task_set_by_a_document_and_an_event() -> None:
    pkg = edited("tasks", "k1", set_by_event="ev1")
    assert texts(checks.exactly_one_is_filled, pkg) == [
        f'data/tasks.csv:2: set_by_resolution: "r1" is filled and so is set_by_event: {ONE_TASK}'
    ]


def test_task_set_by_a_local_plan_and_an_event() -> None:
    pkg = edited("tasks", "k3", set_by_event="ev1")
    assert texts(checks.exactly_one_is_filled, pkg) == [
        f'data/tasks.csv:4: set_by_local_plan: "p1" is filled and so is set_by_event: {ONE_TASK}'
    ]


def test_task_set_by_three() -> None:
    pkg = edited("tasks", "k1", set_by_local_plan="p1", set_by_event="ev1")
    assert texts(checks.exactly_one_is_filled, pkg) == [
        f'data/tasks.csv:2: set_by_resolution: "r1" is filled and so are set_by_local_plan and set_by_event: {ONE_TASK}'
    ]


def test_task_set_by_nothing() -> None:
    pkg = edited("tasks", "k2", set_by_event="")
    assert texts(checks.exactly_one_is_filled, pkg) == [f"data/tasks.csv:3: set_by_resolution: {NO_TASK_SETTER}"]


@pytest.mark.parametrize(("column", "value"), [("set_by_resolution", "r1"), ("set_by_local_plan", "p1")])
def test_task_set_by_any_one(column: str, value: str) -> None:
    assert texts(checks.exactly_one_is_filled, edited("tasks", "k2", set_by_event="", **{column: value})) == []


def test_progress_about_a_task_and_a_target() -> None:
    pkg = edited("progress", "g1", target_id="t1")
    assert texts(checks.exactly_one_is_filled, pkg) == [
        'data/progress.csv:2: task_id: "k1" is filled and so is target_id: '
        "a progress report is about exactly one task or target, keep one"
    ]


def test_progress_about_nothing() -> None:
    pkg = edited("progress", "g2", target_id="")
    assert texts(checks.exactly_one_is_filled, pkg) == [
        "data/progress.csv:3: task_id: is empty and so is target_id: "
        "fill one with the id of the task or target it reports on"
    ]


# setters_come_first (tasks)


@pytest.mark.parametrize("deadline", ["2025-10-01", "2025-10", "2025", "2025-10-31", "2026"])
def test_task_deadline_not_before_its_event(deadline: str) -> None:
    assert texts(checks.setters_come_first, edited("tasks", "k2", deadline=deadline)) == []


@pytest.mark.parametrize("deadline", ["2025-09-30", "2025-09", "2024"])
def test_task_deadline_before_its_event(deadline: str) -> None:
    assert texts(checks.setters_come_first, edited("tasks", "k2", deadline=deadline)) == [
        f'data/tasks.csv:3: deadline: "{deadline}" is before the date of the event that sets it (2025-10)'
    ]


def test_task_deadline_before_its_document() -> None:
    assert texts(checks.setters_come_first, edited("tasks", "k1", deadline="2025-06-14")) == [
        'data/tasks.csv:2: deadline: "2025-06-14" is before the date of the document that sets it (2025-06-15)'
    ]
    assert texts(checks.setters_come_first, edited("tasks", "k1", deadline="2025-06-15")) == []
    assert texts(checks.setters_come_first, edited("tasks", "k3", deadline="2025-12-02")) == [
        'data/tasks.csv:4: deadline: "2025-12-02" is before the date of the document that sets it (2025-12-03)'
    ]


def test_task_deadline_empty_dates_or_unknown_setter_are_skipped() -> None:
    assert texts(checks.setters_come_first, edited("tasks", "k2", deadline="")) == []
    assert texts(checks.setters_come_first, edited("tasks", "k2", deadline="1900", set_by_event="zz")) == []
    pkg = edited("events", "ev1", date="")
    pkg.tables["tasks"].rows[1]["deadline"] = "1900"
    assert texts(checks.setters_come_first, pkg) == []


def test_task_jurisdiction_differs_from_its_plan() -> None:
    assert texts(checks.setters_come_first, edited("tasks", "k3", jurisdiction="VN")) == [
        'data/tasks.csv:4: jurisdiction: "VN" differs from the jurisdiction of local plan p1 (VN-HP)'
    ]
    # a document or an event does not fix the jurisdiction
    assert texts(checks.setters_come_first, edited("tasks", "k2", jurisdiction="VN-HP")) == []


def test_setters_are_read_from_the_schema() -> None:
    """A setter column is one whose foreign key points to a document or an event: without it, no date to compare."""
    pkg = edited("tasks", "k2", deadline="1900")
    assert len(texts(checks.setters_come_first, pkg)) == 1
    pkg.resource("tasks")["schema"]["foreignKeys"] = []
    assert texts(checks.setters_come_first, pkg) == []


def test_setters_a_row_without_a_setter_does_not_stop_the_others() -> None:
    pkg = edited("tasks", "k1", set_by_resolution="zz")
    pkg.tables["tasks"].rows[1]["deadline"] = "1900"
    assert texts(checks.setters_come_first, pkg) == [
        'data/tasks.csv:3: deadline: "1900" is before the date of the event that sets it (2025-10)'
    ]


def test_setters_tolerate_rows_without_a_deadline_or_a_date() -> None:
    pkg = world()
    pkg.tables["tasks"].rows = [{"id": "k1", "set_by_resolution": "r1"}, {"id": "k2", "set_by_event": "ev1"}, {}]
    assert texts(checks.setters_come_first, pkg) == []
    pkg.tables["events"].rows = [{"id": "ev1"}]
    pkg.tables["tasks"].rows[1]["deadline"] = "1900"
    assert texts(checks.setters_come_first, pkg) == []


# sources_are_identified_and_cited (new resources), excerpts_are_attached (schema-driven)


@pytest.mark.parametrize(
    ("name", "record_id", "column"),
    [
        ("tasks", "k1", "source"),
        ("events", "ev1", "sources"),
        ("people", "lam", "source"),
        ("progress", "g1", "source"),
    ],
)
def test_source_cited_by_a_task_event_person_or_report(name: str, record_id: str, column: str) -> None:
    rows = {name: [{"id": record_id, column: "s0;s1" if column == "sources" else "s1"}]}
    rows["sources"] = [{"id": "s1", "url": "https://example.org/"}]
    assert texts(checks.sources_are_identified_and_cited, package(rows)) == []


def test_source_named_outside_a_reference_is_not_cited() -> None:
    rows = {"tasks": [{"id": "k1", "notes_en": "s1"}], "sources": [{"id": "s1", "url": "https://example.org/"}]}
    assert texts(checks.sources_are_identified_and_cited, package(rows)) == [
        'data/sources.csv:2: id: "s1" is not cited by any record (cite it or remove it)'
    ]


def test_source_in_a_foreign_key_is_one_id_not_a_list() -> None:
    rows = {"people": [{"id": "lam", "source": "s0;s1"}], "sources": [{"id": "s1", "url": "https://example.org/"}]}
    assert texts(checks.sources_are_identified_and_cited, package(rows)) == [
        'data/sources.csv:2: id: "s1" is not cited by any record (cite it or remove it)'
    ]


def test_excerpt_lists_are_read_from_the_schema() -> None:
    pkg = edited("news_excerpts", "e1", resolution_ids="", target_ids="")
    pkg.fields("news_excerpts")[8]["type"] = "string"  # target_ids is no longer a list of ids
    pkg.tables["news_excerpts"].rows[0]["target_ids"] = "t1"
    assert texts(checks.excerpts_are_attached, pkg) == [
        'data/news_excerpts.csv:2: resolution_ids: "" is empty, and so is local_plan_ids: '
        "an excerpt concerns at least one record"
    ]
    for fld in pkg.fields("news_excerpts"):
        fld["type"] = "string"
    assert texts(checks.excerpts_are_attached, pkg) == []


# vietnamese_is_translated (every pair)


@pytest.mark.parametrize(
    ("name", "record_id", "stem", "line"),
    [
        ("tasks", "k2", "action", 3),
        ("events", "ev1", "title", 2),
        ("events", "ev1", "summary", 2),
        ("people", "lam", "position", 2),
        ("progress", "g2", "summary", 3),
        ("topics", "insurance", "name", 2),
        ("issuers", "politburo", "name", 2),
        ("sources", "s1", "title", 2),
        ("news_excerpts", "e1", "summary", 2),
        ("resolutions", "r1", "title", 2),
        ("topics", "insurance", "description", 2),
        ("targets", "t1", "indicator", 2),
    ],
)
def test_every_vietnamese_column_is_translated(name: str, record_id: str, stem: str, line: int) -> None:
    pkg = edited(name, record_id, **{f"{stem}_vi": "Same", f"{stem}_en": "Same"})
    assert texts(checks.vietnamese_is_translated, pkg) == [
        f'data/{name}.csv:{line}: {stem}_vi: "Same" is the same as {stem}_en (write it in Vietnamese)'
    ]
    pkg = edited(name, record_id, **{f"{stem}_vi": ""})
    assert texts(checks.vietnamese_is_translated, pkg) == [
        f'data/{name}.csv:{line}: {stem}_vi: "" is empty but {stem}_en is filled (write it in Vietnamese too)'
    ]
    pkg = edited(name, record_id, **{f"{stem}_en": ""})
    assert texts(checks.vietnamese_is_translated, pkg) == [
        f'data/{name}.csv:{line}: {stem}_en: "" is empty but {stem}_vi is filled (write it in English too)'
    ]


def test_a_column_without_its_pair_is_free() -> None:
    pkg = edited("news_excerpts", "e1", summary_vi="", summary_en="Fees only in English")
    fields = pkg.fields("news_excerpts")
    fields[:] = [fld for fld in fields if fld["name"] != "summary_vi"]  # summary_en alone in the schema
    assert texts(checks.vietnamese_is_translated, pkg) == []
    pkg = edited("people", "lam", position_vi="", position_en="")
    assert texts(checks.vietnamese_is_translated, pkg) == []


NOT_VIETNAMESE = "it has no Vietnamese letter (write it in Vietnamese)"


@pytest.mark.parametrize(
    ("name", "record_id", "stem", "line"),
    [
        ("tasks", "k2", "action", 3),
        ("events", "ev1", "summary", 2),
        ("people", "lam", "position", 2),
        ("progress", "g2", "summary", 3),
        ("topics", "insurance", "description", 2),
        ("issuers", "politburo", "name", 2),
        ("sources", "s1", "title", 2),
        ("news_excerpts", "e1", "summary", 2),
        ("resolutions", "r1", "title", 2),
        ("targets", "t1", "indicator", 2),
    ],
)
def test_vietnamese_without_a_vietnamese_letter(name: str, record_id: str, stem: str, line: int) -> None:
    pkg = edited(name, record_id, **{f"{stem}_vi": "Health insurance for all (2030)"})
    assert texts(checks.vietnamese_is_translated, pkg) == [
        f'data/{name}.csv:{line}: {stem}_vi: "Health insurance for all (2030)" is not Vietnamese: {NOT_VIETNAMESE}'
    ]


@pytest.mark.parametrize(
    "value", ["Tổng Bí thư", "Ăn", "ĐÀ NẴNG", "đ", "Ơ", "ư", "Mỹ", "Ý", "ạ", "café", "Bảo hiểm y tế"]
)
def test_one_vietnamese_letter_is_enough(value: str) -> None:
    assert texts(checks.vietnamese_is_translated, edited("tasks", "k1", action_vi=value)) == []


@pytest.mark.parametrize("value", ["Draft the plan", "Zürich", "Señor", "Æsir", "Ça", "12,5 %", "72-NQ/TW", "Ω"])
def test_letters_outside_vietnamese_are_not_vietnamese(value: str) -> None:
    assert texts(checks.vietnamese_is_translated, edited("tasks", "k1", action_vi=value)) == [
        f'data/tasks.csv:2: action_vi: "{value}" is not Vietnamese: {NOT_VIETNAMESE}'
    ]


def test_decomposed_vietnamese_is_vietnamese_and_left_to_the_nfc_rule() -> None:
    value = unicodedata.normalize("NFD", "Xây dựng đề án")
    pkg = edited("tasks", "k1", action_vi=value)
    assert texts(checks.vietnamese_is_translated, pkg) == []
    assert [(p.column, p.message[:26]) for p in checks.text_is_clean(pkg)] == [
        ("action_vi", "is not in Unicode NFC form")
    ]


def test_a_copy_of_the_english_is_reported_once() -> None:
    pkg = edited("tasks", "k1", action_vi="Draft a project")
    assert texts(checks.vietnamese_is_translated, pkg) == [
        'data/tasks.csv:2: action_vi: "Draft a project" is the same as action_en (write it in Vietnamese)'
    ]


@pytest.mark.parametrize(
    ("name", "record_id", "stem", "value", "line"),
    [("jurisdictions", "VN-HP", "name", "Gia Lai", 3), ("targets", "t1", "unit", "%", 2)],
)
def test_may_equal_english_allows_a_copy_without_vietnamese_letter(
    name: str, record_id: str, stem: str, value: str, line: int
) -> None:
    pkg = edited(name, record_id, **{f"{stem}_vi": value, f"{stem}_en": value})
    assert texts(checks.vietnamese_is_translated, pkg) == []
    pkg = edited(name, record_id, **{f"{stem}_vi": value, f"{stem}_en": "Other"})
    assert texts(checks.vietnamese_is_translated, pkg) == []
    pkg = edited(name, record_id, **{f"{stem}_vi": "", f"{stem}_en": value})
    assert texts(checks.vietnamese_is_translated, pkg) == [
        f'data/{name}.csv:{line}: {stem}_vi: "" is empty but {stem}_en is filled (write it in Vietnamese too)'
    ]
    pkg = edited(name, record_id, **{f"{stem}_vi": value, f"{stem}_en": ""})
    assert texts(checks.vietnamese_is_translated, pkg) == [
        f'data/{name}.csv:{line}: {stem}_en: "" is empty but {stem}_vi is filled (write it in English too)'
    ]


def test_may_equal_english_is_read_from_the_schema() -> None:
    pkg = edited("targets", "t1", unit_vi="%", unit_en="%")
    next(fld for fld in pkg.fields("targets") if fld["name"] == "unit_vi")["x-may-equal-english"] = False
    assert texts(checks.vietnamese_is_translated, pkg) == [
        'data/targets.csv:2: unit_vi: "%" is the same as unit_en (write it in Vietnamese)'
    ]
    pkg = edited("issuers", "politburo", name_vi="Politburo of the Party")
    pkg.fields("issuers")[1]["x-may-equal-english"] = True
    assert texts(checks.vietnamese_is_translated, pkg) == []


def test_translated_columns_are_read_from_the_schema() -> None:
    names = ["id", "task_id", "title_vi", "title_en", "title_vi_official", "name_en", "unit_fr", "unit_en", "x_vi"]
    fields = [{"name": name} for name in [*names, "short_title_en", "short_title_vi"]]
    assert checks.translated_columns(fields) == {
        "title": ["vi", "en"],
        "unit": ["fr", "en"],
        "short_title": ["en", "vi"],
    }


def test_every_cell_of_a_group_is_checked_after_an_empty_one() -> None:
    """Topics have `name_en` before `name_vi`: the empty English cell does not hide the other."""
    assert texts(checks.vietnamese_is_translated, edited("topics", "insurance", name_en="", name_vi="Insurance")) == [
        'data/topics.csv:2: name_en: "" is empty but name_vi is filled (write it in English too)',
        f'data/topics.csv:2: name_vi: "Insurance" is not Vietnamese: {NOT_VIETNAMESE}',
    ]


def test_a_new_language_needs_no_code() -> None:
    pkg = world()
    pkg.fields("tasks").append({"name": "action_fr", "type": "string"})
    table = pkg.tables["tasks"]
    table.header.append("action_fr")
    for row in table.rows:
        row["action_fr"] = ""
    table.rows[0]["action_fr"] = "Draft a project"
    assert texts(checks.vietnamese_is_translated, pkg) == [
        'data/tasks.csv:2: action_fr: "Draft a project" is the same as action_en (write it in fr)',
        'data/tasks.csv:3: action_fr: "" is empty but action_vi is filled (write it in fr too)',
        'data/tasks.csv:4: action_fr: "" is empty but action_vi is filled (write it in fr too)',
    ]


# positions_are_dated


def test_position_without_date() -> None:
    assert texts(checks.positions_are_dated, edited("people", "lam", position_date="")) == [
        'data/people.csv:2: position_date: "" is empty but position_vi is filled '
        "(say when the source gives the position)"
    ]
    assert texts(checks.positions_are_dated, edited("people", "lam", position_vi="", position_date="")) == [
        'data/people.csv:2: position_date: "" is empty but position_en is filled '
        "(say when the source gives the position)"
    ]


def test_date_without_position() -> None:
    assert texts(checks.positions_are_dated, edited("people", "tu", position_date="2025")) == [
        'data/people.csv:3: position_date: "2025" is filled but position_vi and position_en are empty '
        "(a date goes with a position)"
    ]


def test_position_with_one_language_and_a_date_is_dated() -> None:
    assert texts(checks.positions_are_dated, edited("people", "lam", position_vi="")) == []


# nothing_happens_after_release

AFTER_RELEASE = 'is after the package\'s release date (2026-11-23, the day of "created" in datapackage.json)'


@pytest.mark.parametrize(
    ("name", "record_id", "column", "line"),
    [("progress", "g1", "date", 2), ("events", "ev1", "date", 2), ("people", "lam", "position_date", 2)],
)
@pytest.mark.parametrize("value", ["2026-11-24", "2026-12", "2027"])
def test_dated_after_release(name: str, record_id: str, column: str, line: int, value: str) -> None:
    pkg = edited(name, record_id, **{column: value})
    assert texts(checks.nothing_happens_after_release, pkg) == [
        f'data/{name}.csv:{line}: {column}: "{value}" {AFTER_RELEASE}'
    ]


@pytest.mark.parametrize("value", ["2026-11-23", "2026-11", "2026", "", "2026-13"])
def test_dated_on_or_before_release(value: str) -> None:
    assert texts(checks.nothing_happens_after_release, edited("progress", "g1", date=value)) == []


@pytest.mark.parametrize("created", [None, "", "2026", "yesterday"])
def test_no_release_date_no_check(created: str | None) -> None:
    pkg = edited("progress", "g1", date="9999")
    if created is None:
        del pkg.descriptor["created"]
    else:
        pkg.descriptor["created"] = created
    assert texts(checks.nothing_happens_after_release, pkg) == []


def test_other_dates_may_follow_the_release() -> None:
    assert texts(checks.nothing_happens_after_release, edited("tasks", "k1", deadline="2030")) == []


def test_dates_not_after_release_are_the_flagged_fields() -> None:
    pkg = edited("tasks", "k1", deadline="2030")
    next(f for f in pkg.fields("tasks") if f["name"] == "deadline")["x-not-after-release"] = True
    assert texts(checks.nothing_happens_after_release, pkg) == [f'data/tasks.csv:2: deadline: "2030" {AFTER_RELEASE}']
    pkg = edited("events", "ev1", date="2027")
    next(f for f in pkg.fields("events") if f["name"] == "date")["x-not-after-release"] = False
    assert texts(checks.nothing_happens_after_release, pkg) == []


# progress_is_reported

DONE = (
    "is empty but status is done: a task or target counts as achieved only on a report that quotes and cites its source"
)


@pytest.mark.parametrize("column", ["source_wording", "source"])
def test_done_without_its_source(column: str) -> None:
    assert texts(checks.progress_is_reported, edited("progress", "g1", **{column: ""})) == [
        f'data/progress.csv:2: {column}: "" {DONE}'
    ]


@pytest.mark.parametrize("status", ["in-progress", "delayed", "not-started", ""])
def test_other_statuses_are_left_to_the_schema(status: str) -> None:
    pkg = edited("progress", "g1", status=status, source_wording="", source="")
    assert texts(checks.progress_is_reported, pkg) == []


def test_value_on_a_task() -> None:
    assert texts(checks.progress_is_reported, edited("progress", "g1", value="1")) == [
        'data/progress.csv:2: value: "1" is filled but the report is on task k1: a task has no value (leave it empty)'
    ]


def test_value_on_a_target_without_unit() -> None:
    pkg = edited("targets", "t1", comparator="", value="", unit_vi="", unit_en="")
    assert texts(checks.progress_is_reported, pkg) == [
        'data/progress.csv:3: value: "93" is filled but target t1 has no unit (a value needs a quantified target)'
    ]


@pytest.mark.parametrize(("value", "unit"), [("0", "%"), ("100", "%"), ("150", "doctors"), ("", "%")])
def test_value_on_a_target_with_a_unit(value: str, unit: str) -> None:
    rows = rows_of("progress")
    rows[1]["value"] = value
    pkg = world(progress=rows)
    pkg.tables["targets"].rows[0].update(unit_vi="bác sĩ" if unit == "doctors" else unit, unit_en=unit)
    assert texts(checks.progress_is_reported, pkg) == []


@pytest.mark.parametrize("value", ["100.1", "-1"])
def test_value_not_a_percentage(value: str) -> None:
    assert texts(checks.progress_is_reported, edited("progress", "g2", value=value)) == [
        f'data/progress.csv:3: value: "{value}" is not a percentage between 0 and 100'
    ]


def test_progress_tolerates_rows_without_a_value() -> None:
    pkg = world()
    pkg.tables["progress"].rows = [{"id": "g1", "task_id": "k1", "status": "in-progress"}, {"id": "g2"}]
    assert texts(checks.progress_is_reported, pkg) == []


def test_value_without_task_or_target_is_left_to_exactly_one() -> None:
    # not matched with a target row that lacks its id either
    pkg = world(targets=[{"id": ""}])
    pkg.tables["progress"].rows[1]["target_id"] = ""
    assert texts(checks.progress_is_reported, pkg) == []


def test_value_on_an_unknown_target_or_not_a_number_is_skipped() -> None:
    assert texts(checks.progress_is_reported, edited("progress", "g2", target_id="zz")) == []
    assert texts(checks.progress_is_reported, edited("progress", "g2", value="many")) == []


def test_checks_tolerate_missing_columns() -> None:
    pkg = world()
    for table in pkg.tables.values():
        table.rows = [{"id": row["id"]} for row in table.rows]
    found = {check.__name__: texts(check, pkg) for check in checks.CHECKS}
    uncited = "is not cited by any record (cite it or remove it)"
    headline = "is empty and so is title: a source needs a link or the article's printed headline"
    no_document = "is empty and so is local_plan_id: fill one with the id of the document that sets the target"
    no_setter = (
        "is empty and so are set_by_local_plan and set_by_event: "
        "fill one with the id of the document or event that sets the task"
    )
    no_subject = "is empty and so is target_id: fill one with the id of the task or target it reports on"
    no_record = "is empty, and so are local_plan_ids and target_ids: an excerpt concerns at least one record"
    assert found == {
        "text_is_clean": [],
        "patterns_match": [],
        "numbers_are_finite": [],
        "ids_are_safe": [],
        "dates_are_real": [],
        "list_references_hold": [],
        "urls_are_web_links": [],
        "sources_are_named": [],
        "inferences_are_explained": [],
        "human_text_names_no_ids": [],
        "numbers_agree": [],
        "sources_are_identified_and_cited": [
            f'data/sources.csv:2: url: "" {headline}',
            f'data/sources.csv:2: id: "s1" {uncited}',
            f'data/sources.csv:3: url: "" {headline}',
            f'data/sources.csv:3: id: "s2" {uncited}',
        ],
        "translations_are_explained": [],
        "printed_texts_say_whose": [],
        "exactly_one_is_filled": [
            f"data/targets.csv:2: resolution_id: {no_document}",
            f"data/targets.csv:3: resolution_id: {no_document}",
            f"data/tasks.csv:2: set_by_resolution: {no_setter}",
            f"data/tasks.csv:3: set_by_resolution: {no_setter}",
            f"data/tasks.csv:4: set_by_resolution: {no_setter}",
            f"data/progress.csv:2: task_id: {no_subject}",
            f"data/progress.csv:3: task_id: {no_subject}",
        ],
        "setters_come_first": [],
        "targets_are_consistent": [],
        "local_plans_are_local": [],
        "implements_is_acyclic": [],
        "excerpts_are_attached": [
            f'data/news_excerpts.csv:2: resolution_ids: "" {no_record}',
            f'data/news_excerpts.csv:3: resolution_ids: "" {no_record}',
        ],
        "vietnamese_is_translated": [],
        "positions_are_dated": [],
        "nothing_happens_after_release": [],
        "progress_is_reported": [],
    }


def test_url_empty_is_skipped_and_the_next_ones_checked() -> None:
    rows = rows_of("sources")
    rows.insert(0, dict(rows[1], id="s0", url=""))
    rows[2]["url"] = rows[1]["url"]
    assert texts(checks.urls_are_web_links, world(sources=rows)) == [
        'data/sources.csv:4: url: "https://example.org/news/1" is the same URL as the source on line 3 (merge the two)'
    ]


def test_checks_tolerate_rows_without_any_column() -> None:
    pkg = world()
    for table in pkg.tables.values():
        table.rows = [{} for _ in table.rows]
    found = {check.__name__: texts(check, pkg) for check in checks.CHECKS}
    assert {name: len(lines) for name, lines in found.items() if lines} == {
        "sources_are_identified_and_cited": 2,
        "exactly_one_is_filled": 7,
        "excerpts_are_attached": 2,
    }
    assert found["sources_are_identified_and_cited"][1] == (
        'data/sources.csv:3: url: "" is empty and so is title: a source needs a link or the article\'s printed headline'
    )
    assert found["exactly_one_is_filled"][0] == (
        "data/targets.csv:2: resolution_id: is empty and so is local_plan_id: "
        "fill one with the id of the document that sets the target"
    )


# sources_are_named: a source the tracker cannot name says why


def test_a_source_without_url_outlet_or_date_says_why_in_every_language() -> None:
    assert texts(checks.sources_are_named, world()) == []  # s2 has no URL, and its notes say so
    pkg = edited("sources", "s2", outlet="", published="", notes_en="The printed copy has no URL or date.")
    assert texts(checks.sources_are_named, pkg) == [
        "data/sources.csv:3: outlet: \"\" is empty and notes_vi does not say why (mention 'outlet' or "
        "'cơ quan báo chí': a source the tracker cannot name needs notes that explain it)",
        "data/sources.csv:3: published: \"\" is empty and notes_vi does not say why (mention 'date' or "
        "'ngày': a source the tracker cannot name needs notes that explain it)",
    ]
    pkg = edited("sources", "s2", notes_en="The printed copy has no link.")
    assert texts(checks.sources_are_named, pkg) == [
        "data/sources.csv:3: url: \"\" is empty and notes_en does not say why (mention 'URL': a source the "
        "tracker cannot name needs notes that explain it)"
    ]
    assert texts(checks.sources_are_named, edited("sources", "s2", notes_en="NO url here.")) == []  # any case


# human_text_names_no_ids: readers see words, not raw ids or column names


def test_human_text_names_records_and_columns_in_words() -> None:
    assert texts(checks.human_text_names_no_ids, world()) == []
    pkg = edited("resolutions", "r1", notes_en="Issued by the city (see hp-committee).", notes_vi="Xem title_vi.")
    assert texts(checks.human_text_names_no_ids, pkg) == [
        'data/resolutions.csv:2: notes_en: "Issued by the city (see hp-committee)." mentions the record id '
        "'hp-committee' (say it in words: a number, a title, a few words)",
        "data/resolutions.csv:2: notes_vi: \"Xem title_vi.\" mentions the column name 'title_vi' (say it in words: "
        "a number, a title, a few words)",
    ]
    # part of a longer word, a URL, another case or a code (VN-HP, ISO 3166-2) is not a mention
    notes = "The hp-committees met in VN-HP; https://x.org/hp-committee/, HP-COMMITTEE."
    pkg = edited("resolutions", "r1", notes_en=notes)
    assert texts(checks.human_text_names_no_ids, pkg) == []


def test_an_inference_is_explained_and_never_achieves() -> None:
    assert texts(checks.inferences_are_explained, world()) == []
    pkg = edited("progress", "g1", inferred="true", status="in-progress", notes_vi="Suy luận: cùng đề án.", notes_en="")
    assert texts(checks.inferences_are_explained, pkg) == [
        "data/progress.csv:2: inferred: \"true\" is true but notes_en does not say so (mention 'Inference' or "
        "'Suy luận': say what the tracker inferred and why)"
    ]
    notes = {"notes_vi": "Suy luận của nhóm biên soạn: cùng đề án.", "notes_en": "Inference: the same project."}
    assert texts(checks.inferences_are_explained, edited("progress", "g1", inferred="true", **notes)) == []
    # an inferred report is never done: the achieved status it would make rests on an inference
    assert texts(checks.progress_is_reported, edited("progress", "g1", inferred="true", **notes)) == [
        'data/progress.csv:2: status: "done" is done but the report is linked by inference: an achieved status needs '
        "evidence that is not an inference (record it as in progress, or cite a source that reports the work done)"
    ]
    assert texts(checks.progress_is_reported, edited("progress", "g1", inferred="false", **notes)) == []
    # a flag X_inferred marks field X, which must be filled
    pkg = edited("tasks", "k2", output_inferred="true", **notes)
    assert texts(checks.inferences_are_explained, pkg) == [
        'data/tasks.csv:3: output_inferred: "true" is true but output is empty (only a filled output can be linked '
        "by inference)"
    ]
    assert texts(checks.inferences_are_explained, edited("tasks", "k1", output_inferred="true", **notes)) == []


@pytest.mark.parametrize(
    ("vi", "en"),
    [
        ("Tổng vốn 88.635 tỷ đồng", "VND 88,635 billion"),
        ("Tỷ lệ bao phủ 95,5% năm 2026", "coverage of 95.5% in 2026"),
        ("Ngày 15/10/2025", "On 15 October 2025"),
        ("trình Quốc hội khóa XV tại Kỳ họp thứ 10", "submit it to the 15th National Assembly at its 10th session"),
        ("hơn 150 nghìn cán bộ", "over 150,000 cadres"),
        ("tỷ lệ 2026 tỷ lệ", "rate 2026 rate"),  # "tỷ lệ" (rate) does not multiply the number before it
        ("bốn tháng sau", "4 months later"),  # below 10: as often a word as digits
        ("Bài ghi “hơn 88,6 tỷ đồng” nhầm.", "The article misprints hơn 88,6 tỷ đồng."),  # quotations are left out
    ],
)
def test_numbers_agree_in_both_languages(vi: str, en: str) -> None:
    pkg = edited("resolutions", "r1", notes_vi=vi, notes_en=en.replace("hơn 88,6 tỷ đồng", '"hơn 88,6 tỷ đồng"'))
    assert texts(checks.numbers_agree, pkg) == []


def test_numbers_that_differ_are_refused() -> None:
    pkg = edited(
        "resolutions",
        "r1",
        notes_vi="Ban hành ngày 16/9/2025, vốn 88.635 tỷ đồng.",
        notes_en="Issued on 15 September 2025.",
    )
    assert texts(checks.numbers_agree, pkg) == [
        'data/resolutions.csv:2: notes_vi: "Ban hành ngày 16/9/2025, vốn 88.635 tỷ đồng." gives other numbers or dates '
        "than notes_en (16, 88,635,000,000,000 only here; 15 only in notes_en): a text and its translation state the "
        "same facts (write a number of 10 or more, a year or a day the same in both, or put a quotation in quotation "
        "marks)"
    ]
    # a quote is the source's words in its own language: never compared
    pkg = edited("tasks", "k1", source_wording="trong 12 tháng")
    assert texts(checks.numbers_agree, pkg) == []
