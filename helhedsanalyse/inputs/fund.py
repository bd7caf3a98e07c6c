"""The evaluator's findings (evaluators fund): a Markdown file whose sections are the plan's questions.

The format, as the evaluator writes it (in a text editor, or in Word saved as plain text in UTF-8)::

    # Evaluators fund – slutevaluering            (optional title; the report has its own)
    Runde: slut                                   (required, before the first section: midtvej or slut)

    ## Sådan er evalueringen gennemført           (one ## heading per section: data/plan/helhedsevaluering.yaml)
    Tekst i Markdown: afsnit, **fed**, punktlister, ### underafsnit, ![billede](diagram.png) ...

    ## Den nye organisering: én helhedsplan for fire områder
    > Vejledning: ...                             (the template's guidance: never shown in a report)

Every problem of a file is collected (:class:`Fund`); none stops the reading. Problems refuse the file
(``validate`` exits 1, ``render`` stops before any kernel starts): a file that cannot be read as text
(Word document, another character set, binary, too large), a missing or unknown round, a ``##`` heading
that is not one of the plan's sections, a section written twice, text before the first section, a ``#``
heading below the title, an image that is not a file beside the Markdown file. Notes (``bemaerkninger``)
do not refuse it: a section missing, empty or holding only the template's guidance (the report shows it
as "ikke skrevet endnu"), guidance left beside written text (never shown).

>>> plan = load_plan()
>>> f = laes_fund_tekst("Runde: slut\\n\\n## Anbefalinger\\nMere af det, der virker.\\n", "fund.md", plan)
>>> f.runde, f.afsnit, f.problems
('slut', {'anbefalinger': 'Mere af det, der virker.'}, ())
>>> for p in laes_fund_tekst("## Anbefalnger\\nx\\n", "fund.md", plan).problems:
...     print(str(p).split(";")[0])
fund.md: filen siger ikke, hvilken runde fundene hører til
fund.md, linje 1: overskriften 'Anbefalnger' er ikke et af helhedsevalueringens afsnit
"""

from __future__ import annotations

import base64
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..core.errors import Problem, ProblemsError
from ..core.formatting import antal_tekst
from ..plan import RUNDE_SIDSTE_AAR, Fundafsnit, Plan, load_plan

__all__ = ["BILLEDTYPER", "FUND_SUFFIXES", "MAKS_BILLEDE", "MAKS_FUND_BYTES", "VEJLEDNING", "Fund", "FundError",
           "billede", "check_fund", "er_fundfil", "fund_for_runder", "fund_skabelon", "laes_fund", "laes_fund_tekst"]

#: What a findings file is called: a file given to ``--fund`` or ``validate`` with this ending, or in a
#: data folder with this ending and a name beginning with ``fund``.
FUND_SUFFIXES = (".md", ".markdown")
#: The largest findings file (bytes): a chapter of text is some tens of kB; images are separate files.
MAKS_FUND_BYTES = 1_000_000
#: The first word of the template's guidance (a quote: ``> Vejledning: ...``); never shown in a report.
VEJLEDNING = "Vejledning"

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

_RUNDE_ORD = {"midtvej": "midtvej", "midtvejsevaluering": "midtvej", "midtvejsevalueringen": "midtvej",
              "slut": "slut", "slutevaluering": "slut", "slutevalueringen": "slut"}
_OVERSKRIFT = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_RUNDE_LINJE = re.compile(r"^[\s*_]*runde[\s*_]*:[\s*_]*(.*?)[\s*_.]*$", re.IGNORECASE)
_VEJLEDNING_START = re.compile(rf"^ {{0,3}}>\s*[*_]*{VEJLEDNING}\b", re.IGNORECASE)
_HEGN = re.compile(r"^ {0,3}(```|~~~)")
_BILLEDE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^\s)>]*)")


class FundError(ProblemsError):
    """A findings file cannot be used: every problem of every file given, at once."""


@dataclass(frozen=True)
class Fund:
    """What one findings file holds.

    Attributes
    ----------
    fil : the file as the user named it (messages name it so).
    sti : the file's path (images are read from its folder).
    runde : the round it declares (``midtvej``/``slut``), or None.
    afsnit : section id -> its Markdown without the template's guidance, for every section written, in the
        plan's order.
    problems : what refuses the file, each with its line.
    bemaerkninger : notes that do not refuse it (sections not written yet, guidance left).
    """

    fil: str
    sti: Path
    runde: str | None
    afsnit: dict[str, str]
    problems: tuple[Problem, ...]
    bemaerkninger: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def er_fundfil(path: str | Path, i_mappe: bool = False) -> bool:
    """Whether ``path`` is a findings file: a Markdown file (in a folder: one whose name begins with ``fund``).

    >>> er_fundfil("noter.md"), er_fundfil("noter.md", i_mappe=True), er_fundfil("Fund_slut.MD", i_mappe=True)
    (True, False, True)
    """
    p = Path(path)
    return p.suffix.lower() in FUND_SUFFIXES and (not i_mappe or p.name.lower().startswith("fund"))


