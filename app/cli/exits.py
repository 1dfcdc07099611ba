"""The exit codes of ``txdose`` (DESIGN §6), in one place for every command."""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1  # an internal error (a bug): one line on stderr, never a traceback
EXIT_INVALID = 2  # invalid input: stderr names the field and the accepted range
EXIT_HARD_LIMIT = 3  # a hard limit refused a dose
EXIT_STORE = 4  # the plan store refused
# txdose check-sheet: the paper is a real printout but not the current verified version
# (superseded, cancelled, or never verified); or this database never had that paper
EXIT_PAPER_NOT_CURRENT = 5
EXIT_PAPER_UNKNOWN = 6
