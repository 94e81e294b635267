"""Property-based tests: random corruption of any file never gives a traceback, nor a zero exit.

The "always invalid" corruption inserts a character that is invalid wherever it lands in that
file: a C0 control character other than tab, line feed and carriage return is invalid anywhere
in JSON (outside strings it is not whitespace, inside strings it must be escaped) and in any CSV
cell; DEL (U+007F) is invalid in any CSV cell (the validator's rule) but JSON allows it inside a
string, so it is only poison for the CSV files. Everything else about the corruption (where, what
else is inserted, what is deleted first) is random.

How many examples and whether they are random is set by the Hypothesis profile (tests/conftest.py):
fixed under CI, exploring on a developer's machine.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import PACKAGE
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracker.cli import main
from tracker.load import DESCRIPTOR, RESOURCES

FILES = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*") if p.is_file())
C0_CONTROLS = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32)]]
FORBIDDEN = {"json": C0_CONTROLS, "csv": [*C0_CONTROLS, chr(127)]}


def poisons(name: str, inserted: bytes) -> bool:
    """Whether these inserted bytes make the file invalid wherever they land."""
    poison = FORBIDDEN[name.rsplit(".", 1)[1]]
    return any(c.encode() in inserted for c in poison)


@st.composite
def corruption(draw: st.DrawFn, always_invalid: bool) -> tuple[str, int, int, bytes]:
    name = draw(st.sampled_from(FILES))
    size = (PACKAGE / name).stat().st_size
    position = draw(st.integers(0, size))
    deleted = draw(st.integers(0, 40))
    noise = st.text(st.characters(codec="utf-8"), max_size=20)
    inserted = draw(noise)
    if always_invalid:
        poison = draw(st.sampled_from(FORBIDDEN[name.rsplit(".", 1)[1]])).encode()
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


SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(case=corruption(always_invalid=True))
@example(case=("datapackage.json", 144, 0, b"\x7f"))  # DEL inside a JSON string: valid JSON, a valid package
@example(case=("data/topics.csv", 40, 0, b"\x7f"))  # DEL in a CSV cell
@example(case=("data/tasks.csv", 200, 3, b"\x01"))  # the files of issue 11: tasks, events, people, progress
@example(case=("data/events.csv", 200, 0, b"\x7f"))
@example(case=("data/people.csv", 100, 40, b"\x1b"))
@example(case=("data/progress.csv", 150, 0, b"\x00"))
def test_invalid_corruption_is_reported_without_traceback(case, capsys) -> None:
    code, out, err = validate_corrupted(*case, capsys)
    if poisons(case[0], case[3]):
        assert code == 1, out
    else:  # e.g. DEL inside a JSON string: the package may well be valid
        assert code in (0, 1), out
    assert err == ""
    assert ("problem" in out.splitlines()[-1]) == (code == 1), out


@SETTINGS
@given(case=corruption(always_invalid=False))
@example(case=("data/tasks.csv", 0, 40, b""))  # a header cut short
@example(case=("data/events.csv", 300, 1, b'"'))  # an unbalanced quote
@example(case=("data/people.csv", 120, 0, b";"))  # a stray list separator
@example(case=("data/progress.csv", 200, 12, b"2099-01-01,"))  # a shifted row
def test_any_corruption_never_crashes(case, capsys) -> None:
    code, out, err = validate_corrupted(*case, capsys)
    assert code in (0, 1), err
    assert err == ""


def test_every_file_of_the_package_may_be_corrupted() -> None:
    """The corruption draws from every file: the descriptor and each resource's CSV, new ones included."""
    assert set(FILES) == {DESCRIPTOR} | {f"data/{name}.csv" for name in RESOURCES}
    assert {"data/tasks.csv", "data/events.csv", "data/people.csv", "data/progress.csv"} <= set(FILES)
