"""Write the corpus of broken and awkward input files (tests/korpus/).

The files are committed; this script documents how each was made and can write them again::

    .venv/bin/python tests/korpus/lav_korpus.py

The expected outcome of every file is in ``forventet.yaml`` next to it (written by hand, checked by
``tests/test_korpus.py``). The 100.000-row file is not committed: the test writes it itself.
Excel files whose XML is patched (cached formula results) are written byte for byte the same way each
time; openpyxl's time stamps are fixed so that rewriting the corpus changes nothing.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path

KORPUS = Path(__file__).resolve().parent

H = "omraade,indikator,periode,vaerdi,taeller,naevner,kilde,note"
HS = "område;indikator;periode;værdi;tæller;nævner;kilde;note"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def tekst(navn: str, indhold: str, kodning: str = "utf-8", bom: bytes = b"", crlf: bool = False) -> None:
    if crlf:
        indhold = indhold.replace("\n", "\r\n")
    (KORPUS / navn).write_bytes(bom + indhold.encode(kodning))


def raa(navn: str, data: bytes) -> None:
    (KORPUS / navn).write_bytes(data)


# --------------------------------------------------------------------------- CSV


def csv_filer() -> None:
    # separators and decimal marks
    tekst("blandet_skilletegn.csv", f"{HS}\nmotalavej;tryghed;2018;61,5;;;;\nmotalavej,tryghed,2019,63.0,,,,\n")
    tekst(
        "blandet_decimaltegn.csv",
        f"{HS}\nmotalavej;tryghed;2018;61,5;;;;\nringparken;tryghed;2018;70.2;;;;\nsydbyen;tryghed;2018;66;;;;\n",
    )
    tekst("decimalkomma_i_kommafil.csv", "omraade,indikator,periode,vaerdi\nmotalavej,tryghed,2018,61,5\n")
    tekst(
        "semikolon_decimalkomma.csv",
        f"{HS}\nmotalavej;tryghed;2018;61,5;;;politiet;\nringparken;kriminalitet;2018;;38;1421;;\n",
    )
    tekst("tabulator_utf16.txt", "område\tindikator\tperiode\tværdi\nSydbyen\ttryghed\t2018\t66,1\n", kodning="utf-16")
    # encodings
    tekst(
        "windows1252.csv",
        f"{HS}\nPræstevangen og Parkvej;tryghed;2018;70,5;;;Tryghedsmåling – politiet;\n",
        kodning="cp1252",
    )
    tekst("latin1.csv", f"{HS}\nSkælskør;fraflytning;2018;;12;80;Boligselskabet;særlig høj\n", kodning="latin-1")
    tekst("bom_utf8.csv", f"{H}\nmotalavej,tryghed,2018,61.5,,,,\n", bom=codecs.BOM_UTF8)
    raa(
        "blandet_kodning.csv",
        f"{HS}\n".encode("cp1252") + "Præstevangen;tryghed;2018;61,5;;;Tryghedsmåling;\n".encode("cp1252")
        + "Skælskør;tryghed;2019;70,2;;;Tryghedsmåling;\n".encode(),
    )
    tekst(
        "nfd_bogstaver.csv",
        nfd(f"{HS}\nPræstevangen og Parkvej;tryghed;2018;70,5;;;;\nSkælskør;hærværk;2018;4;;;;\n"),
    )
    # names
    tekst(
        "navne_mellemrum_og_store_bogstaver.csv",
        f"{H}\n  RINGPARKEN  ,Tryghed,2018,70.2,,,,\nringparken  og   schackenborgvænge,tryghed,2019,71.0,,,,\n"
        "MOTALAVEJ,FRAFLYTNINGSPROCENT,2018,18.5,,,,\n",
    )
    tekst("omraade_stavefejl.csv", f"{H}\nMotalvej,tryghed,2018,61.5,,,,\nVollsmose,tryghed,2018,60.0,,,,\n")
    tekst("indikator_stavefejl.csv", f"{H}\nmotalavej,trygheden,2018,61.5,,,,\nmotalavej,antal lejligheder,2018,520,,,,\n")
    # percentages and numbers
    tekst("procent_med_tegn.csv", f"{HS}\nmotalavej;tryghed;2018;72,4 %;;;;\nringparken;tryghed;2018;70%;;;;\n")
    tekst("procent_som_broek.csv", f"{H}\nmotalavej,tryghed,2017,0.583,,,,\nmotalavej,tryghed,2018,0.615,,,,\n")
    tekst("procent_som_broek_enkelt.csv", f"{H}\nmotalavej,tryghed,2018,0.724,,,,\nringparken,tryghed,2018,70.2,,,,\n")
    tekst("procent_under_1_med_tegn.csv", f"{HS}\nmotalavej;fraflytning;2018;0,8 %;;;;\n")
    tekst("procenttegn_paa_antal.csv", f"{HS}\nmotalavej;haervaerk;2018;12 %;;;;\n")
    tekst(
        "tusindtal_med_decimalkomma.csv",
        f"{HS}\nsamlet;hjemmeside_besoegende;2018;1.250;;;;\nsamlet;hjemmeside_besoegende;2019;1 370;;;;\n"
        "motalavej;tryghed;2018;61,5;;;;\n",
    )
    tekst("tusindtal_tvetydigt.csv", f"{HS}\nsamlet;hjemmeside_besoegende;2018;1.250;;;;\n")
    tekst("ikke_et_tal.csv", f"{HS}\nmotalavej;tryghed;2018;ca. 70;;;;\nmotalavej;tryghed;2019;-;;;;\n")
    tekst(
        "uden_for_gyldige_vaerdier.csv",
        f"{H}\nmotalavej,tryghed,2018,105,,,,\nmotalavej,brande,2018,\u22123,,,,\nsydbyen,fraflytning,2018,,12,10,,\n"
        "sydbyen,fraflytning,2019,,3,0,,\nmotalavej,brande,2019,2.5,,,,\n",
    )
    # empty, header only, structure
    tekst("tom.csv", "")
    tekst("kun_overskrifter.csv", f"{H}\n")
    tekst("kun_kommentarer.csv", "# indberetning 2018\n# ingen tal endnu\n")
    tekst("ingen_overskrift.csv", "motalavej,tryghed,2018,61.5\n")
    tekst("kolonne_mangler.csv", "omraade,periode,vaerdi\nmotalavej,2018,61.5\n")
    tekst("kolonne_to_gange.csv", "omraade,indikator,periode,vaerdi,værdi\nmotalavej,tryghed,2018,61.5,62\n")
    tekst(
        "ukendt_kolonne_crlf_kommentarer.csv",
        f"# Indberetning fra boligsocialt sekretariat\n{H},ansvarlig\nmotalavej,tryghed,2018,61.5,,,politiet,\"note, med komma\",Bo\n"
        "# motalavej,tryghed,2019,99,,,,,\n\n\n",
        crlf=True,
    )
    # line breaks inside cells: a quoted newline (one row in Excel) and U+2028 from a pasted text (no line break)
    tekst(
        "linjeskift_i_celler.csv",
        f"{H}\nmotalavej,tryghed,2017,58.3,,,politiet,\"kopieret fra Word:\u2028anden linje\"\n"
        "motalavej,tryghed,2018,61.5,,,politiet,\"to\r\nlinjer\"\nmotalavej,tryghed,2019,x,,,,\n",
    )
    # duplicates
    tekst("dubletter_ens.csv", f"{H}\nmotalavej,tryghed,2018,61.5,,,,\nMotalavej,Tryghed,2018,61.50,,,,\n")
    tekst("dubletter_modstridende.csv", f"{H}\nmotalavej,tryghed,2018,61.5,,,,\nmotalavej,tryghed,2018,63.0,,,,\n")
    # periods
    tekst(
        "perioder_ugyldige.csv",
        f"{H}\nsamlet,fritidsjob,2018-Q3,15,,,,\nsamlet,fritidsjob,2018 K3,15,,,,\nsamlet,fritidsjob,18,15,,,,\n",
    )
    tekst(
        "perioder_gyldige.csv",
        f"{H}\nsamlet,fritidsjob,2018k4,12,,,,\nsamlet,fritidsjob, 2019Q1 ,9,,,,\nsamlet,ydelsesperiode_18_29,2019h1,13,,,,\n"
        "samlet,fritidsjob,2018,60,,,,\n",
    )
    tekst(
        "vaerdi_passer_ikke_med_broek.csv",
        f"{H}\nmotalavej,tryghed,2018,80,30,40,,\nmotalavej,tryghed,2019,0.75,30,4000,,under 1 %\n",
    )
    tekst("aar_uden_for_planen.csv", f"{H}\nmotalavej,tryghed,2035,61.5,,,,\nmotalavej,tryghed,2009,60.0,,,,\n")
    raa("binaer.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    raa("gammelt_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56)


# --------------------------------------------------------------------------- Excel

_FAST_TID = dt.datetime(2021, 1, 1)


def _gem(wb, navn: str, efter=None) -> None:
    """Save with fixed time stamps (and optionally patch the sheet XML), so the bytes do not change."""
    wb.properties.created = _FAST_TID
    wb.properties.modified = _FAST_TID
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>",
                              b'<dcterms:modified xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:modified>', data)
            if efter and info.filename.startswith("xl/worksheets/sheet"):
                data = efter(info.filename, data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, data)
    (KORPUS / navn).write_bytes(out.getvalue())


def excel_filer() -> None:
    import openpyxl

    hoved = ["Område", "Indikator", "Periode", "Værdi", "Tæller", "Nævner", "Kilde", "Note"]

    # formulas whose result Excel stored: the stored result is read
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(hoved)
    ws.append(["motalavej", "tryghed", 2018, "=E2/F2*100", 123, 183, "politiet", None])
    ws.append(["ringparken", "fritidsjob", "2018K1", "=3+4", None, None, None, None])

    def cached(_name: str, xml: bytes) -> bytes:
        xml = xml.replace(b"<f>E2/F2*100</f><v />", b"<f>E2/F2*100</f><v>67.21311475409836</v>")
        xml = xml.replace(b"<f>3+4</f><v />", b"<f>3+4</f><v>7</v>")
        return xml

    _gem(wb, "excel_formler.xlsx", cached)

    # formulas without a stored result (written by a program, never opened in Excel)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(hoved)
    ws.append(["motalavej", "tryghed", 2018, "=E2/F2*100", 123, 183, None, None])
    ws.append(["ringparken", "tryghed", 2018, 70.2, None, None, None, None])
    _gem(wb, "excel_formler_uden_resultat.xlsx")

    # merged cells: an area name merged over three rows, and a value merged over two rows
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(hoved)
    ws.append(["Motalavej", "tryghed", 2017, 58.3])
    ws.append([None, "tryghed", 2018, 61.5])
    ws.append([None, "tryghed", 2019, 63.0])
    ws.merge_cells("A2:A4")
    _gem(wb, "excel_flettede_navne.xlsx")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(hoved)
    ws.append(["motalavej", "tryghed", 2018, 61.5])
    ws.append(["ringparken", "tryghed", 2018, None])
    ws.merge_cells("D2:D3")
    _gem(wb, "excel_flettet_vaerdi.xlsx")

    # hidden sheets: an old hidden sheet first, the real data on a visible sheet
    wb = openpyxl.Workbook()
    gammel = wb.active
    gammel.title = "Gammel"
    gammel.append(hoved)
    gammel.append(["motalavej", "tryghed", 2016, 11.1])
    gammel.sheet_state = "hidden"
    ws = wb.create_sheet("Tal 2018")
    ws.append(hoved)
    ws.append(["motalavej", "tryghed", 2018, 61.5])
    ws.append(["ringparken", "tryghed", 2018, 70.2])
    _gem(wb, "excel_skjult_ark.xlsx")

    # numbers stored as text, header lower down (the template's layout), Danish headers in NFD
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Indberetning af boligsociale tal 2018"])
    ws.append(["Udfyld én række pr. område, indikator og periode."])
    ws.append([nfd(h) for h in hoved])
    ws.append(["Ringparken", "tryghed", 2018, "72,4", None, None, "politiet", None])
    ws.append(["motalavej", "Kriminalitet", "2018", 41.2, None, None, None, None])
    ws.append(["samlet", "fritidsjob", "2018K3", "15", None, None, None, None])
    _gem(wb, "excel_tekst_tal_overskrift_laengere_nede.xlsx")

    # a date where a period belongs, and TRUE as a value
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(hoved)
    ws.append(["motalavej", "tryghed", dt.datetime(2018, 3, 1), 61.5])
    ws.append(["motalavej", "tryghed", 2019, True])
    ws.cell(row=2, column=3).number_format = "yyyy-mm"
    _gem(wb, "excel_dato_og_sandt.xlsx")

    # a workbook that is not a zip file although it is called .xlsx
    raa("i_stykker.xlsx", b"PK\x03\x04 ikke en rigtig zip-fil")
    # an Excel workbook saved under a .csv name
    raa("excel_med_csv_navn.csv", (KORPUS / "excel_skjult_ark.xlsx").read_bytes())


def plan_fil() -> None:
    """kriterier.yaml with one criterion whose indicator is misspelt (the test puts it in a copy of data/plan)."""
    text = """\
