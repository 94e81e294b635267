"""Unit tests of tracker.dates: the period a partial date stands for, and what is not a date."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tracker import dates


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("0001", date(1, 1, 1), date(1, 12, 31)),
        ("9999", date(9999, 1, 1), date(9999, 12, 31)),
        ("2025-01", date(2025, 1, 1), date(2025, 1, 31)),
        ("2025-04", date(2025, 4, 1), date(2025, 4, 30)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("1900-02", date(1900, 2, 1), date(1900, 2, 28)),
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29)),
        ("2025-06-15", date(2025, 6, 15), date(2025, 6, 15)),
        ("2025-01-01", date(2025, 1, 1), date(2025, 1, 1)),
        ("2025-12-31", date(2025, 12, 31), date(2025, 12, 31)),
        ("2025-04-30", date(2025, 4, 30), date(2025, 4, 30)),
        ("2024-02-29", date(2024, 2, 29), date(2024, 2, 29)),
        ("2000-02-29", date(2000, 2, 29), date(2000, 2, 29)),
    ],
)
def test_period(value: str, first: date, last: date) -> None:
    assert dates.period(value) == (first, last)
    assert re.match(dates.PATTERN, value)


@pytest.mark.parametrize(
    "value",
    [
        "0000",
        "0000-01",
        "0000-01-01",
        "2025-00",
        "2025-13",
        "2025-00-10",
        "2025-13-01",
        "2025-01-00",
        "2025-01-32",
        "2025-04-31",
        "2025-06-31",
        "2025-02-29",
        "1900-02-29",
        "2024-02-30",
    ],
)
def test_not_a_real_date(value: str) -> None:
    assert dates.period(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "25",
        "202",
        "20250",
        "2025-1",
        "2025-001",
        "2025-01-1",
        "2025/01",
        "2025-01-01T00:00",
        " 2025",
        "2025 ",
        "x2025",
        "2025-",
        "2025-01-",
        "٢٠٢٥",
    ],
)
def test_not_the_shape_of_a_date(value: str) -> None:
    assert dates.period(value) is None
    assert not re.match(dates.PATTERN, value)


def test_trailing_newline_is_not_a_date() -> None:
    assert dates.period("2025\n") is None
