"""Benchmark the build at multiples of the real package and print the figures.

For each multiple (default 1, 10 and 100) a synthetic package is generated in a temporary
folder and built by the real pipeline in a fresh process, which reports the seconds and peak
memory of each step (validate, exports, render, site, search), the pages, the size of the site
and of its largest HTML page, the bytes a browser downloads for its first search query, and
the time plain Jinja plus Python-Markdown (with the site's Markdown extensions, one worker
process per language as in the build) take to turn the same Markdown pages into HTML (a lower
bound for the site step), the time drawing the share images takes (tracker/share.py, from an
empty cache: what they add to the build), and the stack's floor: what validating, stock MkDocs with
the stock Material theme building pages at the same paths that say nothing (a heading and a
sentence), and Pagefind's CPU time spread over the machine's cores cost whatever our pages say.
Usage: python build.py bench [--multiples 1 10 100] [--json F] [--docs]
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python benchmarks/bench.py
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from tracker import embed, search_index, share, status  # noqa: E402
from tracker.language import View, languages, load_strings  # noqa: E402
from tracker.records import link  # noqa: E402
from tracker.serve import serve_folder  # noqa: E402
from tracker.site import Paths, Steps, build  # noqa: E402
from tracker.validate import check  # noqa: E402

STEPS = ["validate", "exports", "render", "site", "search"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless and quiet: this machine's network is closed, so no background or update traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUERY = "vien phi"
T = TypeVar("T")
LOWER_BOUND_PAGE = jinja2.Template(
    "<!doctype html><html><head><meta charset=utf-8><title>{{ title }}</title></head><body>{{ body }}</body></html>"
)


def rss_mb(pid: int | None = None) -> float:
    """Resident memory now, in MB (Linux), of a process and all its descendants: the build's worker
    processes and Pagefind count with it. Default: this process."""
    pid = pid or os.getpid()
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        children = [
            int(child)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except OSError:  # the process ended while being read
        return 0.0
    own = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0.0)
    return own + sum(rss_mb(child) for child in children)


class MeasuredSteps(Steps):
    """Seconds and peak memory per step: this process and its descendants (the build's workers,
    Pagefind) sampled together, or the largest child that ended between two samples if more."""

    def __init__(self) -> None:
        super().__init__()
        self.peak_mb: dict[str, float] = {}
        self.children_cpu: dict[str, float] = {}  # CPU seconds of the child processes that ended in the step

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        peak = [rss_mb()]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], rss_mb())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        children_before = before.ru_maxrss
        try:
            with super().step(name):
                yield
        finally:
            done.set()
            sampler.join()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            self.children_cpu[name] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            children = after.ru_maxrss
            child_peak = children / 1024 if children > children_before else 0.0
            self.peak_mb[name] = round(max(peak[0], rss_mb(), child_peak), 1)


def lower_bound(docs: Path, out: Path) -> tuple[float, int]:
    """Seconds for Jinja plus Python-Markdown, with the site's Markdown extensions (mkdocs.yml), to
    write the same pages as HTML, and the page count. Each language's pages are written in a worker
    process of their own, side by side, as the build does."""
    started = time.perf_counter()
    count = sum(per_language(write_plainly, docs, out))
    return time.perf_counter() - started, count


def per_language(work: Callable[[Path, Path], T], docs: Path, out: Path) -> list[T]:
    """work(docs/<lang>, out/<lang>) for every language, each in a worker process of its own, side by
    side on the machine's cores, as the build renders and builds them."""
    folders = [docs / code for code in languages()]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(len(folders), os.cpu_count() or 1), mp_context=context) as pool:
        return list(pool.map(work, folders, [out / folder.name for folder in folders]))