# Én kriterium med en stavefejl i indikatoren (tryghed -> trygheden).
kriterier:
  - id: tt_tryghed
    indsatsomraade: tryghed_trivsel
    tekst: Andelen af beboere, der oplever tryghed, skal stige.
    indikator: trygheden
    omraader: [motalavej]
    maal:
      - type: over_reference
        omraader: [motalavej]
        reference: sub
    baseline:
      aar: 2016
      vaerdi: 58.3
    datakilde: Politiets tryghedsmåling.
    maalefrekvens: aarlig
    forekomster:
      - afsnit: Indsatsområder
"""
    (KORPUS / "plan_ukendt_indikator.kriterier.yaml").write_text(text, encoding="utf-8")


def vurderinger_fil() -> None:
    tekst(
        "vurderinger_ukendt_status.csv",
        "kriterium,omraade,runde,vurdering,begrundelse\n"
        "kp_beboerindflydelse,motalavej,slut,super,Beboerne er glade\n",
    )


# --- Excel- og CSV-vaner (del A)
# What Excel and hand-written CSV do to a file: number formats (a percentage, a date shown as a year),
# hidden and filtered rows, a password, the old and the OpenDocument formats, Excel's lock file in a data
# folder, a formatted cell at the sheet's last row, a zip bomb; CSV quotes that never close, a field longer
# than a cell, rows with too many or too few fields.

HOVED = ["Område", "Indikator", "Periode", "Værdi", "Tæller", "Nævner", "Kilde", "Note"]


def _wb_data(rows, hoved=HOVED):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(hoved)
    for r in rows:
        ws.append(r)
    return wb, ws


def _xlsx_bytes(wb) -> bytes:
    wb.properties.created = _FAST_TID
    wb.properties.modified = _FAST_TID
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def excel_og_csv_vaner() -> None:
    import openpyxl
    from helhedsanalyse.template import write_template

    # "100 %" and "72,4 %" typed into the project's own template: Excel stores 1 and 0,724 with a percent
    # format ('0%', '0.0%'); a plain 61,5 beside them
    skabelon = KORPUS / "_skabelon.xlsx"
    write_template(skabelon, years=[2018], overwrite=True)
    wb = openpyxl.load_workbook(skabelon)
    skabelon.unlink()
    ws = wb["Data"]
    fyld = {("motalavej", "tryghed"): (1, "0%"), ("ringparken", "tryghed"): (0.724, "0.0%"),
            ("sydbyen", "tryghed"): (61.5, "General")}
    for row in ws.iter_rows(min_row=5):
        key = (row[0].value, row[1].value)
        if key in fyld:
            row[3].value, row[3].number_format = fyld.pop(key)
    assert not fyld, fyld
    _gem(wb, "skabelon_procent.xlsx")

    # percent-formatted cells where the unit is not per cent: '12 %' for a count, a tæller as '50 %'
    wb, ws = _wb_data([["motalavej", "haervaerk", 2018, 0.12], ["ringparken", "tryghed", 2018, None, 0.5, 120]])
    ws["D2"].number_format = "0%"
    ws["E3"].number_format = "0%"
    _gem(wb, "excel_procent_paa_antal.xlsx")

    # periods that are dates Excel shows as years (format yyyy)
    wb, ws = _wb_data([["motalavej", "tryghed", dt.datetime(2018, 1, 1), 61.5],
                       ["motalavej", "tryghed", dt.datetime(2019, 1, 1), 63.0]])
    ws["C2"].number_format = ws["C3"].number_format = "yyyy"
    _gem(wb, "excel_aar_som_dato.xlsx")

    # hidden rows and a hidden column, read with a note
    wb, ws = _wb_data([["motalavej", "tryghed", 2017, 58.3, None, None, "politiet"],
                       ["motalavej", "tryghed", 2018, 61.5, None, None, "politiet"],
                       ["motalavej", "tryghed", 2019, 63.0, None, None, "politiet"],
                       ["motalavej", "tryghed", 2020, 64.1, None, None, "politiet"]])
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["G"].hidden = True
    _gem(wb, "excel_skjulte_raekker.xlsx")

    # rows hidden by a filter on område (only motalavej shown)
    wb, ws = _wb_data([["motalavej", "tryghed", 2018, 61.5], ["ringparken", "tryghed", 2018, 70.2],
                       ["sydbyen", "tryghed", 2018, 66.0], ["motalavej", "tryghed", 2019, 63.0]])
    ws.auto_filter.ref = "A1:H5"
    ws.auto_filter.add_filter_column(0, ["motalavej"])
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[4].hidden = True
    _gem(wb, "excel_filter.xlsx")

    # a workbook protected with a password (Filer > Oplysninger > Beskyt projektmappe > Krypter med
    # adgangskode): an OLE container, not a zip file. Written with msoffcrypto-tool (not a dependency of
    # the package: pip install --target /tmp/msoff msoffcrypto-tool); the encryption is salted, so the file
    # is kept as it is once written
    maal = KORPUS / "excel_adgangskode.xlsx"
    if not maal.exists():
        try:
            from msoffcrypto.format.ooxml import OOXMLFile
        except ImportError:
            print(f"{maal.name}: msoffcrypto-tool mangler; filen er ikke skrevet")
        else:
            wb, _ = _wb_data([["motalavej", "tryghed", 2018, 61.5]])
            out = io.BytesIO()
            OOXMLFile(io.BytesIO(_xlsx_bytes(wb))).encrypt("hemmelig", out)
            maal.write_bytes(out.getvalue())

    # the old format under the new name, and OpenDocument spreadsheets (LibreOffice)
    raa("gammelt_excel_med_xlsx_navn.xlsx", (KORPUS / "gammelt_excel.xls").read_bytes())
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as z:
        for navn, data in (("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                           ("content.xml", b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')):
            zi = zipfile.ZipInfo(navn, date_time=(2021, 1, 1, 0, 0, 0))
            z.writestr(zi, data)
    raa("libreoffice.ods", ods.getvalue())
    raa("libreoffice_med_xlsx_navn.xlsx", ods.getvalue())

    # a data folder with Excel's lock file beside the open workbook (~$ + the name; Excel writes the user's
    # name in it), and a folder with no data file at all
    laas = b"\x05Birte" + b" " * 49 + b"\x05\x00B\x00i\x00r\x00t\x00e\x00" + b"\x20\x00" * 50
    mappe = KORPUS / "mappe_med_laasefil"
    mappe.mkdir(exist_ok=True)
    wb, _ = _wb_data([["motalavej", "tryghed", 2018, 61.5]], hoved=[h.lower() for h in HOVED])
    _gem(wb, "mappe_med_laasefil/tal.xlsx")
    raa("mappe_med_laasefil/~$tal.xlsx", laas)
    tom = KORPUS / "mappe_uden_data"
    tom.mkdir(exist_ok=True)
    raa("mappe_uden_data/~$tal.xlsx", laas)
    raa("mappe_uden_data/noter.docx", b"PK\x03\x04 (et Word-dokument)")

    # one formatted, empty cell at the sheet's last row (and column): the declared dimension is
    # A1:D1048576 or A1:XFD1048576, the data two rows
    for celle in ("D1048576", "XFD1048576"):
        wb, ws = _wb_data([["motalavej", "tryghed", 2018, 61.5], ["ringparken", "tryghed", 2018, 70.2]])
        ws[celle].number_format = "0.0"
        _gem(wb, f"excel_celle_i_{celle}.xlsx")

    # a zip bomb: 1,1 MB that unpacks to 1,1 GB (one cell of 1.100 MiB 'A'); the zip directory says so
    bombe = io.BytesIO()
    wb, _ = _wb_data([["motalavej", "tryghed", 2018, 61.5]])
    base = zipfile.ZipFile(io.BytesIO(_xlsx_bytes(wb)))
    with zipfile.ZipFile(bombe, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in base.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(zi, base.read(info.filename))
                continue
            with z.open(zi, "w", force_zip64=True) as fh:
                fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                         b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
                blok = b"A" * (1 << 20)
                for _ in range(1100):
                    fh.write(blok)
                fh.write(b"</t></is></c></row></sheetData></worksheet>")
    raa("excel_zipbombe.xlsx", bombe.getvalue())

    # CSV: a quote that opens a field and never closes (the rows after it would vanish into it)
    tekst("csv_anfoerselstegn_aldrig_lukket.csv",
          f"{H}\nmotalavej,tryghed,2017,58.3,,,politiet,\nmotalavej,tryghed,2018,61.5,,,\"politiet,\n"
          "motalavej,tryghed,2019,63.0,,,politiet,\nmotalavej,tryghed,2020,64.1,,,politiet,\n")
    # ... and one closed two rows later (the row between is swallowed)
    tekst("csv_anfoerselstegn_lukket_for_sent.csv",
          f"{H}\nmotalavej,tryghed,2017,58.3,,,\"politiet,\nmotalavej,tryghed,2018,61.5,,,politiet,\n"
          "motalavej,tryghed,2019,63.0,,,politiet\",\nmotalavej,tryghed,2020,64.1,,,politiet,\n")
    # a field longer than the csv module's limit (131.072 characters) and an Excel cell (32.767), and
    # an unknown area in the same file: both are reported
    tekst("csv_felt_over_graensen.csv",
          f"{H}\nmotalavej,tryghed,2018,61.5,,,politiet,\nmotalavej,tryghed,2019,63.0,,,politiet,\""
          + "x" * 140_000 + "\"\nMotalvej,tryghed,2020,64.1,,,politiet,\n")
    # rows with too many fields (a ';' in a note) and too few (a lost separator: the nævner ends up
    # missing, tæller where the value should be)
    tekst("csv_for_mange_felter.csv",
          f"{HS}\nmotalavej;tryghed;2018;61,5;;;politiet;\nmotalavej;tryghed;2019;63,0;;;politiet;ny; metode\n")
    tekst("csv_for_faa_felter.csv",
          f"{H}\nmotalavej,tryghed,2018,,120,195,politiet,\nmotalavej,tryghed,2019,,130,200,politiet,\n"
          "motalavej,tryghed,2020,130,200,politiet,\n")
    # rows that leave out the empty fields at the end (read, with a note)
    tekst("csv_korte_raekker.csv",
          f"{H}\nmotalavej,tryghed,2018,61.5,,,politiet,ny metode\nmotalavej,tryghed,2019,63.0\n")
    # the evaluator's assessments with an unquoted comma in the justification (the rest would be lost)
    tekst("vurderinger_komma_i_begrundelse.csv",
          "kriterium,omraade,runde,vurdering,begrundelse\n"
          "kp_beboerindflydelse,motalavej,slut,opfyldt,Beboerne deltager, og bestyrelsen er styrket\n")


def diskretionering_filer() -> None:
    """Files whose small numbers the published reports, ``status`` and ``lister`` must not give away (the
    expected outcomes of diskretionering are under ``diskretionering:`` in forventet.yaml)."""
    # a share given as value and nævner without tæller: 10 % of 30 is 3 persons (issue 12); samlet adds them
    tekst("diskretionering_andel_uden_taeller.csv",
          f"{H}\nmotalavej,ydelse_18_29,2017,,76,260,Jobcenter,\nringparken,ydelse_18_29,2017,,150,520,Jobcenter,\n"
          "sydbyen,ydelse_18_29,2017,,73,250,Jobcenter,\nskaelskoer,ydelse_18_29,2017,40,,30,Jobcenter,\n"
          "motalavej,ydelse_18_29,2021,,72,260,Jobcenter,\nringparken,ydelse_18_29,2021,,134,520,Jobcenter,\n"
          "sydbyen,ydelse_18_29,2021,,75,250,Jobcenter,\nskaelskoer,ydelse_18_29,2021,10,,30,Jobcenter,\n")
    # 48 of 50 enrolled: the 2 who are not are a small count too
    tekst("diskretionering_komplement.csv",
          f"{H}\nmotalavej,ungdomsuddannelse_18plus,2021,,48,50,UU,\nringparken,ungdomsuddannelse_18plus,2021,,60,200,UU,\n"
          "sydbyen,ungdomsuddannelse_18plus,2021,,40,150,UU,\nskaelskoer,ungdomsuddannelse_18plus,2021,,30,120,UU,\n")
    # a value that does not match its tæller/nævner: the loader's note quotes both numbers of a small share
    tekst("diskretionering_note_med_vaerdi.csv",
          f"{H}\nmotalavej,grundskole_18_29,2021,,100,260,UU,\nringparken,grundskole_18_29,2021,,90,240,UU,\n"
          "sydbyen,grundskole_18_29,2021,,50,180,UU,\nskaelskoer,grundskole_18_29,2021,12,3,30,UU,\n")
    # samlet of a year with an area missing is not formed, but its note gives the sum of the others
    tekst("diskretionering_samlet_mangler_omraade.csv",
          f"{H}\nmotalavej,dropout,2021,3,,,UU,\nringparken,dropout,2021,12,,,UU,\nsydbyen,dropout,2021,9,,,UU,\n")
    # list values: convictions 7 of 2.000 (shown at the threshold 5, hidden at 10); a file name that Excel
    # would read as a formula when the lister CSV quotes it
    tekst("=lister_formel.csv",
          f"{H}\nmotalavej,liste_beboere,2019,2000,,,BL,\nmotalavej,liste_doemte,2019,,7,2000,BL,\n"
          "danmark,liste_doemte,2019,0.68 %,,,BL,\n")


if __name__ == "__main__":
    csv_filer()
    excel_filer()
    plan_fil()
    vurderinger_fil()
    excel_og_csv_vaner()
    diskretionering_filer()
    print(f"korpus skrevet i {KORPUS}")
