"""The deadlines as iCalendar files (RFC 5545), in both languages: one of every dated commitment and
one per topic, province or city, and body; each parsed by the icalendar library and checked against
the rules of RFC 5545 that calendar programs rely on, and against the CSV files."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import LANGUAGES, PACKAGE, SITE_URL, period_end, read_rows
from icalendar import Calendar

from tracker.records import link
from tracker.render import load_strings
from tracker.validate import check

RELEASE = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["created"][:10]


def parse(path: Path) -> Calendar:
    """A calendar file parsed strictly, after the rules of its text format (RFC 5545 §3.1)."""
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b""), path  # CRLF line ends only
    assert all(len(line) <= 75 for line in lines), path  # folded at 75 octets
    raw.decode("utf-8")
    parsed = Calendar.from_ical(raw)
    assert parsed.name == "VCALENDAR" and not parsed.errors, (path, parsed.errors)
    assert parsed["VERSION"] == "2.0" and parsed["PRODID"], path
    events = parsed.walk("VEVENT")
    assert events, path  # RFC 5545: at least one component
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), path
    for event in events:
        assert not event.errors, (path, event.errors)
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and end == start + timedelta(days=1), path  # one whole day
        assert event.decoded("DTSTAMP").isoformat().startswith(RELEASE)  # the data's date, never the clock
        assert str(event["SUMMARY"]).strip() and str(event["URL"]) == str(event["UID"])
    return parsed


def dated_rows() -> dict[str, str]:
    """Canonical English address -> deadline of every target and task with one, from the CSV files."""
    return {
        f"{SITE_URL}{kind}/{row['id'].lower()}/": row["deadline"]
        for kind in ("targets", "tasks")
        for row in read_rows(PACKAGE / "data" / f"{kind}.csv")
        if row["deadline"]
    }


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_calendar_of_every_deadline(built_site: Path, language: str) -> None:
    prefix = LANGUAGES[language]
    words = load_strings(language)["calendars"]
    parsed = parse(built_site / prefix / "calendars" / "deadlines.ics")
    assert str(parsed["X-WR-CALNAME"]) == words["all"] == str(parsed["NAME"])
    expected = {url.replace(SITE_URL, SITE_URL + prefix): deadline for url, deadline in dated_rows().items()}
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    assert events.keys() == expected.keys()
    for uid, event in events.items():
        deadline = expected[uid]
        assert event.decoded("DTSTART") == period_end(deadline), uid  # the deadline's last day
        description = str(event["DESCRIPTION"])
        assert uid in description
        if len(deadline) == 4:
            assert words["year_only"] in description, uid  # a year stays vague, and says so
        if len(deadline) == 10:
            assert words["year_only"] not in description and words["month_only"] not in description
        assert str(event["SUMMARY"]).startswith(words["summary"].split("{")[0])


def test_a_calendar_for_each_topic_place_and_body_with_deadlines(built_site: Path) -> None:
    problems, package = check(str(PACKAGE))
    assert not problems and package is not None
    followed = [r for r in package.descriptor["resources"] if r.get("x-feed")]
    data = link(package)
    dated = dated_rows()
    written = 0
    for resource in followed:
        for record in data["kinds"][resource["name"]]:
            own = {SITE_URL + r["_url"] for r in record["_records"]} & dated.keys()
            for prefix in LANGUAGES.values():
                path = built_site / prefix / "calendars" / resource["x-path"] / f"{record['id'].lower()}.ics"
                page = (built_site / prefix / resource["x-path"] / record["id"].lower() / "index.html").read_text(
                    encoding="utf-8"
                )
                calendar_link = f'href="../../calendars/{resource["x-path"]}/{record["id"].lower()}.ics"'
                if not own:
                    assert not path.exists() and calendar_link not in page, path  # no empty calendar
                    continue
                uids = {str(e["UID"]) for e in parse(path).walk("VEVENT")}
                assert uids == {u.replace(SITE_URL, SITE_URL + prefix) for u in own}, path
                assert calendar_link in page, path
                written += 1
    assert written > 10


def test_the_follow_and_deadlines_pages_link_the_calendars(built_site: Path) -> None:
    for language, prefix in LANGUAGES.items():
        words = load_strings(language)["calendars"]
        follow = (built_site / prefix / "follow" / "index.html").read_text(encoding="utf-8")
        assert f'href="../calendars/deadlines.ics" type="text/calendar">{words["all_link"]}</a>' in follow
        deadlines = (built_site / prefix / "deadlines" / "index.html").read_text(encoding="utf-8")
        assert 'href="../calendars/deadlines.ics" type="text/calendar"' in deadlines