# --------------------------------------------------------------------------- images


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


def billede(url: str, mappe: Path | None) -> tuple[str | None, str]:
    """(a data URI, "") for an image file beside the Markdown file, else (None, why not, in Danish).

    The one rule for the findings' images, used by the validation and by the report: only a file beside the
    Markdown file (``mappe``, or a folder under it), png, jpeg, gif or webp, at most 5 MB, whose content is
    what its name says; never an address (the report never fetches anything).

    >>> billede("https://x.dk/a.png", Path("."))[1][:40]
    'rapporten henter aldrig billeder fra net'
    """
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


# --------------------------------------------------------------------------- reading


_GEM_SOM_TEKST = ("gem den som almindelig tekst med tegnkodningen UTF-8 (i Word: Gem som > 'Almindelig tekst "
                  "(*.txt)', kodning 'Unicode (UTF-8)', og giv filen endelsen .md)")


def _tekst(path: Path, fil: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that keeps it from being read."""
    if not path.exists():
        return None, Problem(fil, "filen findes ikke")
    if path.is_dir():
        return None, Problem(fil, "er en mappe, ikke en fil; giv Markdown-filen med evaluators fund")
    try:
        size = path.stat().st_size
        if size > MAKS_FUND_BYTES:
            return None, Problem(fil, f"filen fylder {size / 1_000_000:.1f} MB".replace(".", ",")
                                 + f"; evaluators fund må højst fylde {MAKS_FUND_BYTES // 1_000_000} MB. Er det den "
                                 "rigtige fil? Billeder skal ligge som egne filer ved siden af Markdown-filen")
        data = path.read_bytes()
    except OSError as exc:
        return None, Problem(fil, f"filen kan ikke læses ({exc.strerror or exc})")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return None, Problem(fil, "filen er et Word-dokument (eller en anden pakket fil), ikke tekst; "
                                  + _GEM_SOM_TEKST)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").replace("\r\n", "\n"), None
        except UnicodeDecodeError:
            return None, Problem(fil, f"filen kan ikke læses som tekst; {_GEM_SOM_TEKST}")
    if b"\x00" in data:
        return None, Problem(fil, f"filen er ikke en tekstfil; {_GEM_SOM_TEKST}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        linje = data[: exc.start].count(b"\n") + 1
        return None, Problem(fil, f"filen er ikke gemt som UTF-8, så æ, ø og å kan ikke læses sikkert (første tegn, "
                                  f"der ikke kan læses, står i linje {linje}); {_GEM_SOM_TEKST}")


def _norm(overskrift: str) -> str:
    """A heading as compared: punctuation (colons, dashes, commas, emphasis), spaces and case evened out.

    >>> _norm("  **DEN NYE  organisering** – én Helhedsplan for fire områder: ")
    'den nye organisering én helhedsplan for fire områder'
    """
    return " ".join(re.sub(r"[^\w\s]|_", " ", overskrift).split()).lower()


def laes_fund(path: str | Path, plan: Plan | None = None, fil: str | None = None) -> Fund:
    """Read and check one findings file; every problem is collected, none is raised."""
    plan = plan or load_plan()
    path = Path(path)
    fil = fil or str(path)
    text, problem = _tekst(path, fil)
    if text is None:
        return Fund(fil, path, None, {}, (problem,) if problem else (), ())
    return laes_fund_tekst(text, fil, plan, path)


def laes_fund_tekst(text: str, fil: str, plan: Plan, sti: Path | None = None) -> Fund:
    """The findings in ``text`` (the content of the file ``fil`` at ``sti``), checked against the plan."""
    sti = Path(sti) if sti is not None else Path(fil)
    afsnit_liste = plan.helhedsevaluering.fundafsnit
    efter_navn = {_norm(a.overskrift): a for a in afsnit_liste}
    problems: list[Problem] = []
    noter: list[Problem] = []
    runde: str | None = None
    runde_linje = 0
    fundet: dict[str, tuple[int, list[str]]] = {}  # section id -> (heading line, body lines)
    body: list[str] | None = None  # the lines of the section being read; None: before the first / discarded
    foer_foerste = True
    titel_set = tekst_foer = False
    hegn = False
    vejledning: dict[str, int] = {}  # section id -> line of its guidance
    i_vejledning = False
    aktuel: str | None = None
    for n, line in enumerate(text.splitlines(), 1):
        if _HEGN.match(line):
            hegn = not hegn
        m = None if hegn or _HEGN.match(line) else _OVERSKRIFT.match(line)
        if m and len(m.group(1)) == 2:
            foer_foerste, i_vejledning = False, False
            navn = (m.group(2) or "").strip()
            a = efter_navn.get(_norm(navn))
            if a is None:
                problems.append(Problem(fil, _ukendt_overskrift(navn, afsnit_liste), linje=n))
                body, aktuel = None, None
            elif a.id in fundet:
                problems.append(Problem(fil, f"afsnittet '{a.overskrift}' står allerede i linje {fundet[a.id][0]}; "
                                             "saml teksten under én overskrift", linje=n))
                body, aktuel = None, None
            else:
                body, aktuel = [], a.id
                fundet[a.id] = (n, body)
            continue
        if m and len(m.group(1)) == 1:
            if foer_foerste and not titel_set and not tekst_foer:
                titel_set = True
            else:
                problems.append(Problem(fil, "en overskrift med ét # kan kun stå øverst som filens titel; planens "
                                             "afsnit har ## og underafsnit ###", linje=n))
            continue
        if not hegn and _VEJLEDNING_START.match(line):
            i_vejledning = True
            if aktuel is not None:
                vejledning.setdefault(aktuel, n)
            continue
        if i_vejledning:
            if line.lstrip().startswith(">"):
                continue
            i_vejledning = False
        if foer_foerste:
            rm = _RUNDE_LINJE.match(line)
            if rm:
                vaerdi = rm.group(1).strip()
                r = _RUNDE_ORD.get(vaerdi.lower())
                if r is None:
                    problems.append(Problem(fil, f"ukendt runde; skriv 'Runde: midtvej' (midtvejsevalueringen, data "
                                                 f"til og med {RUNDE_SIDSTE_AAR['midtvej']}) eller 'Runde: slut' "
                                                 f"(slutevalueringen, til og med {RUNDE_SIDSTE_AAR['slut']})",
                                            linje=n, vaerdi=vaerdi or None))
                elif runde is not None and r != runde:
                    problems.append(Problem(fil, f"runden står to gange med forskellige værdier (linje {runde_linje}: "
                                                 f"{runde}); skriv den én gang", linje=n))
                runde, runde_linje = runde or r, runde_linje or n  # the first one counts
            elif line.strip() and not tekst_foer:
                tekst_foer = True
                problems.append(Problem(fil, "teksten står før det første afsnit og kommer ikke med i rapporten; "
                                             "flyt den ind under en af afsnittenes ##-overskrifter (øverst må kun "
                                             "titlen og linjen 'Runde: ...' stå)", linje=n))
            continue
        if body is not None:
            body.append(line)
            if not hegn:
                for alt, url in _BILLEDE.findall(line):
                    src, why = billede(url, sti.parent)
                    if src is None:
                        hvad = f"billedet '{alt}'" if alt.strip() else "billedet"
                        problems.append(Problem(fil, f"{hvad} ({url}) kan ikke vises: {why}", linje=n))
    if not runde_linje:
        problems.insert(0, Problem(fil, "filen siger ikke, hvilken runde fundene hører til; skriv linjen "
                                        "'Runde: midtvej' eller 'Runde: slut' øverst i filen (før det første afsnit)"))
    afsnit: dict[str, str] = {}
    for a in afsnit_liste:
        if a.id not in fundet:
            noter.append(Problem(fil, f"afsnittet '{a.overskrift}' mangler og vises som 'ikke skrevet endnu'; "
                                      f"tilføj '## {a.overskrift}', når det er skrevet"))
            continue
        linje, lines = fundet[a.id]
        tekst = "\n".join(lines).strip()
        if tekst:
            afsnit[a.id] = tekst
            if a.id in vejledning:
                noter.append(Problem(fil, f"vejledningen står stadig i afsnittet '{a.overskrift}'; den vises ikke i "
                                          "rapporten, men slet den, når afsnittet er skrevet", linje=vejledning[a.id]))
        elif a.id in vejledning:
            noter.append(Problem(fil, f"afsnittet '{a.overskrift}' er ikke skrevet endnu (kun vejledningen står der) "
                                      "og vises som 'ikke skrevet endnu'; erstat vejledningen med jeres fund",
                                 linje=linje))
        else:
            noter.append(Problem(fil, f"afsnittet '{a.overskrift}' er tomt og vises som 'ikke skrevet endnu'",
                                 linje=linje))
    return Fund(fil, sti, runde, afsnit, tuple(problems), tuple(noter))


def _ukendt_overskrift(navn: str, afsnit: list[Fundafsnit]) -> str:
    """The message for a ## heading that is not one of the plan's sections."""
    navne = [a.overskrift for a in afsnit]
    naer = difflib.get_close_matches(_norm(navn), [_norm(n) for n in navne], n=1, cutoff=0.6)
    forslag = f"mente du '{navne[[_norm(n) for n in navne].index(naer[0])]}'? Afsnittene" if naer else "afsnittene"
    return (f"overskriften '{navn}' er ikke et af helhedsevalueringens afsnit; {forslag} er: "
            + "; ".join(f"'{n}'" for n in navne) + ". Brug ### til underafsnit")


# --------------------------------------------------------------------------- for render


def check_fund(path: str | Path, runde: str | None = None, plan: Plan | None = None) -> Fund:
    """The findings file at ``path`` for the round ``runde``; raise :class:`FundError` with every problem."""
    fund = laes_fund(path, plan)
    problems = list(fund.problems)
    if runde is not None and fund.runde is not None and fund.runde != runde:
        problems.append(Problem(fund.fil, f"filen er evaluators fund til runden '{fund.runde}', men rapporten er "
                                          f"for runden '{runde}'"))
    if problems:
        raise FundError(problems, summary=_summary(problems))
    return fund


def _summary(problems: list[Problem]) -> str:
    """The first line, as for every other input file (``validate`` prints the same)."""
    n_files = len({p.fil for p in problems})
    return (f"{antal_tekst(len(problems), 'problem', 'problemer')} i {antal_tekst(n_files, 'fil', 'filer')}; "
            "intet er indlæst")


def fund_for_runder(filer: Iterable[str | Path], runder: Iterable[str], plan: Plan | None = None,
                    angivet: bool = True) -> dict[str, str]:
    """Round -> findings file, for the files ``filer``, each routed to the round it declares.

    ``angivet``: the user named the files (``render --fund``): a file for a round that is not rendered is a
    problem. Otherwise (the findings found among the data files) such a file is left out. Two files for one
    round are a problem. Raises :class:`FundError` with every problem of every file at once.
    """
    plan = plan or load_plan()
    runder = list(runder)
    problems: list[Problem] = []
    ud: dict[str, str] = {}
    for f in filer:
        fund = laes_fund(f, plan, str(f))
        problems.extend(fund.problems)
        if fund.runde is None:
            continue
        if fund.runde not in runder:
            if angivet:
                problems.append(Problem(fund.fil, f"filen er evaluators fund til runden '{fund.runde}', som ikke "
                                                  f"dannes nu (kun {', '.join(runder)}); tilføj --runde {fund.runde}, "
                                                  "eller udelad filen"))
            continue
        if fund.runde in ud:
            problems.append(Problem(fund.fil, f"{ud[fund.runde]} er også evaluators fund til runden '{fund.runde}'; "
                                              "giv én fil pr. runde"))
            continue
        ud[fund.runde] = str(f)
    if problems:
        raise FundError(problems, summary=_summary(problems))
    return ud


# --------------------------------------------------------------------------- the template


def fund_skabelon(plan: Plan, runde: str) -> str:
    """The findings template of the round ``runde``: the round line, and one section per question of the plan
    with the question and the plan's words as guidance (``> Vejledning: ...``), which the evaluator replaces.

    It is a valid findings file: :func:`laes_fund` finds no problem in it, only a note per section that it is
    not written yet (so a half-written file can be rendered; the report shows "ikke skrevet endnu").

    >>> print(fund_skabelon(load_plan(), "slut").splitlines()[2])
    Runde: slut
    """
    he = plan.helhedsevaluering
    navn = {"midtvej": "midtvejsevalueringen", "slut": "slutevalueringen"}.get(runde, runde)
    lines = [
        f"# Evaluators fund: helhedsevaluering af {plan.navn} {plan.periode}, {navn} ({he.runder.get(runde, '')})",
        "",
        f"Runde: {runde}",
        "",
        f"> {VEJLEDNING}: Skriv jeres fund under hver af overskrifterne (##), som er helhedsplanens spørgsmål til",
        "> evalueringen. Lad overskrifterne og linjen 'Runde' stå, som de er. Skriv almindelig tekst; Markdown",
        "> giver **fed**, *kursiv*, punktlister (linjer, der begynder med - ) og underafsnit (### Overskrift).",
        "> Et billede: læg billedfilen (png, jpg, gif eller webp) ved siden af denne fil, og skriv",
        "> ![Beskrivelse af billedet](filnavn.png). Slet vejledningerne (linjerne, der begynder med >),",
        "> efterhånden som I skriver: et afsnit, hvor kun vejledningen står, vises i rapporten som 'ikke skrevet",
        "> endnu', og vejledningerne vises aldrig. Gem filen som tekst i UTF-8, og kontrollér den med:",
        "> helhedsanalyse validate FILNAVN.md",
    ]
    for a in he.fundafsnit:
        lines += ["", f"## {a.overskrift}", "",
                  f"> {VEJLEDNING}: {a.spoergsmaal}",
                  f"> Planens ord ({a.afsnit}): \u201d{a.planens_ord}\u201d",
                  "> Erstat denne vejledning med jeres fund."]
    return "\n".join(lines) + "\n"