def write_plainly(docs: Path, out: Path) -> int:
    """Write one language's pages as HTML with plain Jinja and Python-Markdown; how many."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    entries = [e if isinstance(e, dict) else {e: {}} for e in config["markdown_extensions"]]
    extensions = [name for entry in entries for name in entry]
    settings = {name: options or {} for entry in entries for name, options in entry.items()}
    converter = markdown.Markdown(extensions=extensions, extension_configs=settings)
    count = 0
    for source in docs.rglob("*.md"):
        text = source.read_text(encoding="utf-8")
        meta: dict[str, Any] = {}
        if text.startswith("---\n"):
            head, _, text = text[4:].partition("\n---\n")
            meta = yaml.safe_load(head) or {}
        body = converter.reset().convert(text)
        target = out / source.relative_to(docs).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(LOWER_BOUND_PAGE.render(title=meta.get("title", ""), body=body), encoding="utf-8")
        count += 1
    return count


def stock_site(docs: Path, work: Path) -> float:
    """Seconds for stock MkDocs and the stock Material theme (no overrides, no Markdown extension) to
    build pages at the same paths as ours, each a heading and a sentence, with our navigation, each
    language in a worker process of its own, side by side, as the build does: what the site
    generator costs however little the pages say."""
    return max(per_language(build_stock, docs, work / "stock"))


def build_stock(docs: Path, work: Path) -> float:
    """Build one language's pages, each replaced by a heading and a sentence, with stock MkDocs and
    Material; the seconds MkDocs took (writing the pages is not counted)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    for number, source in enumerate(sorted(docs.rglob("*.md"))):
        page = work / "docs" / source.relative_to(docs)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# Page {number}\n\nOne sentence.\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for ours in ("markdown_extensions", "extra_css", "extra_javascript", "extra"):
        config.pop(ours, None)
    folders = sorted(folder.name for folder in docs.iterdir() if folder.is_dir() and not folder.name.startswith("."))
    config["not_in_nav"] += "".join(f"/{folder}/*\n" for folder in folders)  # as the build adds them
    config["theme"] = {"name": "material", "font": False, "language": docs.name}
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    config = load_config(str(work / "mkdocs.yml"), docs_dir=str(work / "docs"), site_dir=str(work / "site"))
    started = time.perf_counter()
    mkdocs_build(config)
    return time.perf_counter() - started


def share_seconds(package_dir: Path, work: Path) -> float:
    """Seconds to draw every share image of one language from an empty cache, for the slower
    language: the build draws them in each language's worker during the render step, the two
    languages side by side, so this is what they add to the build."""
    problems, package = check(str(package_dir))
    if problems or package is None:
        raise SystemExit(f"{package_dir}: invalid")
    seconds = []
    for code in languages():
        strings = load_strings(code)
        data = link(package, None, code)
        status.annotate(data["kinds"], date.fromisoformat(data["today"]))
        out = work / f"share-{code}"
        started = time.perf_counter()
        share.draw(package.descriptor, data["kinds"], View(code, strings), data["today"], out, out / "cache")
        seconds.append(time.perf_counter() - started)
    return max(seconds)


def search_bytes(site: Path) -> int | None:
    """Bytes of Pagefind's files a browser fetches to answer its first query (None without Chromium)."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    server = serve_folder(site)
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/")
            page.fill(".pagefind-ui__search-input", QUERY)
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return sum(sizes.values())


def change_one_row(package: Path) -> None:
    """A pull request's typical change: one more word in one English text cell of one row (the
    first target's indicator)."""
    path = package / "data" / "targets.csv"
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    rows[1][rows[0].index("indicator_en")] += " (revised)"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


def rebuild_seconds(paths: Paths) -> float:
    """Seconds to build again after change_one_row, over the first build's folders (its share-image
    cache among them), as a pull request's preview would."""
    change_one_row(paths.package)
    started = time.perf_counter()
    if build(paths, quiet=True) != 0:
        raise SystemExit("the rebuild after a one-row change failed")
    return time.perf_counter() - started


