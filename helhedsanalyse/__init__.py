"""Evaluering af den boligsociale helhedsplan "Én kommune – Én helhedsplan" (Skælskør, Korsør og Slagelse 2017-2021)."""

__version__ = "0.1.0"
