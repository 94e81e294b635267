"""Build: validate, export, render, build the site with MkDocs, finish it, index it with Pagefind, swap it in.

Each language's pages are rendered and built in a worker process of their own, side by side (MkDocs
in batches of pages, tracker/batches.py), then indexed by Pagefind one language after the other, each
into its own index (/pagefind/, /vi/pagefind/) in parts (tracker/search_index.py).
Everything is written into a temporary folder beside the output; only a complete build replaces
the output folder, so a failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from pathspec.gitignore import GitIgnoreSpec

from tracker import batches, charts, diff, embed, markdown_links, outputs, records, search_index, share, untrusted
from tracker.finish import UnsafePage, finish
from tracker.language import format_date, languages, load_strings
from tracker.load import Package
from tracker.outputs.common import Download
from tracker.problems import Problem, as_text
from tracker.render import Site
from tracker.validate import check, check_releases


@dataclass(frozen=True)
class Paths:
    """Where the build reads and writes, relative to the current folder (the repository's root)."""

    package: Path = Path("datapackage")
    config: Path = Path("mkdocs.yml")
    docs: Path = Path("build") / "docs"
    out: Path = Path("public")
    releases: Path = Path("releases")  # earlier releases of the package, one folder per version


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


def build(
    paths: Paths = Paths(),
    quiet: bool = False,
    steps: Steps | None = None,
    batch: int = batches.BATCH,
    part: int = search_index.PART,
) -> int:
    """The whole pipeline. Exit status: 0 built, 1 invalid package or failed step. batch: pages a MkDocs
    run converts at most besides the navigation's (tracker/batches.py); part: pages a Pagefind run
    indexes at most (tracker/search_index.py). Both bound the build's memory."""
    steps = steps or Steps()
    started = time.perf_counter()
    shown = _shown(paths.package)
    paths.out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{paths.out.name}-", dir=paths.out.parent))
    package = staging / PICKLE  # the validated package, which the workers load: no process passes it on
    with _workers(len(languages())) as workers:
        try:
            with steps.step("validate"):  # in a worker: the parent never holds the package
                checked = workers.submit(_check, shown, _shown(paths.releases), package).result()
            if checked.problems or not package.is_file():
                print(as_text(checked.problems, shown, 0))
                print(f"build stopped: the package is invalid; {_shown(paths.out)}/ was left as it was")
                return 1
            sites = [replace(site, batch=batch) for site in _languages(paths, staging, checked.descriptor)]
            with steps.step("exports"):  # in a worker too: what the formats' libraries held goes with it
                downloads = workers.submit(
                    _downloads, package, paths.package, staging / "downloads", paths.releases
                ).result()
            with steps.step("render"):
                count = len(sites)
                # The charts first, each language's in a worker of its own: their drawing engine
                # (vl-convert's, about 80 MB) leaves with it, and the pages' workers find every chart
                # drawn (tracker/charts.py's cache).
                list(workers.map(_draw_charts, [package] * count, sites))
                pages = sum(workers.map(_render_pages, [package] * count, sites, [downloads] * count))
            with steps.step("site"):
                list(workers.map(_site, sites))
            workers.shutdown()  # the processes that replaced the finished ones would idle through the indexing
            with steps.step("search"):
                for site in sites:  # one after the other: Pagefind's memory grows with the pages
                    _pagefind(site.site_dir, part, interface=site is sites[0])
            entries = batches.sitemap_entries(sites[0].site_dir)
            for site in sites[1:]:  # every other language below the default one's site
                _share_assets(sites[0], site)
                entries += batches.sitemap_entries(site.site_dir)
                site.site_dir.rename(staging / "site" / site.code)
            # The root's sitemap, the one search engines read, lists every language's pages
            # (each language keeps its own too, which the theme reads).
            batches.join_sitemaps(sites[0].site_dir, entries)
            shutil.copytree(staging / "downloads", staging / "site" / "downloads", dirs_exist_ok=True)
            _swap(staging / "site", paths.out)
        except (BuildError, untrusted.Outside) as error:
            print(f"build failed: {error}; {_shown(paths.out)}/ was left as it was")
            return 1
        finally:
            workers.shutdown(cancel_futures=True)  # the other language's worker may still write there
            shutil.rmtree(staging, ignore_errors=True)
    steps.seconds["total"] = time.perf_counter() - started
    if not quiet:
        print(f"built {_shown(paths.out)}/: {pages} pages, {checked.records} records, {steps.seconds['total']:.1f} s")
        print(f"open it: python build.py serve, then http://127.0.0.1:8000{site_path(paths.config)}")
    return 0


PICKLE = "package.pickle"  # in the staging folder, beside the site: never published


@dataclass(frozen=True)
class Checked:
    """What validation hands back from its worker: the problems and, when there are none, the
    package's descriptor and how many records it holds. The package itself is written to a file
    (pickled), which each worker that needs it loads: at 1000x it takes over a gigabyte in a
    process, and passing it on would hold a copy in the parent and one in each call."""

    problems: list[Problem]
    descriptor: dict[str, Any] = field(default_factory=dict)
    records: int = 0


def _check(package: str, releases: str, out: Path) -> Checked:
    """Validate the package and the releases kept, and pickle the package into out if it is valid
    (run in a worker process)."""
    problems, found = check(package)
    problems += check_releases(releases)
    if problems or found is None:
        return Checked(problems)
    with out.open("wb") as file:
        pickle.dump(found, file, protocol=pickle.HIGHEST_PROTOCOL)
    return Checked([], found.descriptor, sum(len(table.rows) for table in found.tables.values()))


def _package(path: Path) -> Package:
    with path.open("rb") as file:
        return pickle.load(file)  # noqa: S301 (written by this build's validation worker)


def _downloads(package: Path, folder: Path, out: Path, releases: Path) -> list[Download]:
    """Write every download (run in a worker process)."""
    rows = {name: table.rows for name, table in _package(package).tables.items()}
    return outputs.write_downloads(folder, out, rows, releases)


@contextlib.contextmanager
def _workers(languages: int) -> Iterator[Executor]:
    """Worker processes that validate the package and write the downloads, then render and build the
    languages side by side, one per language up to the machine's cores: both steps are CPU-bound, and
    one language's pages do not need the other's.
    Spawned rather than forked, so that no lock held by a thread of the caller (the benchmark's
    sampler, a test's server) is copied into them. One task per process: a process that rendered a
    language's pages ends, and gives its memory back, before MkDocs builds them in a new one (at 100x
    a rendering worker keeps over 1 GB that MkDocs, the build's largest step, would otherwise add to)."""
    count = min(languages, os.cpu_count() or 1)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context, max_tasks_per_child=1) as pool:
        yield pool


