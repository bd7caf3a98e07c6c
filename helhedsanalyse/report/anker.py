"""The anchors other pages link to: every criterion section of a report carries one.

The agreed name (issue 14) is ``k-{kriterium}-{omraade}``; the area report ``omraade_{omraade}.html`` of a
round holds every criterion of that area, so a status grid links a cell to
``omraade_{omraade}.html#k-{kriterium}-{omraade}`` in the same round's folder.
"""

from __future__ import annotations

__all__ = ["kriterie_anker", "kriterie_href"]


def kriterie_anker(kriterium: str, omraade: str) -> str:
    """The id of the section of ``kriterium`` in ``omraade``.

    >>> kriterie_anker("tt_tryghed", "motalavej")
    'k-tt_tryghed-motalavej'
    """
    return f"k-{kriterium}-{omraade}"


def kriterie_href(kriterium: str, omraade: str, praefiks: str = "") -> str:
    """The link to the section of ``kriterium`` in the area report of ``omraade``; ``praefiks`` is the path of
    the round's folder seen from the linking page (``""`` from a report in it, ``"slut/"`` from the index).

    >>> kriterie_href("tt_tryghed", "motalavej")
    'omraade_motalavej.html#k-tt_tryghed-motalavej'
    >>> kriterie_href("tt_tryghed", "samlet", "midtvej/")
    'midtvej/omraade_samlet.html#k-tt_tryghed-samlet'
    """
    return f"{praefiks}omraade_{omraade}.html#{kriterie_anker(kriterium, omraade)}"
