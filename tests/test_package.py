"""The real package: it validates, and a sample of its content matches the source articles."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
import yaml
from conftest import PACKAGE, ROOT, read_rows, run_cli

from tracker.dates import release_date
from tracker.load import Package, Reference, Setter, flagged, one_of, references, setter

DATA = PACKAGE / "data"


def rows(resource: str) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in read_rows(DATA / f"{resource}.csv")}


def test_real_package_validates() -> None:
    result = run_cli("validate")
    assert result.code == 0, result.out + result.err
    assert result.out.strip().splitlines()[-1].startswith("datapackage: valid")
    assert result.err == ""


def test_descriptor_metadata() -> None:
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "0.5.0"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for key in ("name", "title", "description", "homepage", "keywords", "contributors", "sources", "created"):
        assert descriptor[key], key
    for resource in descriptor["resources"]:
        assert resource["path"] == f"data/{resource['name']}.csv"
        assert resource["title"] and resource["description"]
        assert resource["schema"]["primaryKey"] == ["id"]
        for field in resource["schema"]["fields"]:
            assert field.get("title") and field.get("description"), (resource["name"], field["name"])


# Facts read in the five seed articles; each line names the article it comes from.
@pytest.mark.parametrize(
    ("resource", "record", "column", "expected"),
    [
        # Nhân Dân (Polish): "rezolucję nr 282/NQ-CP z dnia 16 września 2025 r. [...] rezolucji nr 72-NQ/TW";
        # the document's own text (thuviennhadat.vn, 0.4.0): "Số: 282/NQ-CP | Hà Nội, ngày 15 tháng 9 năm 2025"
        ("resolutions", "282-nq-cp", "date_issued", "2025-09-15"),
        ("resolutions", "282-nq-cp", "implements", "72-nq-tw"),
        # Nhân Dân: "Rezolucji nr 71-NQ/TW z dnia 22 sierpnia 2025 r. Biura Politycznego"
        ("resolutions", "71-nq-tw", "date_issued", "2025-08-22"),
        # Báo Hải Phòng (French): "Directive n° 52-CT/TW datée du 3 octobre 2025 du Secrétariat"
        ("resolutions", "52-ct-tw", "date_issued", "2025-10-03"),
        ("resolutions", "52-ct-tw", "issuer", "secretariat"),
        # Vietnamese article: "Quyết định số 281/QĐ-TTg ngày 5-4-2024 của Thủ tướng Chính phủ"
        ("resolutions", "281-qd-ttg", "date_issued", "2024-04-05"),
        ("resolutions", "281-qd-ttg", "number", "281/QĐ-TTg"),
        # Vietnamese article: "Chỉ thị số 25-CT/TƯ ngày 25-10-2023 của Ban Bí thư"
        ("resolutions", "25-ct-tw", "date_issued", "2023-10-25"),
        # Thanh Niên printed no date for Resolution 72; the 0.4.0 sources do (VietnamPlus:
        # "Ngày 9/9/2025, thay mặt Bộ Chính trị, Tổng Bí thư Tô Lâm đã ký ban hành Nghị quyết số 72-NQ/TW")
        ("resolutions", "72-nq-tw", "date_issued", "2025-09-09"),
        ("resolutions", "72-nq-tw", "signer", "to-lam"),
        # VietnamPlus: "Nghị quyết số 79-NQ/TW ngày 6/1/2026 của Bộ Chính trị"
        ("resolutions", "79-nq-tw", "date_issued", "2026-01-06"),
        # Báo Hải Phòng: "Plan n° 20-KH/TU daté du 3 décembre 2025"
        ("local_plans", "hai-phong-20-kh-tu", "date_issued", "2025-12-03"),
        ("local_plans", "hai-phong-20-kh-tu", "implements", "52-ct-tw"),
        ("local_plans", "hai-phong-20-kh-tu", "jurisdiction", "VN-HP"),
        ("local_plans", "hanoi-grassroots-health-plan", "implements", "281-qd-ttg"),
        # Báo Hải Phòng: "supérieur à 95,5 % d'ici 2026"
        ("targets", "hai-phong-health-insurance-coverage-2026", "value", "95.5"),
        ("targets", "hai-phong-health-insurance-coverage-2026", "comparator", ">"),
        ("targets", "hai-phong-health-insurance-coverage-2026", "deadline", "2026"),
        # Báo Hải Phòng: universal coverage by 2030 carries no number
        ("targets", "hai-phong-universal-health-insurance-2030", "value", ""),
        # Vietnamese article: "đến năm 2030 [...] Trên 95% dân số tham gia bảo hiểm y tế"
        ("targets", "hanoi-health-insurance-participation-2030", "value", "95"),
        ("targets", "hanoi-health-insurance-participation-2030", "deadline", "2030"),
        # Thanh Niên: "free hospital fees for all people in the period from 2030 to 2035"
        ("targets", "vn-free-hospital-fees-2030-2035", "deadline", "2035"),
        # Thanh Niên: "at least once a year"
        ("targets", "vn-yearly-health-checkups", "comparator", ">="),
        ("targets", "vn-yearly-health-checkups", "value", "1"),
    ],
)
def test_sample_matches_sources(resource: str, record: str, column: str, expected: str) -> None:
    assert rows(resource)[record][column] == expected


def test_every_article_is_a_source_with_an_excerpt_in_its_language() -> None:
    # The five seed articles each have an excerpt in their language; the sources added since 0.4.0
    # are cited by the records they support (the validator checks that every source is cited).
    sources = rows("sources")
    seed = {
        "thanhnien-gs-conclusion-free-hospital-fees",
        "baohaiphong-universal-health-insurance-2030",
        "nhandan-health-sector-three-level-government",
        "hanoi-hospital-fee-exemption-roadmap",
        "hanoi-health-insurance-95-percent",
    }
    assert seed <= set(sources)
    assert {sources[s]["language"] for s in seed} == {"en", "fr", "pl", "vi"}
    excerpts = rows("news_excerpts").values()
    for source_id, source in ((s, sources[s]) for s in sorted(seed)):
        own = [e for e in excerpts if e["source"] == source_id]
        assert own, f"no excerpt from {source_id}"
        assert all(e["language"] == source["language"] for e in own)


def test_quotes_are_short_and_text_is_nfc() -> None:
    for path in DATA.glob("*.csv"):
        for row in read_rows(path):
            for value in row.values():
                assert unicodedata.is_normalized("NFC", value)
    for excerpt in rows("news_excerpts").values():
        assert len(excerpt["excerpt"]) <= 300
    assert rows("issuers")["politburo"]["name_vi"] == "Bộ Chính trị"


def test_published_addresses_agree() -> None:
    """The site's address is written in three places; they must not drift apart."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    config = yaml.safe_load((PACKAGE.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    citation = yaml.safe_load((PACKAGE.parent / "CITATION.cff").read_text(encoding="utf-8"))
    assert config["site_url"] == descriptor["homepage"] == citation["url"]
    assert config["extra"]["repository"].startswith("https://github.com/")


