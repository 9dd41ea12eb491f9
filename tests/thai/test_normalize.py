from saraban.thai.normalize import normalize


def test_plain_text_is_unchanged():
    n = normalize("ผู้ว่าราชการจังหวัด ทุกจังหวัด")
    assert n.text == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"
    assert n.edits == () and n.break_hints == ()


def test_zero_width_space_becomes_a_break_hint():
    n = normalize("ป่า\u200bต้นน้ำ")
    assert n.text == "ป่าต้นน้ำ"
    assert n.break_hints == (3,)


def test_bom_and_controls_removed_tabs_and_crlf_normalised():
    n = normalize("\ufeffก\tข\r\nค\x07")
    assert n.text == "ก ข\nค"
    assert any(e.before == "\x07" for e in n.edits)


def test_decomposed_sara_am_is_composed_with_tone_kept():
    assert normalize("ทํา").text == "ทำ"
    assert normalize("น\u0e4d\u0e49\u0e32").text == "น้ำ"


def test_tone_typed_before_upper_vowel_is_reordered():
    assert normalize("ก\u0e48\u0e34").text == "ก\u0e34\u0e48"


def test_bidi_and_format_controls_are_dropped_with_a_warning():
    """Pasted from Word or the web: invisible, and no font has a glyph for them (issue 9)."""
    raw = "ก\u200eข\u200fค\u202aง\u202eจ\u2066ฉ\u2069ช\u00adซ"
    n = normalize(raw)
    assert n.text == "กขคงจฉชซ"
    assert len(n.warnings) == 7 and "U+200E LEFT-TO-RIGHT MARK" in n.warnings[0]
    assert "warning: removed U+00AD SOFT HYPHEN" in n.dump()


def test_exotic_spaces_are_set_as_spaces():
    n = normalize("ก\u2009ข\u3000ค\u202fง\u2002จ")
    assert n.text == "ก ข ค\u00a0ง จ"   # the narrow no-break space still joins
    assert n.warnings == ()


def test_pasted_controls_and_spaces_lay_out_in_every_family(typesetter):
    from saraban.thai.layout import ParagraphStyle
    from saraban.thai.shape import TextStyle

    raw = "\u202bที่\u2009มท\u202f๐๘๑๐.๗\u200e/ว\u3000๔๔๑๙\u202c ส\u00adวัสดี\u2066ครับ\u2069"
    for family in ("Sarabun", "Laksaman", "Laksaman PUA"):
        lay = typesetter.layout(raw, ParagraphStyle(TextStyle(family=family)), 400)
        assert lay.text == "ที่ มท\u00a0๐๘๑๐.๗/ว ๔๔๑๙ สวัสดีครับ"
