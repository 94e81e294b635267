"""The command line behind build.py: one sub-command per pipeline step."""

from __future__ import annotations

import argparse
import sys

from tracker.problems import FORMATTERS
from tracker.validate import validate

DEFAULT_PACKAGE = "datapackage"


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python build.py",
        description="Build the Vietnam Health Reform Tracker from its data package. "
        "Without a command: validate the package (the site build comes next).",
    )
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="check the data package and list every problem (exit 0 valid, 1 invalid, 2 usage error)",
        description="Check the data package: frictionless validation (types, constraints, primary and "
        "foreign keys) and the tracker's own rules. One line per problem: file:line: column: value and "
        "what is expected, then a summary.",
    )
    check.add_argument(
        "path", nargs="?", default=DEFAULT_PACKAGE, help="package folder or datapackage.json (default: %(default)s)"
    )
    check.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="text (default), github (Actions annotations) or json",
    )
    return main


def run_validate(path: str, fmt: str) -> int:
    problems, rows = validate(path)
    print(FORMATTERS[fmt](problems, path, rows))
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command in (None, "validate"):
            return run_validate(getattr(args, "path", DEFAULT_PACKAGE), getattr(args, "format", "text"))
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug of ours: say so plainly, without a traceback
        print(
            f"internal error: {type(error).__name__}: {error} (please report this with the command you ran)",
            file=sys.stderr,
        )
        return 3
    return 2
