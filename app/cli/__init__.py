"""The ``txdose`` command line (DESIGN §6).

One module per job, imported in one direction only: ``exits`` ← ``arguments`` / ``render`` ←
``store_commands`` ← ``plan_commands`` ← ``run`` (the parser and ``main``). Nothing here imports
the package itself back.

The names below are loaded on first use, so importing one module of the package (the window
imports ``store_commands``) costs only that module: no argparse parser, no pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.cli.arguments import add_plan_arguments, build_plan_input
    from app.cli.render import plan_json, plan_text
    from app.cli.run import build_parser, main

_HOME = {
    "add_plan_arguments": "app.cli.arguments",
    "build_plan_input": "app.cli.arguments",
    "plan_json": "app.cli.render",
    "plan_text": "app.cli.render",
    "build_parser": "app.cli.run",
    "main": "app.cli.run",
}

__all__ = [
    "add_plan_arguments",
    "build_parser",
    "build_plan_input",
    "main",
    "plan_json",
    "plan_text",
]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'app.cli' has no attribute {name!r}")