def pagefind_cpu(site: Path, work: Path) -> float:
    """CPU seconds Pagefind takes to index each language's record pages in one run (the build runs it
    over parts of bounded size, tracker/search_index.py; the stack's floor is one run), one language
    after the other, from folders of hard links to the built pages."""
    codes = languages()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for code in codes:
        root = site if code == codes[0] else site / code
        skip = (f"{embed.FOLDER}/", f"{share.FOLDER}/", *(f"{other}/" for other in codes[1:]))
        pages = search_index.indexed_pages(root, skip)
        search_index.index_pages(root, pages, work / code, work / f"{code}-bundle")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measure(multiple: int, work: Path) -> dict[str, Any]:
    """Generate, build and measure one multiple; runs in its own process so memory starts fresh. The
    package is generated in a child process, so that what the generator held is not counted in the
    build's memory."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        package = pool.submit(generate, ROOT / "datapackage", work / "datapackage", multiple).result()
    records = sum(max(0, len(p.read_text(encoding="utf-8").splitlines()) - 1) for p in (package / "data").glob("*.csv"))
    paths = Paths(package=package, config=ROOT / "mkdocs.yml", docs=work / "docs", out=work / "public")
    steps = MeasuredSteps()
    if build(paths, quiet=True, steps=steps) != 0:
        raise SystemExit(f"the build failed at {multiple}x")
    html = sorted(paths.out.rglob("*.html"), key=lambda p: p.stat().st_size)
    bound_seconds, bound_pages = lower_bound(paths.docs, work / "lower-bound")
    images = share_seconds(package, work)
    stock = stock_site(paths.docs, work)
    search_cpu = pagefind_cpu(paths.out, work / "pagefind-one-run")
    floor = steps.seconds["validate"] + stock + search_cpu / (os.cpu_count() or 1)
    first_search = search_bytes(paths.out)
    rebuild = rebuild_seconds(paths)
    return {
        "multiple": multiple,
        "records": records,
        "pages": len(html),
        "steps": {name: {"seconds": round(steps.seconds[name], 2), "peak_mb": steps.peak_mb[name]} for name in STEPS},
        "total_seconds": round(steps.seconds["total"], 2),
        "peak_mb": max(steps.peak_mb.values()),
        "site_mb": round(sum(p.stat().st_size for p in paths.out.rglob("*") if p.is_file()) / 1e6, 1),
        "largest_page_kb": round(html[-1].stat().st_size / 1000, 1),
        "largest_page": str(html[-1].relative_to(paths.out)),
        "first_search_kb": None if first_search is None else round(first_search / 1000, 1),
        "lower_bound_seconds": round(bound_seconds, 2),
        "lower_bound_pages": bound_pages,
        "site_to_lower_bound": round(steps.seconds["site"] / bound_seconds, 2) if bound_seconds else None,
        "share_seconds": round(images, 2),
        "share_to_total": round(images / steps.seconds["total"], 2),
        "stock_site_seconds": round(stock, 2),
        "search_cpu_seconds": round(search_cpu, 2),
        "floor_seconds": round(floor, 2),
        "total_to_floor": round(steps.seconds["total"] / floor, 2),
        "rebuild_seconds": round(rebuild, 2),
        "rebuild_to_total": round(rebuild / steps.seconds["total"], 2),
    }


def run(multiples: list[int]) -> dict[str, Any]:
    results = []
    for multiple in multiples:
        with tempfile.TemporaryDirectory(prefix=f"bench-{multiple}x-") as work:
            command = [sys.executable, str(Path(__file__)), "--one", str(multiple), "--work", work]
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
            if done.returncode != 0:
                raise SystemExit(f"benchmark at {multiple}x failed:\n{done.stdout}{done.stderr}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "results": results,
    }


def table(report: dict[str, Any]) -> str:
    """The figures as a Markdown table (docs/performance.md shows it)."""
    rows = report["results"]
    head = "| | " + " | ".join(f"{r['multiple']}x" for r in rows) + " |"
    lines = [head, "|---" * (len(rows) + 1) + "|"]

    def line(label: str, values: list[Any]) -> None:
        lines.append(f"| {label} | " + " | ".join("n/a" if v is None else str(v) for v in values) + " |")

    line("records", [r["records"] for r in rows])
    line("pages", [r["pages"] for r in rows])
    for name in STEPS:
        line(f"{name}: s / peak MB", [f"{r['steps'][name]['seconds']} / {r['steps'][name]['peak_mb']}" for r in rows])
    line("**total s**", [r["total_seconds"] for r in rows])
    line("peak memory MB", [r["peak_mb"] for r in rows])
    line("site MB", [r["site_mb"] for r in rows])
    line("largest page KB", [f"{r['largest_page_kb']} ({r['largest_page']})" for r in rows])
    line("first search query KB", [r["first_search_kb"] for r in rows])
    line("Jinja+Markdown lower bound s", [r["lower_bound_seconds"] for r in rows])
    line("site step / lower bound", [r["site_to_lower_bound"] for r in rows])
    line("share images s (one language, in its worker)", [r.get("share_seconds") for r in rows])
    line("share images / total", [r.get("share_to_total") for r in rows])
    line("stock MkDocs+Material site, one-line pages s", [r.get("stock_site_seconds") for r in rows])
    line("search: Pagefind CPU s, one run a language", [r.get("search_cpu_seconds") for r in rows])
    line("**stack floor s** (validate + stock site + Pagefind CPU / cores)", [r.get("floor_seconds") for r in rows])
    line("**total / stack floor**", [r.get("total_to_floor") for r in rows])
    line("rebuild after a one-row change s", [r.get("rebuild_seconds") for r in rows])
    line("rebuild / full build", [r.get("rebuild_to_total") for r in rows])
    return "\n".join(lines)


def growth(report: dict[str, Any]) -> str:
    """How each step's time grows from one multiple to the next (linear growth gives the size ratio)."""
    rows = report["results"]
    out = []
    for before, after in zip(rows, rows[1:], strict=False):
        ratios = []
        for name in [*STEPS, "total"]:
            a = after["total_seconds"] if name == "total" else after["steps"][name]["seconds"]
            b = before["total_seconds"] if name == "total" else before["steps"][name]["seconds"]
            ratios.append(f"{name} x{a / b:.1f}" if b else f"{name} n/a")
        out.append(f"{before['multiple']}x -> {after['multiple']}x: " + ", ".join(ratios))
    return "\n".join(out)