def test_schema_declares_what_the_rules_read() -> None:
    """The validator's rules for tasks, events, people and progress read these from the schema."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    package = Package(PACKAGE, "datapackage", descriptor)
    links = {name: references(package.resource(name)) for name in ("targets", "tasks", "events", "progress")}
    assert links["tasks"]["set_by_resolution"] == Reference("resolutions", "id")
    assert links["tasks"]["set_by_local_plan"] == Reference("local_plans", "id")
    assert links["tasks"]["set_by_event"] == Reference("events", "id")
    assert links["tasks"]["coordinating"] == Reference("issuers")
    assert links["tasks"]["responsible"] == links["targets"]["responsible"] == Reference("issuers", "id")
    assert links["events"]["chair"] == Reference("people", "id")
    assert links["events"]["people"] == Reference("people")
    assert links["events"]["bodies"] == Reference("issuers")
    assert links["progress"]["source"] == Reference("sources", "id")
    groups = {name: [g.fields for g in one_of(package.resource(name))] for name in ("targets", "tasks", "progress")}
    assert groups == {
        "targets": [("resolution_id", "local_plan_id")],
        "tasks": [("set_by_resolution", "set_by_local_plan", "set_by_event")],
        "progress": [("task_id", "target_id")],
    }
    dated = {r["name"]: setter(r) for r in descriptor["resources"] if setter(r)}
    assert dated == {
        "resolutions": Setter("date_issued", "document"),
        "local_plans": Setter("date_issued", "document", "local plan"),
        "events": Setter("date", "event"),
    }
    happened = {(r["name"], f) for r in descriptor["resources"] for f in flagged(r, "x-not-after-release")}
    assert happened == {
        ("events", "date"),
        ("people", "position_date"),
        ("progress", "date"),
        ("targets", "searched"),
        ("tasks", "searched"),
    }
    progress = {f["name"]: f for f in package.fields("progress")}
    for column in ("source", "source_wording", "date"):
        assert progress[column]["constraints"]["required"] is True, column
    assert release_date(descriptor) is not None


def test_contributing_examples_are_real_rows_of_their_files() -> None:
    """Every ```csv block of CONTRIBUTING.md follows a line naming its file (`datapackage/data/X.csv`):
    its header is that file's header, and each of its rows is a row of that file, as written there."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = re.findall(r"([^\n]*)\n\n```csv\n(.*?)\n```", text, flags=re.S)
    assert len(blocks) >= 9, "expected a real row of every data file that contributors edit"
    named = set()
    for before, block in blocks:
        names = re.findall(r"`(datapackage/data/[a-z_]+\.csv)`", before)
        assert names, f"the line before a csv block names no file: {before!r}"
        lines = (ROOT / names[-1]).read_text(encoding="utf-8").splitlines()
        header, *rows = block.splitlines()
        assert header == lines[0], f"{names[-1]}: the example's header is not the file's"
        missing = [row for row in rows if row not in lines[1:]]
        assert not missing, f"{names[-1]}: these example rows are not in the file (copy them again): {missing}"
        named.add(names[-1])
    assert {f"datapackage/data/{n}.csv" for n in ("sources", "resolutions", "tasks", "progress")} <= named
