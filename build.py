"""Entry point: `python build.py --help` lists the commands."""

import sys

from tracker.cli import main

if __name__ == "__main__":
    sys.exit(main())
