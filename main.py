"""Mongolia 1921: run `python main.py --help` for the commands."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
