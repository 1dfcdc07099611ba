"""The one thing pyproject.toml cannot say: the repository's top-level ``resources/`` folder is
installed as the importable package ``txdose_resources`` (its files as package data)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["app*", "dosing*", "ui*"]), "txdose_resources"],
    package_dir={"txdose_resources": "resources"},
)
