"""``saraban letter check``: findings with their lines; exit 1 on errors, 0 on warnings only."""

from __future__ import annotations

from saraban.cli import main
from saraban.letters.lint import ERROR, WARNING, check_letter

from helpers import EXAMPLE_LETTER, letter_variant, prepared_example


def line_of(path, needle) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def by_level(findings, level):
    return [(f.location.line, f.message) for f in findings if f.level == level]


def test_the_seed_as_typed_has_its_three_slips(capsys):
    spec = EXAMPLE_LETTER.parent / "seed-as-typed.toml"
    findings = check_letter(spec)
    assert by_level(findings, ERROR) == []
    warnings = by_level(findings, WARNING)
    assert (line_of(spec, "๐๘10.7"), "Arabic and Thai digits mixed in '๐๘10.7': type one kind "
            "(Thai digits are printed)") in warnings
    assert any(line == line_of(spec, "๐-๒๒๔1-6956") and "'๐-๒๒๔1-6956'" in m for line, m in warnings)
    assert any(line == line_of(spec, "ขอส่งผลการประเมินประเมิน") and "'ประเมิน' is written twice" in m for line, m in warnings)
    assert any(line == line_of(spec, "subject =") and "takes 3 lines" in m for line, m in warnings)
    assert main(["letter", "check", str(spec)]) == 0  # warnings only
    assert "0 errors, 4 warnings" in capsys.readouterr().err


def test_the_corrected_example_has_no_errors():
    findings = check_letter(EXAMPLE_LETTER)
    assert by_level(findings, ERROR) == []
    assert not any("mixed" in f.message or "twice" in f.message for f in findings)


def test_errors(tmp_path, capsys):
    spec = letter_variant(tmp_path, {
        'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด"':
            'recipient = "ผู้ว่าราชการจังหวัด ทุกจังหวัด"\nclosing = "ขอแสดงความนับถืออย่างยิ่ง"',
        "date = 2021-10-29": "date = 2021-12-29",                                    # after the letter
        "จึงเรียนมาเพื่อโปรดพิจารณา": "ตามหนังสือลงวันที่ 31 กุมภาพันธ์ 2564\n\nจึงเรียนมาเพื่อ{{ purpose }}",
        'phone = "0 2241 9000 ต่อ 2322", ': "",
    })
    (tmp_path / "letter.toml").write_text(
        spec.read_text(encoding="utf-8").replace(
            "references = [", 'references = [\n  "หนังสือจังหวัดเชียงใหม่ ที่ ชม 0017/1 ลงวันที่ 31 กุมภาพันธ์ 2564",'),
        encoding="utf-8")
    findings = check_letter(spec)
    errors = by_level(findings, ERROR)
    messages = " | ".join(m for _, m in errors)
    assert (line_of(spec, "closing ="), "the closing 'ขอแสดงความนับถืออย่างยิ่ง' does not pair with 'เรียน': "
            "write 'ขอแสดงความนับถือ'") in errors
    assert any(line == line_of(spec, "2021-12-29") and "later than the letter" in m for line, m in errors)
    assert any(line == line_of(spec, "ชม 0017/1") and "'31 กุมภาพันธ์ 2564' is not a date that exists" in m
               for line, m in errors)
    assert any(line == line_of(spec, "{{ purpose }}") and "'purpose' is undefined" in m for line, m in errors)
    assert "the contact block needs 'phone'" in messages
    assert main(["letter", "check", str(spec)]) == 1
    out = capsys.readouterr().out
    assert f"{spec}, line {line_of(spec, 'closing =')}: error: the closing" in out


def test_the_shipped_letters_do_not_warn_about_their_merge(tmp_path):
    for spec in sorted(EXAMPLE_LETTER.parent.parent.rglob("*.toml")):
        # as the example is used: its enclosures made by its script (check opens them, as the build)
        folder = tmp_path / spec.parent.name
        copy = (folder / "letters" / spec.parent.name / spec.name if folder.exists()
                else prepared_example(spec, folder))
        assert not [f for f in check_letter(copy.with_name(spec.name)) if "merge" in f.message], spec


def test_the_shipped_letters_check_without_errors(tmp_path):
    """What check accepts, the build accepts, and the reverse: the examples build, so check
    finds no error in them (seed-as-typed.toml has its slips on purpose)."""
    for spec in sorted(EXAMPLE_LETTER.parent.parent.glob("*/letter.toml")):
        copy = prepared_example(spec, tmp_path / spec.parent.name)
        assert not [f for f in check_letter(copy) if f.level == "error"], spec


def test_unused_merge_columns(tmp_path):
    import shutil

    folder = tmp_path / "dla"
    shutil.copytree(EXAMPLE_LETTER.parent, folder)
    (tmp_path / "provinces.csv").write_text(
        (EXAMPLE_LETTER.parents[2] / "data" / "provinces.csv").read_text("utf-8"), "utf-8")
    spec = folder / "letter.toml"
    text = spec.read_text("utf-8").replace("../../data/provinces.csv", "../provinces.csv")
    spec.write_text(text.replace('ignore = ["name_en", "region_th", "region_en", "districts"]',
                                 'ignore = ["name_en", "region"]'), "utf-8")
    findings = {f.message: f.location.line for f in check_letter(spec) if "merge" in f.message}
    assert findings == {
        "merge.ignore names no column of the data: 'region' "
        "(columns: code, name_th, name_en, region_th, region_en, districts)": line_of(spec, "ignore ="),
        "merge columns not used by any template: region_th, region_en, districts "
        "(if on purpose, list them in [merge] ignore = [...])": line_of(spec, "data ="),
    }


def _thai_merge(tmp_path, where: str, filename: str):
    (tmp_path / "rows.csv").write_text("รหัส,ชื่อจังหวัด,ภาค\nTH-50,เชียงใหม่,เหนือ\nTH-10,กรุงเทพมหานคร,กลาง\n",
                                       "utf-8")
    return letter_variant(tmp_path, append=f"""
[merge]
data = "rows.csv"
where = "{where}"
filename = "{filename}"
recipient = "ผู้ว่าราชการจังหวัด{{{{ ชื่อจังหวัด }}}}"
""")


def test_thai_column_names_in_where_and_filename_count_as_used(tmp_path):
    spec = _thai_merge(tmp_path, "ภาค != 'กลาง'", "{{ รหัส }}")
    assert [f for f in check_letter(spec) if "merge" in f.message] == []
    assert main(["letter", str(spec), "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("TH-*.pdf")) == ["TH-50.pdf"]


def test_thai_column_names_left_out_are_named(tmp_path):
    spec = _thai_merge(tmp_path, "ภาค != 'กลาง'", "จดหมาย-{{ index }}")
    [finding] = [f for f in check_letter(spec) if "merge" in f.message]
    assert finding.level == WARNING and finding.message.startswith("merge column not used by any template: รหัส ")
    spec = _thai_merge(tmp_path, "ภาคที่ != 'กลาง'", "{{ รหัส }}")
    [finding] = [f for f in check_letter(spec) if f.level == ERROR]
    assert "'ภาคที่' is undefined" in finding.message and finding.location.line == line_of(spec, "where =")


def test_a_spec_that_does_not_load(tmp_path):
    spec = letter_variant(tmp_path, {'kind = "external"': 'kind = "letter"'})
    [finding] = check_letter(spec)
    assert finding.level == ERROR and "unknown kind 'letter'" in finding.message
    assert finding.location.line == line_of(spec, 'kind = "letter"')
