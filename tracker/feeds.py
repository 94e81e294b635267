"""Atom feeds of one language's site, written with feedgen beside its Markdown pages.

The build calls `write` once per language (tracker/outputs); MkDocs copies the files as they are, so
English feeds are under `/feeds/` and Vietnamese ones under `/vi/feeds/`:

- `feeds/whats-new.xml`: the release, as one entry linking to its What's new page, then the records
  it added or changed (from `diff.release`, the record diff with the previous release kept in
  `releases/`);
- `feeds/deadlines.xml`: the targets and tasks overdue or due within six months as of the release
  date (`tracker/status.py`), in the Deadlines page's order;
- `feeds/<x-path>/<id>.xml` for every record of a resource the descriptor marks `"x-feed": true`
  (topics, provinces and cities, bodies): the records that refer to it, latest change first.

A record's entry is titled with its label and summed up by its kind and the text of its
resource's `x-summary` field in the feed's language (`_summary`, set by tracker/records.py).

Every date comes from the data, never the clock. A record's entry is dated by its own newest
evidence (`evidence_day`): a meeting's or report's day, a document's issue, a source's publication,
an excerpt's source's, a commitment's newest evidence (tracker/status.py); a partial date counts
as its period's last day, but never later than the release date. A record with no dated evidence
(a topic, a body) is dated by the release that last added or changed it. A deadline's entry is
updated on the day its status began (the day after an overdue deadline's last day; six months
before a due-soon deadline's last day). Entry ids are the canonical URL of the record's page in the
feed's language (a deadline's adds `#<status>`, so a new status is a new entry), so they stay the
same from build to build and release to release.

No feed is cut: a feed holds every entry, PAGE_ENTRIES to a document, newest first, in documents
linked as RFC 5005 pages (`first`, `previous`, `next`, `last`): `feeds/topics/health-insurance.xml`,
then `feeds/topics/health-insurance/page-2.xml`, ... Each record's entry is built once, so feeds cost
the same per record at any size of the data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from tracker import dates, status, untrusted
from tracker.diff import Release
from tracker.language import View

if TYPE_CHECKING:
    from tracker.outputs.run import Run

Record = dict[str, Any]
FOLDER = "feeds"
PAGE_ENTRIES = 20  # entries of one feed document; the rest are on its next pages (RFC 5005)
OWN_DATES = ("date", "date_issued", status.PUBLISHED)  # a meeting's or report's day, an issue, a publication


def feed_kinds(descriptor: dict[str, Any]) -> list[str]:
    """The resources whose every record has its own feed (`"x-feed": true` in the descriptor)."""
    return [r["name"] for r in descriptor["resources"] if r.get("x-feed")]


def feed_path(record: Record) -> str:
    """A record's feed, from the language's root: `feeds/topics/health-insurance.xml`."""
    return f"{FOLDER}/{record['_url'].rstrip('/')}.xml"


def whats_new_path(version: str) -> str:
    return f"whats-new/{version}/"


def changed_ids(release: Release) -> dict[str, set[str]]:
    """Resource -> ids of its records added or changed in the release."""
    return {
        d.name: {", ".join(key) for key, _ in d.added} | {", ".join(c.key) for c in d.changed} for d in release.diffs
    }


def _day(value: str | date) -> datetime:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class Writer:
    """Builds and writes one language's feeds, as its view writes dates and addresses."""

    def __init__(self, out: Path, view: View) -> None:
        self.out = out
        self.view = view
        self.site_url = view.site_url
        self.t = view.strings
        self.language = view.code
        self.entries: dict[int, FeedEntry] = {}

    def feed(self, path: str, title: str, page: str, updated: datetime, entries: list[FeedEntry]) -> int:
        """Write a feed of every entry, PAGE_ENTRIES a document (RFC 5005's paged feeds: the first at
        path, the others at path's stem/page-N.xml); how many documents."""
        chunks = [entries[i : i + PAGE_ENTRIES] for i in range(0, len(entries), PAGE_ENTRIES)] or [[]]
        addresses = [path] + [f"{path.removesuffix('.xml')}/page-{n}.xml" for n in range(2, len(chunks) + 1)]
        for number, (address, chunk) in enumerate(zip(addresses, chunks, strict=True)):
            generator = FeedGenerator()
            generator.id(self.site_url + path)  # one feed, whichever page
            generator.title(title)
            generator.subtitle(self.t["site_description"])
            generator.author(name=self.t["site_name"])
            generator.link(href=self.site_url + address, rel="self", type="application/atom+xml")
            generator.link(href=self.site_url + page, rel="alternate", type="text/html")
            if len(chunks) > 1:
                pages = {"first": 0, "previous": number - 1, "next": number + 1, "last": len(chunks) - 1}
                for rel, other in pages.items():
                    if 0 <= other < len(chunks):
                        generator.link(href=self.site_url + addresses[other], rel=rel, type="application/atom+xml")
            generator.language(self.language)
            generator.generator(self.t["site_name"])
            generator.rights("CC-BY-4.0")
            generator.updated(updated)
            for entry in chunk:
                generator.add_entry(entry, order="append")
            target = untrusted.within(self.out, address)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(generator.atom_str(pretty=True))
        return len(chunks)

    def entry(self, record: Record, updated: datetime) -> FeedEntry:
        """A record's entry (built once per record and language)."""
        found = self.entries.get(id(record))
        if found is None:
            found = FeedEntry()
            url = self.site_url + record["_url"]
            found.id(url)
            found.title(placed(record, record["_label"]))
            found.link(href=url, rel="alternate", type="text/html")
            found.updated(updated)
            found.category(term=record["_kind"], label=self.t["kinds"].get(record["_kind"], record["_kind"]))
            text = record["_summary"]  # its resource's `x-summary` field, in the feed's language
            kind = self.t["kinds"].get(record["_kind"], record["_kind"])
            found.summary(f"{kind}: {text}" if text else kind)
            self.entries[id(record)] = found
        return found


