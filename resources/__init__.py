"""txdose's shipped resources (protocols, source documents, fonts, translations, icons).

Installed as the package ``txdose_resources`` so ``importlib.resources`` finds them in a wheel,
an editable install and the desktop bundle alike; ``app.resources`` is the one reader.
"""
