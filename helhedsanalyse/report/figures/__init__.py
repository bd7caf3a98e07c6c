"""The report figures, module by module; callers use :mod:`helhedsanalyse.report.plots`.

* :mod:`.theme` — the look: sizes, colours, line styles, the matplotlib rcParams.
* :mod:`.values` — reading values for drawing: missing, finite, rounded, small counts.
* :mod:`.labels` — the texts on a figure: Danish numbers, axis labels, titles.
* :mod:`.canvas` — one figure's frame: plot, legend below it, footnote strip, watermark, axes limits.
* :mod:`.targets` — the target marks of a criterion, one drawing function per target kind.
* :mod:`.criterion` — :func:`~.criterion.criterion_figure`, one criterion for one area.
* :mod:`.leverance` — :func:`~.leverance.leverance_figure`, the quarterly delivery measurement.
"""
