"""A build that fails after validation (site step, search step, final swap) leaves the previous
public/ byte for byte as it was, exits 1 and says which step failed, without a traceback."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PACKAGE, ROOT, files, run_cli

from tracker.site import BuildError, _swap


@pytest.fixture
def repo(tmp_path: Path, built_site: Path) -> Path:
    """A working folder with the package, the MkDocs configuration, site/ and a previous public/."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(PACKAGE, root / "datapackage")
    shutil.copytree(ROOT / "site", root / "site")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(built_site, root / "public")
    return root


def nav_to_a_missing_page(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A configuration that loads but that MkDocs' strict build rejects."""
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - about.md\n" in text
    config.write_text(text.replace("\n  - about.md\n", "\n  - about.md\n  - missing.md\n"), encoding="utf-8")


def broken_theme_override(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "site" / "overrides" / "partials" / "copyright.html").write_text("{% if %}\n", encoding="utf-8")


def corrections_address_is_no_address(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editors' address for corrections, set to words rather than an address."""
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert '\n  corrections_email: ""\n' in text
    config.write_text(text.replace('corrections_email: ""', 'corrections_email: "write to us"'), encoding="utf-8")


def pagefind_indexes_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's own setting, from the environment: index only files that do not exist, so it fails."""
    monkeypatch.setenv("PAGEFIND_GLOB", "*.no-such-extension")


FAILURES: dict[str, tuple[Callable[[Path, pytest.MonkeyPatch], None], str]] = {
    "site step: nav names a missing page": (nav_to_a_missing_page, "build failed: MkDocs: Aborted with 1 warnings"),
    "site step: broken theme template": (
        broken_theme_override,
        "build failed: MkDocs: site/overrides/partials/copyright.html:1: Expected an expression",
    ),
    "configuration: corrections_email is no address": (
        corrections_address_is_no_address,
        "build failed: mkdocs.yml: extra.corrections_email: 'write to us' is not an e-mail address",
    ),
    "search step: Pagefind fails": (pagefind_indexes_nothing, "build failed: Pagefind: Error: Pagefind was not able"),
}


@pytest.mark.parametrize("name", FAILURES)
def test_failed_step_leaves_the_previous_site_byte_identical(
    repo: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    before = files(repo / "public")
    assert "index.html" in before and "pagefind/pagefind.js" in before
    breaks, message = FAILURES[name]
    breaks(repo, monkeypatch)
    result = run_cli("build", cwd=repo)
    assert result.code == 1, result.out + result.err
    assert message in result.out, result.out
    assert "public/ was left as it was" in result.out
    assert "Traceback" not in result.out + result.err and "internal error" not in result.err
    assert files(repo / "public") == before
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".")) == []  # no staging folder left


def test_a_swap_that_fails_puts_the_previous_site_back(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("<p>previous</p>", encoding="utf-8")
    before = files(out)
    with pytest.raises(BuildError, match="could not move the new site"):
        _swap(tmp_path / "never-built", out)  # the rename fails for real: there is nothing to move
    assert files(out) == before
    assert os.listdir(tmp_path) == ["public"]
