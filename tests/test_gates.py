"""Quality gates on the real build: every page passes axe-core's WCAG 2.1 A/AA rules at a desktop and
a phone width, never scrolls sideways on a phone, declares a Content-Security-Policy that the browser
never reports a violation of (Pagefind's search included), and has no Nu Html Checker error; and two
builds of the same commit are byte-identical outside Pagefind's index.

One Chromium, one context per width, one axe run per page: the page loop runs once per width and the
tests read its findings, so one failing page never hides another. The internal-link gate is
`tests/test_site.py::test_no_broken_internal_link_or_anchor`. Run one gate alone with
`pytest tests/test_gates.py -k axe` (or `scroll`, `csp`, `resources`, `vnu`, `reproducible`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, files, html_pages
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage
from playwright.sync_api import Error as PlaywrightError

from tracker.serve import serve_folder
from tracker.site import Paths, build

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
TABS = 1  # tabs per width; the two widths run axe at the same time
# Past this many pages, the browser gates (axe, overflow, CSP at run time) sample evenly within each
# kind of page of each language, so every template is loaded in both languages and the suite stays
# under its time budget; the static gates (vnu, CSP meta, links) still read every page.
MAX_PAGES = 80
SEARCH_QUERIES = ["search/?q=health", "vi/search/?q=vien+phi"]  # results of each language's index
CSP_META = re.compile(r"<meta\s[^>]*http-equiv=[\"']?Content-Security-Policy", flags=re.IGNORECASE)
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_VNU = (
    "the Nu Html Checker needs Java and vnu.jar: install Java once (Debian: `sudo apt-get install -y "
    "default-jre-headless`), then run `npm ci --ignore-scripts` at the repository's root (.ci/run does both)"
)
# Collects the page's CSP violations from the first script on; read before axe is injected.
CSP_LISTENER = """
window.__cspViolations = [];
window.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + (e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ""));
}, true);
"""
# Starts axe on the page without waiting for it; `window.__axeRun` then holds the compact violations.
START_AXE = """(options) => {
  window.__axeRun = axe.run(document, {...options, resultTypes: ["violations"]}).then((results) =>
    results.violations.map((v) => ({id: v.id, targets: v.nodes.map((n) => n.target.join(" "))})));
}"""


def page_names(site: Path) -> list[str]:
    """Every HTML page of the site, as a path relative to its root."""
    return [str(p.relative_to(site)) for p in html_pages(site)]


LANGUAGES = {path.stem for path in (ROOT / "site" / "i18n").glob("*.yml")}


def kind_of(path: str) -> str:
    """A page's kind: its first path segment, below its language's folder ("vi/targets")."""
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] in LANGUAGES and len(parts) > 1 else parts[0]


def sample(pages: list[str], limit: int = MAX_PAGES) -> list[str]:
    """All pages, or past `limit` an even, deterministic sample of each kind of each language."""
    if len(pages) <= limit:
        return pages
    kinds: dict[str, list[str]] = defaultdict(list)
    for path in pages:
        kinds[kind_of(path)].append(path)
    chosen = []
    for group in kinds.values():
        quota = max(1, len(group) * limit // len(pages))
        step = len(group) / quota
        chosen += [group[int(i * step)] for i in range(quota)]
    return sorted(chosen)


def url_of(path: str) -> str:
    """The URL path the page is served at: `targets/x/index.html` -> `targets/x/`."""
    return path.removesuffix("index.html")


@dataclass
class Findings:
    """What the page loop found at one width, per page."""

    axe: dict[str, list[str]] = field(default_factory=dict)
    overflow: dict[str, str] = field(default_factory=dict)
    csp: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, list[str]] = field(default_factory=dict)
    pages: int = 0


class Tab:
    """One browser tab of one width's context; pages load one after the other, axe runs while other
    tabs load theirs (axe.run is started without waiting, then collected)."""

    def __init__(self, context: BrowserContext) -> None:
        self.page = context.new_page()
        self.console: list[str] = []
        self.failed: list[str] = []
        self.name: str | None = None
        self.page.on("console", self.on_console)
        self.page.on("response", lambda response: self.on_response(response.status, response.url))
        self.page.on("requestfailed", lambda request: self.on_response(0, request.url))

    def on_response(self, status: int, url: str) -> None:
        if status >= 400 or status == 0:
            self.failed.append(f"{status or 'failed'} {url}")

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(f"console: {message.text}")

    def start(self, base_url: str, name: str, found: Findings) -> None:
        self.console.clear()
        self.failed.clear()
        self.name = None
        try:
            self.page.goto(base_url + name, wait_until="load")
            if name in SEARCH_QUERIES:  # Pagefind loads its index and WASM, then shows results
                self.page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
            csp = self.page.evaluate("window.__cspViolations") + self.console
            scroll = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            self.page.evaluate(START_AXE, {"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        except PlaywrightError as error:  # a page that cannot load fails every gate, visibly
            found.axe[name or "/"] = found.csp[name or "/"] = [f"did not load: {str(error).splitlines()[0]}"]
            return
        self.name = name or "/"
        if csp:
            found.csp[self.name] = csp
        if self.failed:
            found.failed[self.name] = list(self.failed)
        if scroll[0] > scroll[1]:
            found.overflow[self.name] = f"scrollWidth {scroll[0]} > innerWidth {scroll[1]}"

    def finish(self, found: Findings) -> None:
        if self.name is None:
            return
        try:
            violations = self.page.evaluate("window.__axeRun")
        except PlaywrightError as error:
            found.axe[self.name] = [f"axe failed: {str(error).splitlines()[0]}"]
            return
        if violations:
            found.axe[self.name] = [
                f"{v['id']}: "
                + ", ".join(v["targets"][:3])
                + (f" (+{len(v['targets']) - 3})" if len(v["targets"]) > 3 else "")
                for v in violations
            ]


@pytest.fixture(scope="module")
def findings(browser: Browser, base_url: str, built_site: Path) -> dict[str, Findings]:
    """Every page (and search results) at each width: axe, horizontal overflow, CSP violations."""
    names = [url_of(path) for path in sample(page_names(built_site))] + SEARCH_QUERIES
    found = {width: Findings(pages=len(names)) for width in WIDTHS}
    tabs: dict[str, list[Tab]] = {}
    for width, (x, y) in WIDTHS.items():
        context = browser.new_context(viewport={"width": x, "height": y})
        context.add_init_script(CSP_LISTENER)
        context.add_init_script(Axe().axe_script)  # axe-core as bundled by axe-playwright-python
        context.add_init_script("axe.configure({noHtml: true})")  # no HTML snippets: selectors are enough
        tabs[width] = [Tab(context) for _ in range(TABS)]
    for first in range(0, len(names), TABS):
        batch = [
            (tab, width, name)
            for width in WIDTHS
            for tab, name in zip(tabs[width], names[first : first + TABS], strict=False)
        ]
        for tab, width, name in batch:
            tab.start(base_url, name, found[width])
        for tab, width, _ in batch:
            tab.finish(found[width])
    for group in tabs.values():
        group[0].page.context.close()
    return found


def report(problems: dict[str, list[str]] | dict[str, str], what: str, pages: int) -> str:
    lines = [f"{len(problems)} of {pages} pages with {what}:"]
    for name, items in sorted(problems.items()):
        lines += [f"  {name}: {items}"] if isinstance(items, str) else [f"  {name}: {item}" for item in items]
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_wcag21_aa(findings: dict[str, Findings], width: str) -> None:
    found = findings[width]
    assert found.pages > 1
    if found.axe:
        rules = Counter(item.split(":")[0] for items in found.axe.values() for item in items)
        summary = ", ".join(f"{rule} on {count} pages" for rule, count in rules.most_common())
        what = f"axe violations of {'/'.join(WCAG_TAGS)} at {width} width ({summary})"
        pytest.fail(report(found.axe, what, found.pages), False)


def test_no_horizontal_scroll_on_a_phone(findings: dict[str, Findings]) -> None:
    found = findings["phone"]
    if found.overflow:
        pytest.fail(report(found.overflow, f"a horizontal scroll at {WIDTHS['phone'][0]} px", found.pages), False)


@pytest.mark.parametrize("width", WIDTHS)
def test_csp_no_violation_in_the_browser(findings: dict[str, Findings], width: str) -> None:
    found = findings[width]
    if found.csp:
        pytest.fail(report(found.csp, "Content-Security-Policy violations", found.pages), False)


def test_every_page_loads_all_its_resources(findings: dict[str, Findings]) -> None:
    """A stylesheet, script or image that fails to load would also leave the other gates testing a broken page."""
    found = findings["desktop"]
    if found.failed:
        pytest.fail(report(found.failed, "requests that failed", found.pages), False)


def csp_meta_problem(html: str) -> str | None:
    """Why a page's CSP meta tag is missing or comes too late (it only covers what follows it)."""
    meta = CSP_META.search(html)
    if not meta:
        return 'no <meta http-equiv="Content-Security-Policy">'
    first = re.search(r"<(script|link|style)\b", html, flags=re.IGNORECASE)
    if first and first.start() < meta.start():
        return f"the CSP meta tag comes after the first <{first.group(1)}>"
    return None


