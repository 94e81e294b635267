"""One language's view of the site: its catalogue, how it writes dates and numbers, its addresses
and how it cites a record. Every output (pages, embeds, share images, charts, feeds) reads it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from tracker import catalogue

Record = dict[str, Any]


def languages(default: str = "en") -> list[str]:
    """The site's languages: one per interface catalogue (site/i18n/<lang>.yml), the default first."""
    return [default, *sorted(code for code in catalogue.codes() if code != default)]


def load_strings(language: str = "en") -> dict[str, Any]:
    """A language's catalogue (site/i18n/<lang>.yml)."""
    return catalogue.read(language)


_NUMBER = re.compile(r"(?P<sign>-?)(?P<whole>\d+)(?:\.(?P<fraction>\d+))?")


def format_number(value: object, numbers: dict[str, str]) -> str:
    """A decimal number written the catalogue's way (`numbers.decimal`, `numbers.group` for
    thousands, from 10 000 up): "95.5" is "95,5" in Vietnamese. Anything else is left as it is."""
    text = str(value)
    match = _NUMBER.fullmatch(text)
    if not match:
        return text
    whole = match["whole"]
    if numbers.get("group") and len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", numbers["group"])
    fraction = f"{numbers['decimal']}{match['fraction']}" if match["fraction"] else ""
    return f"{match['sign']}{whole}{fraction}"


def format_date(value: object, formats: dict[str, str], prose: bool = False) -> str:
    """An ISO date, or a partial one (a year, a month), written the catalogue's way
    (`dates.day`, `dates.month`, `dates.year` with {year}, {mm}, {dd}, {m}, {d}); with `prose`, a
    full date as running text writes it after a verb (`dates.day_prose`: "ngày 25/2/2026")."""
    text = str(value or "")
    parts = text.split("-")
    if not text or len(parts) > 3 or not all(p.isdigit() for p in parts):
        return text
    year, month, day = (parts + ["", ""])[:3]
    pattern = formats["day_prose" if prose else "day"] if day else formats["month"] if month else formats["year"]
    return pattern.format(
        year=year, mm=month, dd=day, m=str(int(month)) if month else "", d=str(int(day)) if day else ""
    )


@dataclass(frozen=True)
class View:
    """One language as the outputs read it. `code` is the catalogue's and the columns' suffix
    (`summary_vi`); `site_url` the language's root (ends in "/"); `top` the path from that root to
    the files all languages share ("" at `/`, "../" at `/vi/`); `version` and `released` (ISO) the
    data's, which citations name."""

    code: str
    strings: dict[str, Any] = field(repr=False)
    site_url: str = ""
    repo_url: str = ""
    top: str = ""
    version: str = ""
    released: str = ""
    corrections: str = ""  # the editors' e-mail address for corrections ("": none published)

    @classmethod
    def of(cls, code: str, **addresses: str) -> View:
        """The view of a language with its catalogue read from site/i18n."""
        return cls(code, load_strings(code), **addresses)

    def date(self, value: object, prose: bool = False) -> str:
        """A date written this language's way (the catalogue's `dates`)."""
        return format_date(value, self.strings["dates"], prose)

    def number(self, value: object) -> str:
        """A number written this language's way (the catalogue's `numbers`)."""
        return format_number(value, self.strings["numbers"])

    def url(self, record: Record) -> str:
        """The canonical address of a record's page in this language."""
        return self.site_url + record["_url"]

    def report_url(self, record: Record | None = None) -> str:
        """The repository's issue form for a problem in a record, its title and address filled in
        (without a record, the form as it is)."""
        query = {"template": "report-error.yml"}
        if record is not None:
            query["title"] = self.strings["contribute"]["report_title"].format(label=record["_label"])
            query["record"] = self.url(record)
        return f"{self.repo_url}/issues/new?{urlencode(query)}"

    def mail_url(self, record: Record) -> str:
        """A `mailto:` address (RFC 6068) to the editors, its subject and body filled in: the record,
        its address and the data's version; "" when no address is set."""
        if not self.corrections:
            return ""
        words = self.strings["contribute"]
        fields = {"label": record["_label"], "url": self.url(record), "version": self.version}
        fields["released"] = self.date(self.released)
        body = words["mail_body"].format(**fields).strip().replace("\n", "\r\n")  # RFC 6068's line breaks
        query = {"subject": words["mail_subject"].format(**fields), "body": body}
        return f"mailto:{quote(self.corrections, safe='@')}?{urlencode(query, quote_via=quote)}"

    def edit_url(self, record: Record, path: str) -> str:
        """The line of a record in its CSV file (`path`, the resource's) on the repository's main branch."""
        return f"{self.repo_url}/blob/main/datapackage/{path}#L{record['_line']}"

    def citation(self, record: Record, scope: dict[str, str]) -> str:
        """A record's citation: the data's version and release date, and for a commitment where it
        applies and what set it (`scope`: place, document; empty for any other record); a label's
        own full stop is dropped so that the citation's does not double it."""
        return self.strings["cite_commitment" if scope else "cite_record"].format(
            site=self.strings["site_name"],
            version=self.version,
            date=self.date(self.released),
            label=record["_label"].rstrip("."),
            url=self.url(record),
            **scope,
        )
