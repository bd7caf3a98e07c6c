"""The bottom layer: paths, errors, the status vocabulary, names, number formatting and parallel helpers.

Imports nothing else of the package (``tests/test_arkitektur.py``).
"""
