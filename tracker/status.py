"""Status of a commitment (a target or a task) as of the package's release date.

The rules, in order (the README's "Statuses" section says the same):

1. `achieved`: a progress report on it has status `done`; the evidence is that report (the
   latest, if several say so). This wins over every date.
2. `no-deadline`: it has no deadline.
3. With `end` the last day of the deadline's period (`2030` ends on 31 December 2030,
   `2025-11` on 30 November 2025): `overdue` if `end` is before the release date, `due-soon` if
   `end` is at most six calendar months after it, `later` otherwise.

For the last four, the evidence is the latest progress report on it, if any (latest by date,
partial dates sorting as text; on the same date, the later row in the file). The release date
comes from the descriptor (`dates.release_date`), never from the machine's clock, so two builds
of the same data give the same statuses.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker import dates

Record = dict[str, Any]

# Statuses in the order the Deadlines page lists them.
ORDER = ("overdue", "due-soon", "later", "no-deadline", "achieved")
SOON_MONTHS = 6


@dataclass(frozen=True)
class Status:
    """A status code (one of ORDER), the report it rests on (or None) and the deadline's last day."""

    code: str
    evidence: Record | None
    end: date | None

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


def assess(deadline: str, reports: Iterable[Record], release: date) -> Status:
    """The status of a commitment with this deadline (a partial date, or "") and these progress
    reports (records with `status` and `date`), as of the release date."""
    reports = list(reports)
    done = latest(r for r in reports if r["status"] == "done")
    if done is not None:
        return Status("achieved", done, None)
    evidence = latest(reports)
    period = dates.period(deadline) if deadline else None
    if period is None:
        return Status("no-deadline", evidence, None)
    end = period[1]
    if end < release:
        return Status("overdue", evidence, end)
    if end <= add_months(release, SOON_MONTHS):
        return Status("due-soon", evidence, end)
    return Status("later", evidence, end)


def commitments(kinds: dict[str, list[Record]]) -> list[Record]:
    """The records that have a `deadline` field (targets and tasks), resource by resource."""
    return [r for records in kinds.values() for r in records if "deadline" in r]


def annotate(kinds: dict[str, list[Record]], release: date) -> list[Record]:
    """Set `_status` on every commitment (its progress reports are `_in["progress"]`) and return
    them in the Deadlines page's order: by status (ORDER), then the deadline's last day, the
    deadline as written (2025 before 2025-12-31), resource and id."""
    found = commitments(kinds)
    for record in found:
        record["_status"] = assess(record["deadline"], record["_in"].get("progress", []), release)
    return sorted(found, key=order_key)


def order_key(record: Record) -> tuple[int, date, str, str, str]:
    status = record["_status"]
    return (status.rank, status.end or date.max, record["deadline"], record["_kind"], record["id"])
