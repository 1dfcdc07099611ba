"""Shared test setup: Qt runs offscreen, protocols load from the shipped folder."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every txdose the tests start logs into a throw-away folder, never the developer's own log.
os.environ.setdefault("TXDOSE_LOG_DIR", tempfile.mkdtemp(prefix="txdose-test-log-"))
