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
