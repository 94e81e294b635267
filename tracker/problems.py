"""Problems found in the data package, and the three ways of reporting them."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass

from tracker.untrusted import INVISIBLE


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the package: where it is, what was found, what was expected."""

    file: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    message: str = ""

    def sort_key(self) -> tuple[str, int, str]:
        return (self.file, self.line or 0, self.column or "")

    def text(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.column:
            parts.append(self.column)
        what = self.message if self.value is None else f"{quote(self.value)} {self.message}"
        return ": ".join(parts) + ": " + what


def quote(value: str, limit: int = 80) -> str:
    """A value as shown in a message: in double quotes, escaped (an invisible character as \\uXXXX,
    so that it can be seen and cannot reorder the message), shortened when long."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    text = json.dumps(shown, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in INVISIBLE else c for c in text)


def summary(problems: list[Problem], target: str, rows: int) -> str:
    if not problems:
        return f"{target}: valid ({rows} rows checked)"
    files = len({p.file for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    where = "file" if files == 1 else "files"
    return f"{target}: {len(problems)} {noun} in {files} {where}"


def as_text(problems: list[Problem], target: str, rows: int) -> str:
    return "\n".join([p.text() for p in problems] + [summary(problems, target, rows)])


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def as_github(problems: list[Problem], target: str, rows: int) -> str:
    """GitHub Actions workflow commands: one ::error annotation per problem."""
    lines = []
    for p in problems:
        props = [f"file={_gh_escape(p.file, True)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
        props.append(f"title={_gh_escape(p.column or 'datapackage', True)}")
        lines.append(f"::error {','.join(props)}::{_gh_escape(p.text())}")
    lines.append(summary(problems, target, rows))
    return "\n".join(lines)


def as_json(problems: list[Problem], target: str, rows: int) -> str:
    report = {
        "valid": not problems,
        "target": target,
        "rows": rows,
        "problems": [asdict(p) for p in problems],
        "summary": summary(problems, target, rows),
    }
    return json.dumps(report, ensure_ascii=False, indent=2)


FORMATTERS = {"text": as_text, "github": as_github, "json": as_json}
