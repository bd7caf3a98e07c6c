"""The evaluator's findings: a Markdown file shown as safe HTML, or the plan's questions until it is written."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote

import mistune
from mistune.renderers.html import HTMLRenderer
from mistune.util import striptags

from .markup import Markup, makro

#: Where a link in the evaluator's Markdown may point (an image is never fetched: see :func:`markdown_sikker`).
_SIKRE_SKEMAER = ("http://", "https://", "mailto:", "#")

#: Images the findings may show, by file ending: (MIME type, how the file starts). No SVG (it is a document).
BILLEDTYPER: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
}
#: The largest image embedded (bytes): a report is sent by e-mail.
MAKS_BILLEDE = 5 * 1024 * 1024
_DATA_URI = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*")


def evaluators_fund(fund: str = "") -> Markup:
    """The evaluator's written findings on the organisation (Markdown file ``fund``), or the questions."""
    if fund:
        # images only from files beside the Markdown file, embedded; never fetched from the network
        return markdown_sikker(Path(fund).read_text(encoding="utf-8"), Path(fund).parent)
    return makro("fund.j2", "spoergsmaal")


def _billede_fil(url: str, mappe: Path | None) -> tuple[Path | None, str]:
    """(the image file beside the Markdown file, "") for ``url``, else (None, why not, in Danish)."""
    url = (url or "").strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", url) or url.startswith(("//", "\\\\")):
        return None, ("rapporten henter aldrig billeder fra nettet eller andre adresser; læg billedfilen ved siden "
                      "af Markdown-filen og skriv dens navn")
    if mappe is None:
        return None, "billeder vises kun fra filer ved siden af Markdown-filen"
    base = Path(mappe).resolve()
    path = (base / unquote(url.split("#", 1)[0].split("?", 1)[0])).resolve()
    if path != base and base not in path.parents:
        return None, "billedfilen ligger ikke ved siden af Markdown-filen (eller i en mappe under den)"
    if not path.is_file():
        return None, "billedfilen findes ikke ved siden af Markdown-filen"
    return path, ""


def _billede(url: str, mappe: Path | None) -> tuple[str | None, str]:
    """(a data URI, "") for an image file beside the Markdown file, else (None, why not, in Danish)."""
    path, why = _billede_fil(url, mappe)
    if path is None:
        return None, why
    kind = BILLEDTYPER.get(path.suffix.lower())
    if kind is None:
        return None, f"kun {', '.join(sorted({k.lstrip('.') for k in BILLEDTYPER}))}-billeder vises"
    if path.stat().st_size > MAKS_BILLEDE:
        return None, f"billedfilen er større end {MAKS_BILLEDE // (1024 * 1024)} MB"
    data = path.read_bytes()
    if not data.startswith(kind[1]):
        return None, f"filen er ikke et {path.suffix.lower().lstrip('.')}-billede"
    return f"data:{kind[0]};base64,{base64.b64encode(data).decode('ascii')}", ""


class _Renderer(HTMLRenderer):
    """Mistune's HTML with images only from files beside the Markdown file, embedded."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(escape=True)
        self.folder = folder

    def image(self, text: str, url: str, title: str | None = None) -> str:
        alt = striptags(text)
        src, why = _billede(url, self.folder)
        if src is None:
            return str(makro("fund.j2", "udeladt_billede", Markup(alt), url, why))  # alt: mistune escaped it
        attrs: dict[str, object] = {"src": src, "alt": alt}
        if title:
            attrs["title"] = title
        return "<img" + self.render_attrs(attrs) + " />"


def _sikker_adresse(m: re.Match[str]) -> str:
    """An ``href``/``src`` attribute kept when it points somewhere safe, else ``#``."""
    url = Markup(m.group(2)).unescape().strip()
    ok = _DATA_URI.fullmatch(url) is not None if m.group(1) == "src" else url.lower().startswith(_SIKRE_SKEMAER)
    return f'{m.group(1)}="{m.group(2) if ok else "#"}"'


def markdown_sikker(text: str, mappe: str | Path | None = None) -> Markup:
    """Markdown from a data file as safe HTML.

    Raw HTML is escaped; links may only point to http(s), mailto or in-page anchors (``javascript:`` and
    other schemes become ``#``). An image is shown only from a file beside the Markdown file (``mappe``, or a
    folder under it; png, jpeg, gif or webp, at most 5 MB), embedded as a data URI, so the report stays one
    file that opens offline and never fetches anything. Any other image (``http(s)://``, another scheme, a
    file elsewhere) is left out with a visible Danish note saying why.

    >>> str(markdown_sikker("[a](ftp://x) <b>x</b>"))
    '<p><a href="#">a</a> &lt;b&gt;x&lt;/b&gt;</p>\\n'
    """
    md = mistune.create_markdown(escape=True, renderer=_Renderer(Path(mappe) if mappe is not None else None))
    return Markup(re.sub(r'\b(href|src)="([^"]*)"', _sikker_adresse, str(md(text))))
