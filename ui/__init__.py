"""The PySide6 desktop window: it shows and edits; every dose comes from ``app.services``."""