def test_csp_meta_on_every_page(built_site: Path) -> None:
    problems = {
        path: csp_meta_problem((built_site / path).read_text(encoding="utf-8")) for path in page_names(built_site)
    }
    problems = {path: problem for path, problem in problems.items() if problem}
    if problems:
        pytest.fail(report(problems, "a CSP meta problem", len(page_names(built_site))), False)


def test_the_browser_gates_see_a_csp_violation_and_an_overflow(browser: Browser, tmp_path: Path) -> None:
    """The gates' own machinery: a page that breaks its CSP and is too wide is reported."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'"><title>t</title></head>'
        '<body><div style="width:2000px">wide</div><script>document.title = "inline"</script></body></html>',
        encoding="utf-8",
    )
    server = serve_folder(tmp_path)
    context = browser.new_context(viewport={"width": WIDTHS["phone"][0], "height": WIDTHS["phone"][1]})
    context.add_init_script(CSP_LISTENER)
    context.add_init_script(Axe().axe_script)
    found = Findings()
    tab = Tab(context)
    tab.start(f"http://127.0.0.1:{server.server_address[1]}/", "", found)
    tab.finish(found)
    context.close()
    server.shutdown()
    assert any("script-src" in item for item in found.csp["/"]), found.csp
    assert any(item.startswith("console:") for item in found.csp["/"]), found.csp
    assert "/" in found.overflow


def by_file_line(error: str) -> tuple[str, int]:
    file, line, _ = error.split(":", 2)
    return file, int(line) if line.isdigit() else 0


def test_vnu_no_html_error(built_site: Path) -> None:
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        pytest.fail(f"{'java' if not java else VNU_JAR.relative_to(ROOT)} not found: {INSTALL_VNU}")
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html", str(built_site)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the Nu Html Checker did not report in JSON (exit {done.returncode}): {done.stderr[-2000:]}")
    errors = [
        f"{Path(m.get('url', '').removeprefix('file:')).relative_to(built_site)}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    ]
    if errors:
        pytest.fail(f"{len(errors)} Nu Html Checker errors:\n" + "\n".join(sorted(errors, key=by_file_line)), False)
    assert done.returncode == 0, done.stderr


def test_reproducible_build(built_site: Path, tmp_path: Path) -> None:
    """Two builds of the same commit are byte-identical outside each language's pagefind/; inside, only the filter
    index (the order of its values comes from a randomly seeded hash map in Pagefind) and the two
    files that name it by hash may differ."""
    again = Paths(docs=tmp_path / "docs", out=tmp_path / "public")
    assert build(again, quiet=True) == 0
    first, second = files(built_site), files(again.out)
    unstable = re.compile(r"(?:^|/)pagefind/(?:filter/|pagefind\.|pagefind-entry\.json)")  # each language's index

    def stable(names: dict[str, bytes]) -> set[str]:
        return {name for name in names if not (unstable.search(name) and not name.endswith((".js", ".css")))}

    assert stable(first) == stable(second), sorted(stable(first) ^ stable(second))
    differ = [name for name in sorted(stable(first)) if first[name] != second[name]]
    assert not differ, f"{len(differ)} files differ between two builds: {differ[:20]}"
