"""`python build.py serve`: builds, serves on localhost, and rebuilds when the data changes."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, SITE_BASE

from tracker.serve import SiteHandler, serve_folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(check, seconds: float = 60) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def set_summary(path: Path, record_id: str, summary: str) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["id"] == record_id:
            row["summary_en"] = summary
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_serve_survives_a_failed_rebuild_and_rebuilds_when_the_data_is_fixed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".venv", ".git", "public", "build", ".*cache", "tests"))
    port = free_port()
    url = f"http://127.0.0.1:{port}{SITE_BASE}resolutions/52-ct-tw/"
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--port", str(port)],
            cwd=repo,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        assert wait_for(lambda: fetch(url) is not None, 180), "the server did not start"
        served = fetch(url) or ""
        assert "Hai Phong" in served

        path = repo / "datapackage" / "data" / "resolutions.csv"
        good = path.read_bytes()
        set_summary(path, "52-ct-tw", "A summary\u0007 with a control character: the package is invalid.")
        assert wait_for(lambda: "build stopped" in log.read_text(encoding="utf-8")), "no failed rebuild"
        assert "resolutions.csv" in log.read_text(encoding="utf-8")  # the validator's message is shown
        assert fetch(url) == served, "the previous site must still be served after a failed rebuild"
        assert server.poll() is None, "serve must keep running after a failed rebuild"

        path.write_bytes(good)
        fixed = "A freshly corrected summary: provinces carry it out through plans such as 20-KH/TU and 15-KH/TU."
        set_summary(path, "52-ct-tw", fixed)  # the numbers of the Vietnamese summary, as the validator asks
        assert wait_for(lambda: "freshly corrected summary" in (fetch(url) or ""), 180), "not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text(encoding="utf-8")
    assert "serving http://127.0.0.1:" in output and "rebuilding" in output
    assert "Traceback" not in output


def test_a_browser_leaving_mid_response_is_not_reported_but_a_bug_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve_folder(tmp_path)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset"), ValueError("a bug")):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.shutdown()
    err = capsys.readouterr().err
    assert "ValueError: a bug" in err and "BrokenPipeError" not in err and "ConnectionResetError" not in err


def test_the_site_is_served_at_its_path_with_its_404_pages(built_site: Path) -> None:
    """As published: the site at /tracker/, an address outside it redirected into it, and an address
    that leads nowhere answered 404 with the site's page in the address's language, whose absolute
    links (styles, home, search) then load."""
    server = serve_folder(built_site, handler_class=SiteHandler, base=SITE_BASE)
    root = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(root + "/", timeout=5) as response:  # followed to the site's home
            assert response.url == root + SITE_BASE and response.status == 200
        with urllib.request.urlopen(root + "/targets/", timeout=5) as response:
            assert response.url == root + SITE_BASE + "targets/"
        for path, page in (("no/such/page/", "404.html"), ("vi/khong-co/", "vi/404.html")):
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(root + SITE_BASE + path, timeout=5)
            assert missing.value.code == 404
            body = missing.value.read()
            assert body == (built_site / page).read_bytes()
            links = re.findall(rb'(?:href|src)="(/[^"]+)"', body)
            assert links and all(link.startswith(SITE_BASE.encode()) for link in links)
            for link in {link.decode().split("#")[0] for link in links}:
                with urllib.request.urlopen(root + link, timeout=5) as response:
                    assert response.status == 200, link
    finally:
        server.shutdown()
