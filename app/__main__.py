"""``txdose`` and ``python -m app``: the command line, or the window with no command."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # txdose uses no pydantic plugins; without this, the first model class scans every
    # installed package's entry points (~30 ms of every cold start, DESIGN §9).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
