"""Application services: the CLI, protocol loading, the plan store and printed sheets."""

# The engine's rule that no third-party pydantic plugin sees or changes a validation
# (dosing/__init__.py) holds for app's own models too, whichever is imported first.
import dosing  # noqa: F401
