"""Evaluering af den boligsociale helhedsplan "Én kommune – Én helhedsplan" (Skælskør, Korsør og Slagelse 2017-2021)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("helhedsanalyse")  # the one version number is pyproject.toml's
except PackageNotFoundError:  # a checkout on PYTHONPATH that was never installed
    __version__ = "0+ukendt"
