"""Status of a commitment (a target or a task) as of the package's release date.

The rules, in order (docs/statuses.md says the same):

1. `achieved`: a progress report on it has status `done`; the evidence is that report (the
   latest, if several say so). This wins over every date.
2. `achieved`: the document it is to produce (its `output`, a task's) has been issued: the
   document's issue date (`date_issued`, a partial date) begins on or before the release date.
   The evidence is that document, with no need for a progress report. An output linked by the
   tracker's inference (`output_inferred`) is not evidence, and a report linked by inference is
   never `done` (the validator refuses it): an achieved status rests on no inference.
3. `no-deadline`: it has no deadline.
4. With `end` the last day of the deadline's period (`2030` ends on 31 December 2030,
   `2025-11` on 30 November 2025): `overdue` if `end` is before the release date, `due-soon` if
   `end` is at most six calendar months after it, `later` otherwise.

For the four statuses of rules 3 and 4, the evidence is the latest progress report on it, if any (latest by date,
partial dates sorting as text; on the same date, the later row in the file). The release date
comes from the descriptor (`dates.release_date`), never from the machine's clock, so two builds
of the same data give the same statuses.

A status is only as true as its newest evidence (`freshness`): the latest date among the
commitment's own source and its progress reports (their dates and their sources'), beside the day
its evidence was last searched (`searched`); it may be out of date when that newest evidence ends
more than STALE_MONTHS before the release date, or when none of it is dated.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker import dates
from tracker.load import TRUE_VALUES
from tracker.records import DATED

Record = dict[str, Any]

# Statuses in the order the Deadlines page lists them.
ORDER = ("overdue", "due-soon", "later", "no-deadline", "achieved")
SOON_MONTHS = 6
# The field of a commitment that names the document it is to produce (a reference, linked by
# tracker/records.py as `_output`), and the field of that document that dates its issue: the
# timeline's "issued" date (records.DATED).
OUTPUT = "output"
OUTPUT_INFERRED = f"{OUTPUT}_inferred"  # true when that link is the tracker's inference: never evidence
ISSUED = next(name for name, what in DATED.items() if what == "issued_event")


@dataclass(frozen=True)
class Status:
    """A status code (one of ORDER), the record it rests on (or None) and the deadline's last day
    (None without a deadline; an achieved commitment's too, by which the tables sort it among the others).

    `basis` says what the evidence is: "report" (a progress report, or none) or "output" (the
    document the commitment was to produce, issued)."""

    code: str
    evidence: Record | None
    end: date | None
    basis: str = "report"

    @property
    def rank(self) -> int:
        return ORDER.index(self.code)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the month's last day if it is shorter
    (31 August + 6 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest(reports: Iterable[Record]) -> Record | None:
    """The latest report by date (text order; on the same date, the last one given), or None."""
    found = None
    for report in reports:
        if found is None or report["date"] >= found["date"]:
            found = report
    return found


def issued(document: Record | None, release: date) -> bool:
    """Whether a document was issued by the release date: its issue date (ISSUED, a partial date)
    begins on or before it. A document with no issue date (in preparation) is not issued."""
    period = dates.period(document.get(ISSUED, "")) if document else None
    return period is not None and period[0] <= release


def assess(deadline: str, reports: Iterable[Record], release: date, output: Record | None = None) -> Status:
    """The status of a commitment with this deadline (a partial date, or ""), these progress
    reports (records with `status` and `date`) and the document it is to produce (or None), as of
    the release date."""
    reports = list(reports)
    period = dates.period(deadline) if deadline else None
    end = period[1] if period else None  # an achieved commitment keeps it too: the tables sort by it
    done = latest(r for r in reports if r["status"] == "done")
    if done is not None:
        return Status("achieved", done, end)
    if issued(output, release):
        return Status("achieved", output, end, "output")
    evidence = latest(reports)
    if end is None:
        return Status("no-deadline", evidence, None)
    if end < release:
        return Status("overdue", evidence, end)
    if end <= add_months(release, SOON_MONTHS):
        return Status("due-soon", evidence, end)
    return Status("later", evidence, end)


STALE_MONTHS = 6
SEARCHED = "searched"  # a commitment's field: the day the tracker last searched for news of it
PUBLISHED = "published"  # a source's field: the day it was published


@dataclass(frozen=True)
class Freshness:
    """How fresh a commitment's status is: its newest evidence (a partial date, "" when none is
    dated), the day its evidence was last searched ("" when never since its own source), and
    whether the status may be out of date (`stale`)."""

    newest: str
    searched: str
    stale: bool


def evidence_dates(record: Record) -> list[str]:
    """The dates of what a commitment's status rests on: its own sources' publication dates, its
    progress reports' dates and their sources' publication dates (the undated left out)."""
    sources = [record.get("_source"), *record.get("_sources", [])]
    reports = record["_in"].get("progress", [])
    found = [s.get(PUBLISHED, "") for s in sources if s]
    found += [r["date"] for r in reports]
    found += [r["_source"].get(PUBLISHED, "") for r in reports if r.get("_source")]
    return [day for day in found if dates.period(day)]


def freshness(record: Record, release: date) -> Freshness:
    """The commitment's newest evidence (by the last day of its period), the day it was last
    searched, and whether it may be out of date: no dated evidence, or the newest ending more than
    STALE_MONTHS calendar months before the release date."""
    found = evidence_dates(record)
    newest = max(found, key=lambda day: (dates.period(day)[1], day)) if found else ""
    period = dates.period(newest)
    stale = period is None or period[1] < add_months(release, -STALE_MONTHS)
    return Freshness(newest, record.get(SEARCHED, ""), stale)


def searched_since(records: Iterable[Record], since: str | None) -> list[Record]:
    """The commitments whose evidence was searched on or after `since` (an ISO date: the previous
    release's, whose day may be this one's too; None: any search counts)."""
    return [
        r for r in records if r.get(SEARCHED) and (since is None or dates.period(r[SEARCHED])[0].isoformat() >= since)
    ]


def commitments(kinds: dict[str, list[Record]]) -> list[Record]:
    """The records that have a `deadline` field (targets and tasks), resource by resource."""
    return [r for records in kinds.values() for r in records if "deadline" in r]


def annotate(kinds: dict[str, list[Record]], release: date) -> list[Record]:
    """Set `_status` and `_fresh` (`freshness`) on every commitment (its progress reports are
    `_in["progress"]`, the document it is to produce `_output`) and return them in the Deadlines
    page's order: by status (ORDER), then the deadline's last day, the deadline as written (2025
    before 2025-12-31), resource and id."""
    found = commitments(kinds)
    for record in found:
        reports = record["_in"].get("progress", [])
        output = None if record.get(OUTPUT_INFERRED) in TRUE_VALUES else record.get(f"_{OUTPUT}")
        record["_status"] = assess(record["deadline"], reports, release, output)
        record["_fresh"] = freshness(record, release)
    return sorted(found, key=order_key)


def order_key(record: Record) -> tuple[int, date, str, str, str]:
    status = record["_status"]
    return (status.rank, status.end or date.max, record["deadline"], record["_kind"], record["id"])
