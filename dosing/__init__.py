"""The pure dosing engine: patient and protocol in, a computed plan out.

Never imports Qt, reportlab, a database, ``app`` or ``ui`` (a test enforces it), reads no
clock and keeps no global state, so the same inputs always give the same plan.
"""

import os

# No third-party pydantic plugin may see or change a validation here: pydantic hands each
# model's validation to every plugin installed in the environment (entry-point group
# "pydantic"), which would receive each patient's inputs as they are validated and could
# change the result. pydantic reads this when a model is first built, before dosing.models'.
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
