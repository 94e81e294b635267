"""`python build.py serve`: builds, serves on localhost, and rebuilds when the data changes."""

from __future__ import annotations

import csv
import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT


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


def test_serve_rebuilds_when_the_data_changes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".venv", ".git", "public", "build", ".*cache", "tests"))
    port = free_port()
    url = f"http://127.0.0.1:{port}/resolutions/52-ct-tw/"
    server = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--port", str(port)],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: fetch(url) is not None), "the server did not start"
        assert "Hai Phong" in (fetch(url) or "")
        path = repo / "datapackage" / "data" / "resolutions.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            if row["id"] == "52-ct-tw":
                row["summary"] = "A freshly corrected summary of the directive on universal health insurance."
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
        assert wait_for(lambda: "freshly corrected summary" in (fetch(url) or "")), "the site was not rebuilt"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "serving http://127.0.0.1:" in output and "rebuilding" in output
    assert "Traceback" not in output
