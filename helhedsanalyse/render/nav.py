"""Navigation between the reports, made when a page is assembled: the table of contents, the links to the
index and to the same report in the other round, and no link to a page that is not there.

Everything here reads a page's HTML with the standard library's HTML parser (:class:`html.parser.HTMLParser`)
and changes it only by splicing at the positions the parser reports (an ``id`` added to a heading, a link's
tags taken away around its text), so the rest of the page stays byte for byte as nbconvert wrote it.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..plan import RUNDE_SIDSTE_AAR

__all__ = ["Navigation", "Overskrift", "indholdsfortegnelse", "uden_doede_lenker"]

#: A round's name in "Samme rapport i …".
RUNDE_NAVN = {"midtvej": "midtvejsevalueringen", "slut": "slutevalueringen"}


@dataclass(frozen=True)
class Overskrift:
    """One entry of a table of contents: the heading's id and its text."""

    id: str
    tekst: str


class _Positioner(HTMLParser):
    """An HTML parser that knows the offset in the whole text of the tag it is at."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self._linjer = [0] + [m.end() for m in re.finditer("\n", html)]
        self.html = html

    def tag_start(self) -> int:
        """The offset of the tag being handled (``getpos`` is line and column)."""
        line, col = self.getpos()
        return self._linjer[line - 1] + col

    def run(self) -> None:
        self.feed(self.html)
        self.close()


class _Overskrifter(_Positioner):
    """The ``h2`` headings of a page (their start tag's offset and length, id, text) and every id in it."""

    def __init__(self, html: str):
        super().__init__(html)
        self.fundne: list[dict] = []
        self.ids: set[str] = set()
        self._aaben: dict | None = None
        self._skjult = 0  # inside nbconvert's "¶" anchor link of a heading

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "h2":
            tekst = self.get_starttag_text() or "<h2>"
            self._aaben = {"start": self.tag_start(), "laengde": len(tekst), "id": a.get("id"), "tekst": []}
        elif self._aaben is not None and tag == "a" and "anchor-link" in (a.get("class") or "").split():
            self._skjult += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skjult:
            self._skjult -= 1
        elif tag == "h2" and self._aaben is not None:
            self.fundne.append(self._aaben)
            self._aaben = None

    def handle_data(self, data: str) -> None:
        if self._aaben is not None and not self._skjult:
            self._aaben["tekst"].append(data)


def slug(tekst: str) -> str:
    """An id made of a heading's words: lower case, Danish letters spelled out, hyphens between words.

    >>> slug("Sådan læses statusserne"), slug("Områderne – økonomi og ÆØÅ!")
    ('saadan-laeses-statusserne', 'omraaderne-oekonomi-og-aeoeaa')
    """
    tekst = tekst.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    tekst = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", tekst).strip("-") or "afsnit"


def indholdsfortegnelse(html: str) -> tuple[str, list[Overskrift]]:
    """The page's ``h2`` headings as a table of contents, and the page with an id on every one of them.

    A heading that has an id keeps it (nbconvert gives Markdown headings one); one without gets
    ``afsnit-`` and its words (:func:`slug`), numbered if that id is taken. Only the ids are added:
    the rest of the text is unchanged.

    >>> side, toc = indholdsfortegnelse('<h2 id="Overblik">Overblik<a class="anchor-link" href="#Overblik">¶</a>'
    ...                                 '</h2><p>x</p><h2 class="a">Om  <em>rapporten</em></h2><h2>Om rapporten</h2>')
    >>> toc
    [Overskrift(id='Overblik', tekst='Overblik'), Overskrift(id='afsnit-om-rapporten', tekst='Om rapporten'), \
Overskrift(id='afsnit-om-rapporten-2', tekst='Om rapporten')]
    >>> print(side[side.index("<p>"):].replace("</h2>", "</h2>\\n"))
    <p>x</p><h2 id="afsnit-om-rapporten" class="a">Om  <em>rapporten</em></h2>
    <h2 id="afsnit-om-rapporten-2">Om rapporten</h2>
    <BLANKLINE>
    """
    parser = _Overskrifter(html)
    parser.run()
    brugte = set(parser.ids)
    toc: list[Overskrift] = []
    indsaet: list[tuple[int, str]] = []
    for h in parser.fundne:
        tekst = " ".join("".join(h["tekst"]).split())
        if not tekst:
            continue
        hid = h["id"]
        if not hid:
            base = f"afsnit-{slug(tekst)}"
            hid, n = base, 1
            while hid in brugte:
                n += 1
                hid = f"{base}-{n}"
            brugte.add(hid)
            indsaet.append((h["start"] + len("<h2"), f' id="{hid}"'))  # an id of [a-z0-9-]: nothing to escape
        toc.append(Overskrift(hid, tekst))
    return _splice(html, indsaet, []), toc


class _Lenker(_Positioner):
    """The ``<a>`` tags whose link ``doed`` calls dead: (offset, length) of their start and end tags."""

    def __init__(self, html: str, doed: Callable[[str], bool]):
        super().__init__(html)
        self.doed = doed
        self.fjern: list[tuple[int, int]] = []
        self._aabne: list[bool] = []  # for each open <a>: is it removed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        href = dict(attrs).get("href")
        doed = href is not None and self.doed(href)
        if doed:
            self.fjern.append((self.tag_start(), len(self.get_starttag_text() or "")))
        self._aabne.append(doed)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._aabne and self._aabne.pop():
            start = self.tag_start()
            self.fjern.append((start, self.html.index(">", start) + 1 - start))


def uden_doede_lenker(html: str, findes: Callable[[str], bool]) -> str:
    """``html`` with every link to another file that ``findes`` (given the link's path, decoded, without
    its ``#fragment``) says is not there replaced by its text: no link leads nowhere.

    Links within the page (``#…``), to other sites (``https:``) and to data (``data:``) are kept.

    >>> uden_doede_lenker('<p><a href="a.html#k">A</a> <a href="b.html#k" title="x">B <b>b</b></a>'
    ...                   ' <a href="#k">C</a></p>', lambda sti: sti == "a.html")
    '<p><a href="a.html#k">A</a> B <b>b</b> <a href="#k">C</a></p>'
    """
    def doed(href: str) -> bool:
        dele = urlsplit(href)
        if dele.scheme or dele.netloc or not dele.path:
            return False
        return not findes(unquote(dele.path))

    parser = _Lenker(html, doed)
    parser.run()
    return _splice(html, [], parser.fjern)


def _splice(html: str, indsaet: list[tuple[int, str]], fjern: list[tuple[int, int]]) -> str:
    """``html`` with text inserted at offsets and spans (offset, length) taken away."""
    edits = sorted([(at, 0, tekst) for at, tekst in indsaet] + [(at, n, "") for at, n in fjern])
    out, pos = [], 0
    for at, n, tekst in edits:
        out.append(html[pos:at])
        out.append(tekst)
        pos = at + n
    out.append(html[pos:])
    return "".join(out)


@dataclass(frozen=True)
class Navigation:
    """Where a page is in the report folder and which pages are there (or will be when the render ends).

    >>> nav = Navigation("slut/omraade_motalavej.html", frozenset({"slut/omraade_motalavej.html",
    ...                  "midtvej/omraade_motalavej.html", "slut/helhedsevaluering.html"}))
    >>> nav.indeks, nav.anden_runde
    ('../index.html', ('../midtvej/omraade_motalavej.html', 'Samme rapport i midtvejsevalueringen'))
    >>> nav.findes("omraade_motalavej.html"), nav.findes("omraade_sydbyen.html"), nav.findes("../index.html")
    (True, False, True)
    >>> Navigation("slut/datatjek.html", frozenset({"slut/datatjek.html"})).anden_runde is None
    True
    """

    side: str  # the page's path in the report folder: "slut/omraade_motalavej.html", "index.html"
    filer: frozenset[str]  # the report folder's pages, the same way ("index.html" always counts)

    @classmethod
    def af(cls, side: str, filer: Iterable[str]) -> Navigation:
        """A page's navigation among ``filer`` (paths in the report folder)."""
        return cls(side, frozenset(filer))

    def findes(self, sti: str) -> bool:
        """Whether the link path ``sti`` (relative to this page) leads to a page of the folder."""
        maal = posixpath.normpath(posixpath.join(posixpath.dirname(self.side), sti))
        return maal == "index.html" or maal in self.filer

    def href(self, maal: str) -> str:
        """The link from this page to the page ``maal`` of the folder."""
        return posixpath.relpath(maal, posixpath.dirname(self.side) or ".")

    @property
    def indeks(self) -> str:
        """The link to ``index.html``, the list of every report."""
        return self.href("index.html")

    @property
    def anden_runde(self) -> tuple[str, str] | None:
        """(link, text) of the same report in the other round, when that page is there."""
        runde, _, navn = self.side.partition("/")
        if not navn:
            return None
        for anden in RUNDE_SIDSTE_AAR:
            if anden != runde and f"{anden}/{navn}" in self.filer:
                return self.href(f"{anden}/{navn}"), f"Samme rapport i {RUNDE_NAVN.get(anden, anden)}"
        return None