def site_path(config: Path) -> str:
    """The site's path on its host, from mkdocs.yml's `site_url` ("/tracker/"; "/" without one)."""
    try:
        url = yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") or "/"
    except (OSError, yaml.YAMLError, AttributeError):  # the build says what is wrong with it
        url = "/"
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Language:
    """One language's site: its pages' folder, where MkDocs writes it, its address, and what its
    configuration and pages need. Plain data, so that a worker process can take it."""

    config: Path  # mkdocs.yml
    docs: Path
    site_dir: Path
    site: Site  # what the page templates need
    extra: dict[str, Any]  # MkDocs' extra besides the catalogue: the languages, the data's version
    embeds: Path  # where the embeddable cards are written, to be moved into the site after MkDocs
    folders: tuple[str, ...] = ()  # every resource's URL folder: its pages stay out of the navigation
    batch: int = batches.BATCH  # pages a MkDocs run converts at most besides the navigation's

    @property
    def code(self) -> str:
        return self.site.language


_ADDRESS = re.compile(r"[^@\s<>\"'?&#%]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)  # one plain address


def _languages(paths: Paths, staging: Path, descriptor: dict[str, Any]) -> list[Language]:
    """Every language's pages (paths.docs/<lang>) and site: the default language (mkdocs.yml's
    theme.language) at the site's root, every other one at /<lang>/. The languages are the
    interface catalogues (site/i18n/<lang>.yml)."""
    config = _load(paths.config, paths.docs, staging / "site")
    default, home = config["theme"]["language"], config["site_url"]
    repo = config["extra"]["repository"].rstrip("/")
    corrections = str(config["extra"].get("corrections_email") or "")
    if corrections and not _ADDRESS.fullmatch(corrections):
        raise BuildError(f"{_shown(paths.config)}: extra.corrections_email: {corrections!r} is not an e-mail address")
    released = str(descriptor.get("created", ""))[:10]
    codes = languages(default)
    try:
        release, *earlier = diff.history(paths.package, paths.releases)
    except (diff.DiffError, OSError, ValueError) as error:
        raise BuildError(f"the record diff with the previous release: {error}") from None
    catalogues = {code: load_strings(code) for code in codes}
    folders = tuple(records.paths(descriptor).values())
    done = []
    for code in codes:
        prefix = "" if code == default else f"{code}/"
        top = "../" * prefix.count("/")
        strings = catalogues[code]
        others = [
            {
                "code": other,
                "name": catalogues[other]["language"]["name"],
                "locale": catalogues[other]["language"]["locale"],
                "root": top + ("" if other == default else f"{other}/"),
                "url": home + ("" if other == default else f"{other}/"),
            }
            for other in codes
        ]
        extra = {
            "languages": others,
            # Not Material's `version` (its version selector): the data's, escaped where shown.
            "data_version": descriptor.get("version", ""),
            # From the language's root to the files all languages share: the theme's, the site's
            # styles and scripts, the search interface (site/overrides/base.html).
            "top": top,
            "released": released,
            "released_text": format_date(released, strings["dates"]),
        }
        site = Site(
            strings, home + prefix, repo, [], code, default, top, tuple(codes), release, tuple(earlier), corrections
        )
        site_dir = staging / ("site" if not prefix else f"site-{code}")
        embeds = staging / "embeds" / code
        done.append(Language(paths.config, paths.docs / code, site_dir, site, extra, embeds, folders))
    return done


def _draw_charts(package: Path, language: Language) -> None:
    """Draw one language's charts into their cache (run in a worker process, which ends with them)."""
    outputs.render_language(_package(package), language.docs, language.site, only=(charts,))


def _render_pages(package: Path, language: Language, downloads: list[Download]) -> int:
    """Write one language's outputs (run in a worker process); how many pages."""
    try:
        return outputs.render_language(
            _package(package), language.docs, replace(language.site, downloads=downloads), embeds=language.embeds
        )
    except jinja2.TemplateError as error:
        raise BuildError(f"page templates: {_template_error(error)}") from None


def _site(language: Language) -> None:
    """Build and finish one language's site with MkDocs (run in a worker process), in batches of
    pages (tracker/batches.py), so that its memory stays bounded whatever the data's size."""
    nav = _load(language.config, language.docs, language.site_dir)["nav"]
    batches.build(language.docs, language.site_dir, nav, functools.partial(_run_mkdocs, language), language.batch)
    (language.embeds / embed.FOLDER).rename(language.site_dir / embed.FOLDER)  # beside the pages
    (language.embeds / share.FOLDER).rename(language.site_dir / share.FOLDER)
    try:
        finish(language.site_dir)  # the cards are checked for inline scripts with the pages
    except UnsafePage as error:
        raise BuildError(f"{language.code} site: {error}") from None


def _run_mkdocs(language: Language, docs: Path, site_dir: Path) -> None:
    """One MkDocs run of one language: mkdocs.yml set for it, building the pages in docs into site_dir."""
    config = _load(language.config, docs, site_dir)
    config["site_url"] = language.site.site_url
    config["site_name"] = language.site.strings["site_name"]
    config["site_description"] = language.site.strings["site_description"]
    config["theme"]["language"] = language.code
    config["extra"].update(language.extra, ui=language.site.strings)
    # The link beside every heading is titled in the page's language (the catalogue's theme strings);
    # headings' anchors keep đ as d.
    toc = config["mdx_configs"].setdefault("toc", {})
    toc["permalink_title"] = language.site.strings["theme"]["permalink"]
    toc["slugify"] = markdown_links.slugify
    # Record pages out of the navigation, resource by resource from the descriptor, besides
    # mkdocs.yml's own not_in_nav: a new resource needs no line there.
    record_pages = GitIgnoreSpec.from_lines([f"/{folder}/*" for folder in language.folders])
    config["not_in_nav"] = config["not_in_nav"] + record_pages if config["not_in_nav"] else record_pages
    _mkdocs(config)


def _load(path: Path, docs: Path, site_dir: Path) -> MkDocsConfig:
    docs.mkdir(parents=True, exist_ok=True)
    try:
        return load_config(str(path), docs_dir=str(docs), site_dir=str(site_dir), strict=True)
    except (MkDocsException, SystemExit) as error:
        raise BuildError(f"{_shown(path)}: {error}") from None


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


def _pagefind(site_dir: Path, part: int, interface: bool) -> None:
    """Index one language's site with Pagefind (tracker/search_index.py)."""
    try:
        search_index.index(site_dir, (f"{embed.FOLDER}/", f"{share.FOLDER}/"), part, interface)
    except search_index.SearchError as error:
        raise BuildError(f"Pagefind: {error}") from None


ASSETS = "assets"  # the theme's files and the site's styles and scripts, one copy for all languages


def _share_assets(default: Language, other: Language) -> None:
    """Delete another language's copy of the assets, which its pages link from the default
    language's site (`extra.top`, site/overrides/base.html), once it is the same file for file."""
    ours, theirs = default.site_dir / ASSETS, other.site_dir / ASSETS
    for path in sorted(p for p in theirs.rglob("*") if p.is_file()):
        twin = ours / path.relative_to(theirs)
        if not twin.is_file() or twin.read_bytes() != path.read_bytes():
            where = path.relative_to(other.site_dir).as_posix()
            raise BuildError(f"{other.code} site: {where} differs from the {default.code} site's; one copy serves both")
    shutil.rmtree(theirs)


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
