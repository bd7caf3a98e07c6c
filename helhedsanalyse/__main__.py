"""``python -m helhedsanalyse``: the same as the ``helhedsanalyse`` command."""

from .cli import main

raise SystemExit(main())
