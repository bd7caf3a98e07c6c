"""Data folders: the one expansion of files and folders (helhedsanalyse.inputs.folders)."""

from __future__ import annotations

from helhedsanalyse.inputs.folders import expand_data_paths


def test_lock_files_and_other_files_in_a_folder(tmp_path):
    (tmp_path / "tal.xlsx").write_bytes(b"")
    (tmp_path / "~$tal.xlsx").write_bytes(b"\x05Birte")
    (tmp_path / "gammel.xls").write_bytes(b"")
    (tmp_path / "referat.docx").write_bytes(b"")
    (tmp_path / ".DS_Store").write_bytes(b"")
    out = expand_data_paths(tmp_path)
    assert out.files == [str(tmp_path / "gammel.xls"), str(tmp_path / "tal.xlsx")]  # .xls is refused when read
    assert out.notes[str(tmp_path)] == [
        "Excels låsefil '~$tal.xlsx' er sprunget over: den findes, mens 'tal.xlsx' er åben i Excel, så ændringer, "
        "der ikke er gemt i 'tal.xlsx', er ikke med",
        "andre filer i mappen er ikke læst: 'referat.docx'",
    ]
    assert out.problems == []
    # a lock file named on the command line (a shell's *.xlsx) is skipped the same way; alone it is no data
    alone = expand_data_paths([tmp_path / "~$tal.xlsx"])
    assert alone.files == [] and [p.besked for p in alone.problems] == [
        "ingen datafiler at læse; giv CSV- eller Excel-filer (.xlsx) eller mapper med dem"]


def test_an_empty_folder_and_a_missing_file(tmp_path):
    (tmp_path / "tom").mkdir()
    out = expand_data_paths([tmp_path / "tom", tmp_path / "findes_ikke.csv"])
    assert out.files == [str(tmp_path / "findes_ikke.csv")]  # reading it says "filen findes ikke"
    assert [p.fil for p in out.problems] == [str(tmp_path / "tom")]
    assert out.problems[0].besked.startswith("mappen indeholder ingen datafiler (CSV eller Excel .xlsx)")


def test_a_folder_of_other_files_names_them(tmp_path):
    for name in ("a.docx", "b.pdf"):
        (tmp_path / name).write_bytes(b"")
    (problem,) = expand_data_paths(str(tmp_path)).problems
    assert "; kun 'a.docx', 'b.pdf'. Læg tallene i mappen" in problem.besked
