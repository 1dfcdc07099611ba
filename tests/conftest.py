"""Shared test setup: Qt runs offscreen, protocols load from the shipped folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
