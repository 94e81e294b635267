"""Unit tests of tracker.status: the status of a target or task as of the release date."""

from __future__ import annotations

from datetime import date

import pytest

from tracker import status

RELEASE = date(2026, 11, 23)  # the package's release date; six months later is 2027-05-23


def report(status_code: str, day: str, report_id: str = "p") -> dict:
    return {"id": report_id, "status": status_code, "date": day}


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        # a day
        ("2026-11-22", "overdue"),
        ("2026-11-23", "due-soon"),  # the release date itself is not past
        ("2027-05-23", "due-soon"),  # exactly six months later
        ("2027-05-24", "later"),
        # a month ends on its last day
        ("2026-10", "overdue"),
        ("2026-11", "due-soon"),  # ends on 30 November, after the release date
        ("2027-04", "due-soon"),
        ("2027-05", "later"),  # ends on 31 May, after 23 May
        # a year ends on 31 December
        ("2025", "overdue"),
        ("2026", "due-soon"),
        ("2027", "later"),
        ("", "no-deadline"),
    ],
)
def test_status_by_deadline(deadline: str, expected: str) -> None:
    assert status.assess(deadline, [], RELEASE).code == expected


def test_end_is_the_last_day_of_the_period() -> None:
    assert status.assess("2024-02", [], RELEASE).end == date(2024, 2, 29)
    assert status.assess("2030", [], RELEASE).end == date(2030, 12, 31)
    assert status.assess("2026-11-23", [], RELEASE).end == RELEASE
    assert status.assess("", [], RELEASE).end is None


def test_six_calendar_months_from_a_long_month_end_at_a_short_one() -> None:
    release = date(2026, 8, 31)  # six months later: 28 February 2027
    assert status.assess("2027-02-28", [], release).code == "due-soon"
    assert status.assess("2027-03-01", [], release).code == "later"
    assert status.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert status.add_months(date(2026, 7, 15), 6) == date(2027, 1, 15)
    assert status.add_months(date(2026, 6, 30), 6) == date(2026, 12, 30)


def test_a_report_of_done_wins_over_any_deadline() -> None:
    done = report("done", "2025-09-16", "done")
    found = status.assess("2025-05", [report("delayed", "2026-01", "late"), done], RELEASE)
    # It keeps its deadline's last day, by which the tables sort it (not after the undated ones).
    assert found == status.Status("achieved", done, date(2025, 5, 31))
    assert status.assess("", [done], RELEASE) == status.Status("achieved", done, None)
    assert status.assess("2030", [done], RELEASE).code == "achieved"


def test_the_latest_report_is_the_evidence() -> None:
    older, newer = report("in-progress", "2025-09", "older"), report("delayed", "2026-02-01", "newer")
    assert status.assess("2025", [newer, older], RELEASE) == status.Status("overdue", newer, date(2025, 12, 31))
    assert status.assess("2030", [older, newer], RELEASE).evidence is newer
    assert status.assess("2027-01", [older, newer], RELEASE) == status.Status("due-soon", newer, date(2027, 1, 31))
    assert status.assess("", [older], RELEASE).evidence is older
    assert status.assess("2030", [], RELEASE).evidence is None


def test_latest_by_date_text_then_file_order() -> None:
    a, b = report("in-progress", "2025", "a"), report("in-progress", "2025-03", "b")
    c = report("delayed", "2025-03", "c")
    assert status.latest([b, a]) is b  # a partial date sorts first, as text
    assert status.latest([b, c]) is c  # same date: the later one in the file
    assert status.latest([]) is None
    two = [report("done", "2025-01", "d1"), report("done", "2025-02", "d2")]
    assert status.assess("", two, RELEASE).evidence is two[1]


def test_annotate_orders_overdue_first_and_achieved_last() -> None:
    def record(kind: str, record_id: str, deadline: str, reports: list[dict] | None = None) -> dict:
        return {"_kind": kind, "id": record_id, "deadline": deadline, "_in": {"progress": reports} if reports else {}}

    kinds = {
        "targets": [
            record("targets", "t-later", "2030"),
            record("targets", "t-done", "2020", [report("done", "2021")]),
        ],
        "tasks": [
            record("tasks", "k-none", ""),
            record("tasks", "k-soon", "2027-01"),
            record("tasks", "k-over-month", "2025-11"),
            record("tasks", "k-over-year", "2025"),
            record("tasks", "k-over-day", "2025-12-31"),
        ],
        "issuers": [{"_kind": "issuers", "id": "i", "_in": {}}],  # no deadline field: not a commitment
    }
    ordered = status.annotate(kinds, RELEASE)
    assert [r["id"] for r in ordered] == [
        "k-over-month",
        "k-over-year",  # ends on 31 December 2025, like the next, and "2025" sorts first
        "k-over-day",
        "k-soon",
        "t-later",
        "k-none",
        "t-done",
    ]
    assert kinds["targets"][1]["_status"].code == "achieved"
    assert "_status" not in kinds["issuers"][0]
    assert [status.ORDER[r["_status"].rank] for r in ordered] == [r["_status"].code for r in ordered]


