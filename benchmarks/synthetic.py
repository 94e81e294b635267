"""Generate a synthetic package: the real one replicated n times, schema-valid, keys intact.

Replica 0 is the real package. Replica k > 0 copies every row of every resource the descriptor
lists with ids suffixed `-rk`, every reference (a foreign key, or an id in a `;` list with
`x-references`) pointing into the same replica, official numbers, URLs and jurisdiction codes made
unique, and a province name added to the text fields so that the pages and the search index are
not mere duplicates: in Vietnamese to a `_vi` field, in English to any other (its `_en` twin), so
that a row's Vietnamese and English never become equal. The nation (`VN`) stays single, so
national pages grow with n as they would in reality. Dates are copied unchanged, and the
descriptor too (its `created` is the release date), so every rule that relates rows of one replica
holds in each: one setter per task, one record per progress report, deadlines not before their
setter's date, no report after the release.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

from tracker import load

HERE = Path(__file__).resolve().parent
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def provinces() -> list[tuple[str, str]]:
    lines = (HERE / "provinces.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("|")) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


def generate(source: Path, target: Path, multiple: int) -> Path:
    """Write a package `multiple` times the size of the one in `source` into `target`."""
    descriptor = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    if target.exists():
        shutil.rmtree(target)
    (target / "data").mkdir(parents=True)
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    codes = _codes(source, multiple)
    names = provinces()
    for resource in descriptor["resources"]:
        rows = _read(source / resource["path"])
        references = {name: ref.resource for name, ref in load.references(resource).items()}
        references["id"] = resource["name"]
        texts = text_fields(resource)
        out, seen = [], set()
        for k in range(multiple):
            for row in rows:
                replica = _replica(resource["name"], row, k, references, texts, codes, names[k % len(names)])
                if resource["name"] == "jurisdictions" and replica["id"] in seen:
                    continue  # VN, and past the supply of codes, a province an earlier replica has
                seen.add(replica.get("id"))
                out.append(replica)
        _write(target / resource["path"], list(rows[0]), out)
    return target


def text_fields(resource: dict[str, Any]) -> set[str]:
    """The fields that get a province name: required free text (a string with no pattern or enum:
    not a code, date or link; not a quote, `x-quote`) that refers to nothing, and the free-text
    fields that name a record (`x-label`, such as a person's `name_vi`), so that no two replicas
    share a label."""
    refs = load.references(resource)
    labels = set(resource.get("x-label", []))
    found = set()
    for field in resource["schema"]["fields"]:
        wanted = field.get("constraints", {}).get("required") or field["name"] in labels
        if load.free_text(field) and not field.get("x-quote") and wanted and field["name"] not in refs:
            found.add(field["name"])
    return found


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _codes(source: Path, multiple: int) -> dict[tuple[str, int], str]:
    """An ISO-3166-2-shaped code for each replica of each province (VN stays VN).

    The codes are distinct while the two-character ones last (1,296, enough for about 650 copies of
    today's two provinces); later replicas reuse the provinces of earlier ones, in turn.
    """
    real = [row["id"] for row in _read(source / "data" / "jurisdictions.csv") if row["id"] != "VN"]
    taken = set(real)
    spare = [f"VN-{a}{b}" for a in ALPHABET for b in ALPHABET if f"VN-{a}{b}" not in taken]
    distinct = 1 + len(spare) // max(1, len(real))  # replicas with provinces of their own
    codes = {("VN", k): "VN" for k in range(multiple)}
    for k in range(multiple):
        for index, code in enumerate(real):
            if k == 0:
                codes[(code, k)] = code
            elif k < distinct:
                codes[(code, k)] = spare[(k - 1) * len(real) + index]
            else:
                codes[(code, k)] = codes[(code, k % distinct)]
    return codes


def _replica(
    name: str,
    row: dict[str, str],
    k: int,
    references: dict[str, str],
    texts: set[str],
    codes: dict[tuple[str, int], str],
    province: tuple[str, str],
) -> dict[str, str]:
    if k == 0:
        return dict(row)

    def ref(value: str, resource: str) -> str:
        if not value:
            return value
        if resource == "jurisdictions":
            return codes[(value, k)]
        return f"{value}-r{k}"

    copied = {value for field, value in row.items() if field not in texts and value}  # e.g. a printed headline
    new = {}
    for field, value in row.items():
        if field in references:
            new[field] = ";".join(ref(v, references[field]) for v in value.split(";")) if value else value
        elif field == "number" and value:
            new[field] = re.sub(r"^[0-9]+", lambda m: str(int(m.group(0)) + 1000 * k), value)
        elif field == "url" and value:
            new[field] = f"{value}?replica={k}"
        elif field in texts and value and value not in copied:  # a copy of another cell stays one
            # "r12", not "12": a text and its twin must give the same numbers (checks.numbers_agree),
            # and a twin that copies a printed headline gets no tag
            tag = f" ({province[0] if field.endswith('_vi') else province[1]} r{k})"
            bracketed = value.startswith("[") and value.endswith("]")  # the tracker's headline: tag inside
            new[field] = f"{value[:-1]}{tag}]" if bracketed else f"{value}{tag}"
        else:
            new[field] = value
    if name == "jurisdictions":
        new["name_vi"], new["name_en"] = f"{province[0]} {k}", f"{province[1]} {k}"
    return new
