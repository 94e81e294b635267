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
        "Without a command: validate the package, then build the site into public/.",
    )
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "build",
        help="validate, render and build the site into public/ (the default command)",
        description="Validate the package; if it is valid, render the pages, build the site, write the "
        "downloads and the search index in a temporary folder, then replace public/ with it.",
    )
    serve = commands.add_parser(
        "serve",
        help="build, serve the site on localhost and rebuild when data, templates or pages change",
    )
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: %(default)s)")
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
    check.add_argument(
        "--against",
        metavar="REF",
        help="also check the data with the descriptor of git revision REF (e.g. origin/main) and report "
        "every rule of REF's descriptor that the working tree's loosens (git problems exit 2)",
    )
    diff = commands.add_parser(
        "diff",
        help="list the records added, changed and removed since a git revision, as Markdown",
        description="Compare the package's CSV files at a git revision with the working tree, record by "
        "record, and print the differences per resource as Markdown.",
    )
    diff.add_argument("base", nargs="?", default=None, help="git revision (default: the merge base with main)")
    commands.add_parser(
        "bench",
        add_help=False,
        help="benchmark the build at 1x, 10x and 100x the real package (python build.py bench --help)",
    )
    commands.add_parser(
        "lighthouse",
        add_help=False,
        help="Lighthouse's mobile performance audit of the built site (python build.py lighthouse --help)",
    )
    return main


def run_validate(path: str, fmt: str, against: str | None = None) -> int:
    """Validate the package at path (and, with against, by the rules of that git revision too)."""
    if against is not None:
        from tracker.against import run

        return run(path, fmt, against)
    problems, rows = validate(path)
    print(FORMATTERS[fmt](problems, path, rows))
    return 1 if problems else 0


def dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return run_validate(args.path, args.format, args.against)
    if args.command == "diff":
        from tracker import diff

        return diff.run(args.base)
    from tracker import serve, site

    if args.command == "serve":
        return serve.serve(args.port)
    return site.build()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # its options are its own: python build.py bench --help
        from benchmarks import bench

        return bench.main(argv[1:])
    if argv[:1] == ["lighthouse"]:
        from benchmarks import lighthouse

        return lighthouse.main(argv[1:])
    args = parser().parse_args(argv)
    try:
        return dispatch(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug of ours: say so plainly, without a traceback
        print(
            f"internal error: {type(error).__name__}: {error} (please report it with the command you ran)",
            file=sys.stderr,
        )
        return 3
