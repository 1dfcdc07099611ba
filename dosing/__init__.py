"""The pure dosing engine: patient and protocol in, a computed plan out.

Never imports Qt, reportlab, a database, ``app`` or ``ui`` (a test enforces it), reads no
clock and keeps no global state, so the same inputs always give the same plan.
"""