def document(issued: str, document_id: str = "doc") -> dict:
    return {"id": document_id, "date_issued": issued}


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        ("2025", "achieved"),  # a year that began before the release date
        ("2026-11-23", "achieved"),  # issued on the release date itself
        ("2026-11", "achieved"),  # the release date's month: it began before the release date
        ("2026-11-24", "overdue"),  # after the release date: not yet issued
        ("2026-12", "overdue"),
        ("2027", "overdue"),
        ("", "overdue"),  # no issue date: in preparation, not issued
    ],
)
def test_an_issued_output_achieves_the_task(issued: str, expected: str) -> None:
    output = document(issued)
    found = status.assess("2025-05", [], RELEASE, output)
    assert found.code == expected
    if expected == "achieved":
        assert found == status.Status("achieved", output, date(2025, 5, 31), "output")
    else:
        assert found == status.Status("overdue", None, date(2025, 5, 31), "report")


def test_a_report_of_done_comes_before_the_output_and_other_reports_stay_evidence() -> None:
    done, output = report("done", "2025-09-16", "done"), document("2025-09")
    found = status.assess("2025", [done], RELEASE, output)
    assert found == status.Status("achieved", done, date(2025, 12, 31), "report")
    late = report("delayed", "2026-01", "late")
    assert status.assess("", [late], RELEASE, output) == status.Status("achieved", output, None, "output")
    assert status.assess("2030", [late], RELEASE, document("")) == status.Status("later", late, date(2030, 12, 31))
    assert status.assess("2030", [], RELEASE, None).code == "later"
    assert not status.issued(None, RELEASE)
    assert not status.issued({"id": "no-date-field"}, RELEASE)
    assert status.ISSUED == "date_issued"
    assert status.OUTPUT == "output"


def test_annotate_reads_the_linked_output() -> None:
    issued, draft = document("2025-09-16", "issued"), document("", "draft")
    kinds = {
        "tasks": [
            {"_kind": "tasks", "id": "a", "deadline": "2025-05", "_in": {}, "_output": issued},
            {"_kind": "tasks", "id": "b", "deadline": "2025-05", "_in": {}, "_output": draft},
            {"_kind": "tasks", "id": "c", "deadline": "2025-05", "_in": {}, "_output": None},
        ]
    }
    ordered = status.annotate(kinds, RELEASE)
    assert [(r["id"], r["_status"].code) for r in ordered] == [("b", "overdue"), ("c", "overdue"), ("a", "achieved")]
    assert ordered[2]["_status"].evidence is issued
    assert ordered[2]["_status"].basis == "output"


# freshness: a status is only as true as its newest evidence


def commitment(source_date: str = "", reports: list[dict] | None = None, searched: str = "") -> dict:
    return {
        "_source": {"published": source_date},
        "_in": {"progress": reports or []},
        "searched": searched,
    }


def test_the_newest_evidence_is_the_latest_of_the_source_the_reports_and_their_sources() -> None:
    reports = [
        {**report("in-progress", "2026-08"), "_source": {"published": "2026-09-02"}},
        {**report("in-progress", "2025-12-30"), "_source": {"published": ""}},
    ]
    found = status.freshness(commitment("2025-05", reports, "2026-12-07"), RELEASE)
    assert found == status.Freshness("2026-09-02", "2026-12-07", False)
    # a year counts to its last day: 2026 (to 31 December) is newer than 2026-09-02
    reports[1]["date"] = "2026"
    assert status.freshness(commitment("2025-05", reports), RELEASE).newest == "2026"


@pytest.mark.parametrize(
    ("newest", "stale"),
    [
        ("2026-05-23", False),  # six months before the release date: not yet stale
        ("2026-05-22", True),
        ("2026-05", False),  # ends on 31 May
        ("2026-04", True),
        ("2025", True),
        ("", True),  # nothing dated: say so
    ],
)
def test_a_status_may_be_out_of_date_six_months_after_its_newest_evidence(newest: str, stale: bool) -> None:
    assert status.freshness(commitment(newest), RELEASE).stale is stale


def test_commitments_searched_since_the_previous_release() -> None:
    records = [
        {"id": "a", "searched": "2026-11-27"},
        {"id": "b", "searched": "2026-11-26"},  # the day of the previous release, which may be this one's too
        {"id": "c", "searched": ""},
        {"id": "d"},
        {"id": "e", "searched": "2026-11-25"},  # before the previous release: searched for that one
    ]
    assert [r["id"] for r in status.searched_since(records, "2026-11-26")] == ["a", "b"]
    assert [r["id"] for r in status.searched_since(records, None)] == ["a", "b", "e"]


def test_annotate_sets_the_freshness() -> None:
    record = {**commitment("2026-10-01"), "id": "t", "deadline": "", "_kind": "tasks"}
    status.annotate({"tasks": [record]}, RELEASE)
    assert record["_fresh"] == status.Freshness("2026-10-01", "", False)
