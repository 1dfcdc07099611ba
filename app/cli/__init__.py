"""The ``txdose`` command line (DESIGN §6).

One module per job, imported in one direction only: ``exits`` ← ``arguments`` / ``render`` ←
``store_commands`` ← ``plan_commands`` ← ``run`` (the parser and ``main``). Nothing here imports
the package itself back.
"""

from __future__ import annotations

from app.cli.arguments import add_plan_arguments, build_plan_input
from app.cli.render import plan_json, plan_text
from app.cli.run import build_parser, main

__all__ = [
    "add_plan_arguments",
    "build_parser",
    "build_plan_input",
    "main",
    "plan_json",
    "plan_text",
]