EACH_LANGUAGE = True


def write(run: Run) -> int:
    """Every feed of the run's language into its pages' folder (none without a release); how many."""
    release = run.site.release
    if release is None:
        return 0
    followed = feed_kinds(run.package.descriptor)
    return write_feeds(run.docs, run.view, run.data, run.deadlines, release, followed)


def write_feeds(
    out: Path,
    view: View,
    data: dict[str, Any],
    deadlines: list[Record],
    release: Release,
    followed: list[str],
) -> int:
    """Write every feed of one language into `out` (the language's docs folder): the release's, the
    deadlines', and one per record of the resources `followed`; return how many."""
    writer = Writer(out, view)
    strings = view.strings
    t = strings["feeds"]
    released = _day(release.date)
    earlier = _day(release.base_date) if release.base_date else released
    fresh = changed_ids(release)
    kinds: dict[str, list[Record]] = data["kinds"]

    def dated(record: Record) -> datetime:
        own = evidence_day(record, released.date())
        if own is not None:
            return _day(own)
        return released if record["id"] in fresh.get(record["_kind"], ()) else earlier

    days = {id(r): dated(r) for records in kinds.values() for r in records}  # each record's once, for every feed

    def updated(record: Record) -> datetime:
        return days[id(record)]

    page = whats_new_path(release.version)
    counts = {
        "added": sum(len(d.added) for d in release.diffs),
        "changed": sum(len(d.changed) for d in release.diffs),
        "removed": sum(len(d.removed) for d in release.diffs),
    }
    summary = FeedEntry()
    summary.id(writer.site_url + page)
    summary.title(t["release_title"].format(version=release.version))
    summary.link(href=writer.site_url + page, rel="alternate", type="text/html")
    summary.updated(released)
    summary.summary(t["release_summary"].format(date=view.date(release.date), **counts))
    new = [r for kind, records in kinds.items() for r in records if r["id"] in fresh.get(kind, ())]
    entries = [summary, *(writer.entry(r, updated(r)) for r in newest_first(new, updated))]
    count = writer.feed(f"{FOLDER}/whats-new.xml", t["whats_new"], page, released, entries)
    due = [deadline_entry(writer, r, release.date) for r in deadlines if r["_status"].code in ("overdue", "due-soon")]
    count += writer.feed(f"{FOLDER}/deadlines.xml", t["deadlines"], "deadlines/", released, due)
    for kind in followed:
        for record in kinds.get(kind, []):
            entries = [writer.entry(r, updated(r)) for r in newest_first(record["_records"], updated)]
            title = t["record_title"].format(kind=strings["kinds"][kind], name=record["_label"])
            count += writer.feed(feed_path(record), title, record["_url"], released, entries)
    return count


def newest_first(records: list[Record], updated: Any) -> list[Record]:
    """Records by their entry's date, newest first; on the same day, by resource and id."""
    ordered = sorted(records, key=lambda r: (r["_kind"], r["id"]))
    return sorted(ordered, key=updated, reverse=True)


def evidence_day(record: Record, release: date) -> date | None:
    """The day of a record's own newest evidence (OWN_DATES, its source's publication, a
    commitment's evidence: status.evidence_dates), a partial date counting as its period's last day
    but never after the release date; None when it has no dated evidence."""
    found = [record.get(name) or "" for name in OWN_DATES]
    source = record.get("_source")
    found += [source.get(status.PUBLISHED) or ""] if isinstance(source, dict) else []
    found += status.evidence_dates(record) if "_status" in record else []
    ends = [period[1] for period in map(dates.period, found) if period]
    return min(max(ends), release) if ends else None


def placed(record: Record, label: str) -> str:
    """A target's or task's label with where it applies, "{label} ({place})" (the same target is set
    for several places); any other record's label as it is."""
    place = record.get("_jurisdiction")
    if record.get("_kind") in ("targets", "tasks") and place:
        return f"{label.rstrip('.')} ({place['_label']})"
    return label


def deadline_entry(writer: Writer, record: Record, release_date: str) -> FeedEntry:
    """A target's or task's entry in the deadlines feed: its status as of the release date."""
    found: status.Status = record["_status"]
    t = writer.t
    assert found.end is not None  # overdue and due-soon commitments have a deadline
    began = (
        found.end + timedelta(days=1) if found.code == "overdue" else status.add_months(found.end, -status.SOON_MONTHS)
    )
    url = writer.site_url + record["_url"]
    responsible = record.get("_responsible")
    entry = FeedEntry()
    entry.id(f"{url}#{found.code}")
    word = t["commitment_statuses"][found.code]
    entry.title(f"{word}: {placed(record, record['_label'])}")
    entry.link(href=url, rel="alternate", type="text/html")
    entry.updated(_day(min(began, date.fromisoformat(release_date))))
    entry.category(term=found.code, label=word)
    entry.summary(
        t["feeds"]["deadline_summary"].format(
            kind=t["kinds"][record["_kind"]],
            place=record["_jurisdiction"]["_label"] if record.get("_jurisdiction") else "",
            deadline=writer.view.date(record["deadline"]),
            status=word,
            date=writer.view.date(release_date),
            responsible=responsible["_label"] if responsible else t["words"]["not_stated_source"],
        )
    )
    return entry
