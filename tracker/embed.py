"""Embeds: a small standalone HTML card per commitment (target, task), for other sites' `<iframe>`.

A card says what the commitment is, who must deliver it, its deadline, its status as of the data's
release date and its source, and links back to the record's page. It is not a MkDocs page: one
compiled Jinja template (site/templates/embed/card.html.j2) writes `embed/<record's path>/index.html`
per record and language, with no script and no navigation, its own small stylesheet
(site/assets/embed.css) and its own Content-Security-Policy. The build writes the cards beside the
Markdown pages and moves them into each language's site after MkDocs (tracker/site.py), so the
same path exists under `/` and `/vi/`.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from tracker import untrusted
from tracker.records import Record

if TYPE_CHECKING:
    from tracker.outputs.run import Run

FOLDER = "embed"
TEMPLATE = "embed/card.html.j2"
MACROS = "_macros.md.j2"


def path(record: Record) -> str:
    """A record's card, as a site path below its language's root: `embed/targets/<id>/`."""
    return f"{FOLDER}/{record['_url']}"


EACH_LANGUAGE = True


def write(run: Run) -> int:
    """The card of every commitment of the run's language into `run.embeds` (`embed/...`, emptied
    first; none without it), with the pages' template context; how many."""
    if run.embeds is None:
        return 0
    shutil.rmtree(run.embeds / FOLDER, ignore_errors=True)
    return cards(run.env, run.context, run.deadlines, run.embeds)


def cards(env: jinja2.Environment, common: dict[str, Any], records: list[Record], out: Path) -> int:
    """Write the card of every record into out (`out/embed/...`) and return how many were written.

    The card uses the pages' macros as `m`, made once per depth of page (`root`) rather than
    imported by every card: importing them with the page's context costs about 0.4 ms, twice
    what rendering the card itself costs."""
    template = env.get_template(TEMPLATE)
    macros: dict[str, Any] = {}
    (out / FOLDER).mkdir(parents=True, exist_ok=True)
    for record in records:
        where = path(record)
        root = "../" * where.count("/")
        if root not in macros:
            macros[root] = env.get_template(MACROS).make_module({**common, "root": root})
        folder = untrusted.within(out, where)
        folder.mkdir(parents=True, exist_ok=True)
        html = template.render(**common, record=record, root=root, m=macros[root])
        (folder / "index.html").write_text(html, encoding="utf-8")
    return len(records)
