"""The README's screenshots: the index, the board status and an area report of the rendered set, at a laptop's
width, cropped to the report column and made small (docs/billeder/*.png).

Run after `make reports`:  .venv/bin/python scripts/skaermbilleder.py [reports]
Needs headless Chromium (tests/chromium.py finds or installs Debian's package).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from chromium import Browser, ensure_chromium  # noqa: E402

BILLEDER = {"index.html": "index.png", "slut/bestyrelsesstatus.html": "bestyrelsesstatus.png",
            "slut/omraade_motalavej.html": "omraaderapport.png"}
BREDDE, HOEJDE, MARGEN = 1100, 900, 130


def main(rapporter: Path) -> None:
    ud = REPO / "docs" / "billeder"
    ud.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Browser(ensure_chromium(), width=BREDDE, height=HOEJDE) as browser:
        for rapport, navn in BILLEDER.items():
            raa = Path(tmp) / navn
            browser.open((rapporter / rapport).resolve(), "JSON.stringify({})", screenshot=raa)
            billede = Image.open(raa).convert("RGB").crop((MARGEN, 0, BREDDE - MARGEN, HOEJDE))
            billede = billede.resize((billede.width * 3 // 4, billede.height * 3 // 4), Image.LANCZOS)
            billede.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(ud / navn, optimize=True)
            print(ud / navn)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "reports")
