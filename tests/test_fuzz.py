"""Property-based tests: random corruption of any file never gives a traceback, nor a zero exit.

Every corruption inserts a control character (or an invalid byte), which is invalid in any CSV
cell and anywhere in JSON, so the corrupted package is always invalid; everything else about
it (where, what else is inserted, what is deleted first) is random.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import PACKAGE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.cli import main

FILES = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*") if p.is_file())
FORBIDDEN = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127]]


@st.composite
def corruption(draw: st.DrawFn, always_invalid: bool) -> tuple[str, int, int, bytes]:
    name = draw(st.sampled_from(FILES))
    size = (PACKAGE / name).stat().st_size
    position = draw(st.integers(0, size))
    deleted = draw(st.integers(0, 40))
    noise = st.text(st.characters(codec="utf-8"), max_size=20)
    inserted = draw(noise)
    if always_invalid:
        poison = draw(st.sampled_from(FORBIDDEN)).encode()
        inserted_bytes = draw(noise).encode() + poison + inserted.encode()
    else:
        inserted_bytes = inserted.encode()
    if draw(st.booleans()):
        inserted_bytes += draw(st.binary(max_size=4))
    return name, position, deleted, inserted_bytes


def validate_corrupted(name: str, position: int, deleted: int, inserted: bytes, capsys) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "datapackage"
        shutil.copytree(PACKAGE, root)
        path = root / name
        data = path.read_bytes()
        path.write_bytes(data[:position] + inserted + data[position + deleted :])
        code = main(["validate", str(root)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(case=corruption(always_invalid=True))
def test_invalid_corruption_is_reported_without_traceback(case, capsys) -> None:
    code, out, err = validate_corrupted(*case, capsys)
    assert code == 1, out
    assert err == ""
    assert "problem" in out.splitlines()[-1]


@SETTINGS
@given(case=corruption(always_invalid=False))
def test_any_corruption_never_crashes(case, capsys) -> None:
    code, out, err = validate_corrupted(*case, capsys)
    assert code in (0, 1), err
    assert err == ""
