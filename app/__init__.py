"""Application services: the CLI, protocol loading, the plan store and printed sheets."""
