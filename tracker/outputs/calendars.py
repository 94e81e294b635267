"""iCalendar files (RFC 5545) of the dated commitments, for a newsroom's calendar, written with the
icalendar library beside each language's pages (MkDocs copies them as they are): `/calendars/` in
English, `/vi/calendars/` in Vietnamese.

- `calendars/deadlines.ics`: every target and task with a deadline;
- `calendars/<x-path>/<id>.ics` for every record of a resource marked `"x-feed": true` (topics,
  provinces and cities, bodies), the same as for the feeds: the commitments that name it. A record
  with none has no calendar (a calendar holds at least one event).

Each commitment is one all-day event on the last day of its deadline's period, as the statuses count
it (tracker/status.py): a deadline the source gives as a year (2030) falls on 31 December, and the
event's text says that the source gives only the year or the month. Its text gives what it is,
where it applies, who must deliver it, its status as of the release date and its page. Its UID is
the canonical address of its page, and every date comes from the data (DTSTAMP is the release
date), so the files are the same bytes from build to build and an update replaces each event.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from icalendar import Calendar, Event

from tracker import untrusted
from tracker.feeds import feed_kinds, placed
from tracker.language import View

if TYPE_CHECKING:
    from tracker.outputs.run import Run

Record = dict[str, Any]
EACH_LANGUAGE = True
FOLDER = "calendars"
ALL = f"{FOLDER}/deadlines.ics"


def _has_deadline(record: Record) -> bool:
    return record.get("_status") is not None and record["_status"].end is not None


def dated(records: list[Record]) -> list[Record]:
    """The commitments among records that have a deadline, by its last day, then resource and id."""
    return sorted(filter(_has_deadline, records), key=lambda r: (r["_status"].end, r["_kind"], r["id"]))


def _file(record: Record) -> str:
    return f"{FOLDER}/{record['_url'].rstrip('/')}.ics"


def path(record: Record) -> str:
    """A followed record's calendar, from the language's root ("" when it names no dated commitment)."""
    return _file(record) if any(map(_has_deadline, record["_records"])) else ""


def write(run: Run) -> int:
    """Every calendar of the run's language into its pages' folder; how many. Each commitment's
    event is built once, whatever the number of calendars it is in."""
    view, strings = run.view, run.view.strings
    words = strings["calendars"]
    stamp = datetime.fromisoformat(run.data["today"]).replace(tzinfo=UTC)
    every = dated(run.deadlines)
    events = {id(r): _event(r, view, stamp) for r in every}
    count = _write(run.docs, ALL, words["all"], [events[id(r)] for r in every], view)
    for kind in feed_kinds(run.package.descriptor):
        for record in run.data["kinds"].get(kind, []):
            own = dated(record["_records"])
            if own:
                name = words["record"].format(kind=strings["kinds"][kind], name=record["_label"])
                count += _write(run.docs, _file(record), name, [events[id(r)] for r in own], view)
    return count


def _write(out: Path, where: str, name: str, events: list[Event], view: View) -> int:
    calendar = Calendar()
    calendar.add("prodid", f"-//{view.strings['site_name']}//{view.code}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # what most calendar programs read
    calendar.add("url", view.site_url + where)
    for event in events:
        calendar.add_component(event)
    target = untrusted.within(out, where)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(calendar.to_ical())
    return 1


def _event(record: Record, view: View, stamp: datetime) -> Event:
    strings, words = view.strings, view.strings["calendars"]
    found = record["_status"]
    day: date = found.end
    deadline = record["deadline"]
    precision = {4: words["year_only"], 7: words["month_only"]}.get(len(deadline), "")
    responsible = record.get("_responsible")
    event = Event()
    event.add("uid", view.url(record))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    event.add("summary", words["summary"].format(label=placed(record, record["_label"])))
    event.add(
        "description",
        words["description"].format(
            kind=strings["kinds"][record["_kind"]],
            deadline=view.date(deadline) + (f" ({precision})" if precision else ""),
            responsible=responsible["_label"] if responsible else strings["words"]["not_stated_source"],
            status=strings["commitment_statuses"][found.code],
            date=view.date(stamp.date().isoformat()),
            url=view.url(record),
        ),
    )
    event.add("url", view.url(record))
    event.add("categories", [strings["kinds"][record["_kind"]]])
    return event
