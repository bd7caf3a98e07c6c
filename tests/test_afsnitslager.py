"""What the reports of one render share (report/afsnitslager.py): each criterion section is drawn once per
round, the suppression mask computed once, and a report shows exactly what it would have made itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from helhedsanalyse.core.parallel import MILJOEVARIABEL
from helhedsanalyse.render.engine import prepare_round
from helhedsanalyse.report import Rapport
from helhedsanalyse.report.afsnitslager import afsnit, laes_maske, lager_for
from helhedsanalyse.report.visning import Visning

PAR = [("tt_tryghed", "motalavej"), ("tt_haervaerk", "sydbyen")]


def test_a_section_made_by_one_report_is_read_by_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv(MILJOEVARIABEL, "1")  # made in this process, so that the test sees what was made
    lager = lager_for(str(tmp_path / "beregning-slut.pkl"))
    made: list[tuple[str, str]] = []

    def lav(ko):
        made.append(ko)
        return f"<section>{ko[0]} i {ko[1]}</section>"

    first = afsnit(lager, Visning(), PAR, lav)
    second = afsnit(lager, Visning(), [*PAR, ("tt_fraflytning", "ringparken")], lav)
    assert first == second[:2] == ["<section>tt_tryghed i motalavej</section>", "<section>tt_haervaerk i sydbyen</section>"]
    assert made == [*PAR, ("tt_fraflytning", "ringparken")], "each section drawn once"
    # another threshold, or no suppression, is another section
    afsnit(lager, Visning(graense=7), PAR[:1], lav)
    afsnit(lager, Visning(diskretionering=False), PAR[:1], lav)
    assert made[-2:] == [PAR[0], PAR[0]]


def test_without_a_render_nothing_is_kept(tmp_path):
    assert lager_for("") is None
    assert afsnit(None, Visning(), PAR, lambda ko: ko[0]) == ["tt_tryghed", "tt_haervaerk"]
    assert laes_maske("", Visning()) is None


@pytest.mark.parametrize("graense", [5, 7])
def test_the_reports_read_the_mask_the_render_computed_with_its_threshold(tmp_path, graense):
    """``render --graense 7``: the index's overview and every report suppress with 7, from one mask."""
    stored = tmp_path / "privat" / "beregning-slut.pkl"
    stored.parent.mkdir()
    prepare_round("slut", tmp_path / "ud", None, True, stored, graense)
    kept = laes_maske(str(stored), Visning(graense=graense))
    assert kept is not None and laes_maske(str(stored), Visning(graense=graense + 1)) is None
    own = Rapport.load("slut", diskretionering_graense=graense).skjul.maske
    assert kept == own, "the mask the render kept is the one a report computes itself"
    r = Rapport.load("slut", beregning=str(stored), diskretionering_graense=graense)
    assert r.skjul.__dict__.get("maske") == own
    assert Path(f"{stored}-afsnit") == r.afsnitslager
