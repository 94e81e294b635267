"""Partial dates: YYYY, YYYY-MM or YYYY-MM-DD, as precise as a source allows.

They validate with one pattern, sort correctly as text and read naturally. A partial date
stands for a period: "2030" is the whole of 2030, "2025-05" the whole of May 2025.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_SHAPE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")


def period(value: str) -> tuple[date, date] | None:
    """First and last day of the period a partial date stands for, or None if it is not one."""
    match = _SHAPE.match(value)
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < 1 or month is not None and not 1 <= month <= 12:
        return None
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1), date(year, month, last)
    if not 1 <= day <= last:
        return None
    return date(year, month, day), date(year, month, day)


def release_date(descriptor: dict[str, object]) -> date | None:
    """The package's release date: the day of its descriptor's `created` (ISO 8601), or None.

    Statuses are computed as of this date, never the machine's clock, so a build is reproducible."""
    created = str(descriptor.get("created") or "")[:10]
    found = period(created) if len(created) == 10 else None
    return found[0] if found else None
