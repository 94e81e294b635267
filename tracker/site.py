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

from tracker import embed, export
from tracker.finish import finish
from tracker.load import Package
from tracker.problems import as_text
from tracker.render import Site, format_date, languages, load_strings, render
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
            configs = _render_languages(paths, staging, package, downloads)
            pages = sum(count for _, count in configs)
        with steps.step("site"):
            _sites([config for config, _ in configs])
            for config, _ in configs[1:]:  # every other language below the default one's site
                Path(config["site_dir"]).rename(staging / "site" / config["theme"]["language"])
            for n, (config, _) in enumerate(configs):  # the embeds, beside each language's pages
                code = config["theme"]["language"]
                root = staging / "site" / (code if n else "")
                (staging / "embeds" / code / embed.FOLDER).rename(root / embed.FOLDER)
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


def _render_languages(
    paths: Paths, staging: Path, package: Package, downloads: list[export.Download]
) -> list[tuple[MkDocsConfig, int]]:
    """Write every language's pages (paths.docs/<lang>) and its MkDocs configuration: the default
    language (mkdocs.yml's theme.language) at the site's root, every other one at /<lang>/. The
    languages are the interface catalogues (site/i18n/<lang>.yml)."""
    default = _load(paths, paths.docs, staging / "site")["theme"]["language"]
    codes = languages(default)
    catalogues = {code: load_strings(code) for code in codes}
    done = []
    for code in codes:
        prefix = "" if code == default else f"{code}/"
        docs = paths.docs / code
        config = _config(paths, docs, staging / ("site" if not prefix else f"site-{code}"), package.descriptor)
        home = config["site_url"]  # the default language's root
        config["site_url"] = home + prefix
        config["theme"]["language"] = code
        top = "../" * prefix.count("/")
        config["extra"]["ui"] = catalogues[code]
        config["site_name"] = catalogues[code]["site_name"]
        config["site_description"] = catalogues[code]["site_description"]
        config["extra"]["released_text"] = format_date(config["extra"]["released"], catalogues[code]["dates"])
        config["extra"]["languages"] = [
            {
                "code": other,
                "name": catalogues[other]["language"]["name"],
                "locale": catalogues[other]["language"]["locale"],
                "root": top + ("" if other == default else f"{other}/"),
                "url": home + ("" if other == default else f"{other}/"),
            }
            for other in codes
        ]
        repo = config["extra"]["repository"].rstrip("/")
        site = Site(catalogues[code], config["site_url"], repo, downloads, code, default, top, tuple(codes))
        try:
            done.append((config, render(package, docs, site, embeds=staging / "embeds" / code)))
        except jinja2.TemplateError as error:
            raise BuildError(f"page templates: {_template_error(error)}") from None
    return done


def _load(paths: Paths, docs: Path, site_dir: Path) -> MkDocsConfig:
    docs.mkdir(parents=True, exist_ok=True)
    try:
        return load_config(str(paths.config), docs_dir=str(docs), site_dir=str(site_dir), strict=True)
    except (MkDocsException, SystemExit) as error:
        raise BuildError(f"{_shown(paths.config)}: {error}") from None


def _config(paths: Paths, docs: Path, site_dir: Path, descriptor: dict[str, Any]) -> MkDocsConfig:
    """MkDocs' configuration for one language's pages, with the data's version filled in."""
    config = _load(paths, docs, site_dir)
    config["extra"]["version"] = descriptor.get("version", "")
    config["extra"]["released"] = str(descriptor.get("created", ""))[:10]
    return config


def _sites(configs: list[MkDocsConfig]) -> None:
    """Build and finish each language's site, one after another. Building them in parallel
    processes gained nothing on the 2-core machine we measured (4.4-4.9 s against 4.5-4.7 s idle,
    8.5-10 s against 5.8-6.9 s busy): the step is CPU-bound and the processes compete."""
    for config in configs:
        _site(config)


def _site(config: MkDocsConfig) -> None:
    _mkdocs(config)
    finish(Path(config["site_dir"]))


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