START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PERFORMANCE = ROOT / "docs" / "performance.md"  # the manual's page whose figures --docs replaces


def figures_block(report: dict[str, Any]) -> str:
    """The figures as docs/performance.md shows them: date and machine, the table, the growth."""
    machine = report["machine"]
    return (
        f"Latest run: {report['date'][:10]}, {machine['cpus']} cores, Python {machine['python']}.\n\n"
        f"{table(report)}\n\nGrowth in time from one multiple to the next (linear growth would be x10):\n\n"
        f"```text\n{growth(report)}\n```"
    )


def update_figures(report: dict[str, Any], path: Path = PERFORMANCE) -> None:
    """Replace what stands between the bench markers of docs/performance.md with the new figures."""
    replace_block(path, START, END, figures_block(report))


def replace_block(path: Path, start: str, end: str, block: str) -> None:
    """Replace what stands between two marker lines of a page with `block`."""
    text = path.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise ValueError(f"{path} has no {start} ... {end} block to replace")
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    path.write_text(f"{head}{start}\n{block}\n{end}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python build.py bench", description=__doc__.splitlines()[0])
    parser.add_argument("--multiples", type=int, nargs="+", default=[1, 10, 100], help="default: 1 10 100")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results.json", help="where to write the figures"
    )
    parser.add_argument(
        "--docs", "--readme", dest="docs", action="store_true", help="also put the figures in docs/performance.md"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.work)))
        return 0
    report = run(args.multiples)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(growth(report))
    print(f"figures written to {args.json}")
    if args.docs:
        update_figures(report)
        print(f"{PERFORMANCE.relative_to(ROOT)} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
