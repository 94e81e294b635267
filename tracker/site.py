"""Build: validate, export, render, build the site with MkDocs, finish it, index it with Pagefind, swap it in.

Everything is written into a temporary folder beside the output; only a complete build replaces
the output folder, so a failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from tracker import export
from tracker.finish import finish
from tracker.problems import as_text
from tracker.render import Site, load_strings, render
from tracker.validate import check


@dataclass(frozen=True)
class Paths:
    """Where the build reads and writes, relative to the current folder (the repository's root)."""

    package: Path = Path("datapackage")
    config: Path = Path("mkdocs.yml")
    docs: Path = Path("build") / "docs"
    out: Path = Path("public")


class BuildError(Exception):
    """A step of the build failed; the message says which and why."""


class Steps:
    """Times each named step of the build; the benchmark subclasses it to measure memory too."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - started


def build(paths: Paths = Paths(), quiet: bool = False, steps: Steps | None = None) -> int:
    """The whole pipeline. Exit status: 0 built, 1 invalid package or failed step."""
    steps = steps or Steps()
    started = time.perf_counter()
    shown = _shown(paths.package)
    with steps.step("validate"):
        problems, package = check(shown)
    if problems or package is None:
        print(as_text(problems, shown, 0))
        print(f"build stopped: the package is invalid; {_shown(paths.out)}/ was left as it was")
        return 1
    paths.out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{paths.out.name}-", dir=paths.out.parent))
    try:
        with steps.step("exports"):
            rows = {name: table.rows for name, table in package.tables.items()}
            downloads = export.write_exports(paths.package, staging / "downloads", rows)
        with steps.step("render"):
            strings = load_strings()
            config = _config(paths, staging / "site", package.descriptor, strings)
            site = Site(strings, config["site_url"], config["extra"]["repository"].rstrip("/"), downloads)
            try:
                pages = render(package, paths.docs, site)
            except jinja2.TemplateError as error:
                raise BuildError(f"page templates: {_template_error(error)}") from None
        with steps.step("site"):
            _mkdocs(config)
            finish(staging / "site")
            shutil.copytree(staging / "downloads", staging / "site" / "downloads", dirs_exist_ok=True)
        with steps.step("search"):
            _pagefind(staging / "site")
        _swap(staging / "site", paths.out)
    except BuildError as error:
        print(f"build failed: {error}; {_shown(paths.out)}/ was left as it was")
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    steps.seconds["total"] = time.perf_counter() - started
    if not quiet:
        records = sum(len(t.rows) for t in package.tables.values())
        print(f"built {_shown(paths.out)}/: {pages} pages, {records} records, {steps.seconds['total']:.1f} s")
        print("open it: python build.py serve, then http://127.0.0.1:8000/")
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _config(paths: Paths, site_dir: Path, descriptor: dict[str, Any], strings: dict[str, Any]) -> MkDocsConfig:
    """MkDocs' configuration, with the data's version and the interface strings filled in."""
    paths.docs.mkdir(parents=True, exist_ok=True)
    try:
        config = load_config(str(paths.config), docs_dir=str(paths.docs), site_dir=str(site_dir), strict=True)
    except (MkDocsException, SystemExit) as error:
        raise BuildError(f"{_shown(paths.config)}: {error}") from None
    config["site_name"] = strings["site_name"]
    config["extra"]["version"] = descriptor.get("version", "")
    config["extra"]["released"] = str(descriptor.get("created", ""))[:10]
    config["extra"]["ui"] = strings
    return config


def _mkdocs(config: MkDocsConfig) -> None:
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as error:
        raise BuildError(f"MkDocs: {error}") from None
    except jinja2.TemplateError as error:  # a broken theme override (site/overrides)
        raise BuildError(f"MkDocs: {_template_error(error)}") from None
    finally:
        config.plugins.on_shutdown()
        logger.removeHandler(handler)


def _template_error(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = _shown(Path(error.filename)) if error.filename else error.name
        return f"{where}:{error.lineno}: {error.message}"
    return f"{type(error).__name__}: {error}"


def _pagefind(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"Pagefind: {(done.stderr or done.stdout).strip()}")


def _swap(new: Path, out: Path) -> None:
    """Replace out with new: two renames, so the old site is never half-replaced.

    The old site is deleted only once the new one is in place; if that fails, it is put back."""
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    try:
        new.rename(out)
    except OSError as error:
        if old.exists() and not out.exists():
            old.rename(out)
        raise BuildError(f"could not move the new site into {_shown(out)}/: {error}") from None
    shutil.rmtree(old, ignore_errors=True)
