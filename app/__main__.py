"""``txdose`` and ``python -m app``: the command line, or the window with no command."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # txdose uses no pydantic plugins; without this, the first model class scans every
    # installed package's entry points (~30 ms of every cold start, DESIGN §9).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    arguments = sys.argv[1:]
    if arguments == ["--version"]:
        from app.version import version_text

        print(version_text())
        return 0
    if not arguments or (arguments[0] == "gui" and set(arguments[1:]) <= {"--exit-after-show"}):
        # The window's first paint needs neither argparse nor pydantic, nor the support
        # log (importlib.metadata, for its version: ~20 ms): go straight to it
        # (DESIGN §9: cold start ≤ 1.5× a bare PySide6 window). The log starts after it.
        from app.gui_entry import open_window

        return open_window(exit_after_show="--exit-after-show" in arguments)
    from app.logs import start_logging

    start_logging(arguments[0])
    from app.cli.run import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
