import random
from pathlib import Path

import pytest

from saraban.thai.segment import (COMPOUND, ENGINES, FORCED, LINKED, PROTECTED, SPACE, URL, WORD, Segmenter,
                                  default_segmenter)

CORPUS = Path(__file__).parents[1] / "fixtures" / "thai-corpus.txt"
SAMPLE = Path(__file__).parents[2] / "src" / "saraban" / "samples" / "thai-sample.txt"


@pytest.fixture(scope="module", params=ENGINES)
def seg(request):
    """Every rule is checked with both newmm engines."""
    return Segmenter(engine=request.param)


def test_default_engine_is_the_fast_one_when_installed():
    pytest.importorskip("nlpo3")
    assert default_segmenter().engine == "nlpo3"


def test_engines_give_the_same_breaks():
    """nlpO3 replaces pythainlp's newmm for speed: same dictionary, same break opportunities —
    on the corpus, the sample and 300 paragraphs of their phrases recombined."""
    fast, ref = Segmenter(engine="nlpo3"), Segmenter(engine="pythainlp")
    phrases = (CORPUS.read_text(encoding="utf-8") + SAMPLE.read_text(encoding="utf-8")).split()
    rng = random.Random(7)
    texts = [CORPUS.read_text(encoding="utf-8"), SAMPLE.read_text(encoding="utf-8")]
    texts += ["".join(rng.choice(("", " ")) + p for p in rng.choices(phrases, k=25)) for _ in range(300)]
    for text in texts:
        assert fast.segment(text).breaks == ref.segment(text).breaks, text
        assert "".join(fast.tokenize(text)) == text


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="deepcut"):
        Segmenter(engine="deepcut")


def kinds(s, text):
    return {b.position: b.kind for b in s.segment(text).breaks}


def test_words_are_joined_back_exactly(seg):
    text = "ตามที่กรมส่งเสริมการปกครองท้องถิ่น ได้แจ้งจังหวัด (LPA) ประจำปี ๒๕๖๓"
    s = seg.segment(text)
    assert "".join(s.words()) == text


def test_breaks_between_thai_words_and_after_spaces(seg):
    text = "จึงเรียนมาเพื่อโปรดพิจารณา ขอบคุณ"
    k = kinds(seg, text)
    assert k[text.index("เรียน")] == WORD
    assert k[text.index("ขอบคุณ")] == SPACE
    assert text.index(" ") not in k  # never before a space


def test_no_free_break_inside_urls_numbers_emails(seg):
    """Inside a URL or an e-mail address only their own break points (at a cost), inside a
    document number only protected ones."""
    text = "ดูที่ www.dla.go.th หรือ saraban@dla.go.th ที่ มท ๐๘๑๐.๗/ว ๓๕๕๗"
    k = kinds(seg, text)
    for token, allowed in (("www.dla.go.th", {URL}), ("saraban@dla.go.th", {URL}),
                           ("มท ๐๘๑๐.๗/ว ๓๕๕๗", {PROTECTED}), ("๓๕๕๗", set())):
        a = text.index(token)
        assert {kind for p, kind in k.items() if a < p < a + len(token)} == allowed, token
    assert {text[p - 1] for p, kind in k.items() if kind == URL} <= set("/?&=.@")


@pytest.mark.parametrize("text,forbidden", [
    ("ต่างๆ นานา", "ๆ"),          # never before ๆ
    ("กรุงเทพฯ และ", "ฯ"),         # never before ฯ
    ("คำว่า “หนังสือ” นั้น", "”"),   # never before a closing quote
    ("ข้อ (ก) นั้น", ")"),
])
def test_no_break_before_closing(seg, text, forbidden):
    assert text.index(forbidden) not in kinds(seg, text)


def test_no_break_after_opening(seg):
    text = "คำว่า“หนังสือ”"
    assert text.index("หนังสือ") not in kinds(seg, text)


def test_project_dictionary_keeps_names_whole(seg):
    text = "ไปรษณีย์อิเล็กทรอนิกส์ฉะเชิงเทรา"
    k = kinds(seg, text)
    assert {p: kind for p, kind in k.items() if kind != PROTECTED} == {len("ไปรษณีย์อิเล็กทรอนิกส์"): WORD}


def test_long_compounds_get_compound_breaks(seg):
    text = "สถานที่ศักดิ์สิทธิ์"
    k = kinds(seg, text)
    assert set(k.values()) == {COMPOUND}
    assert "".join(seg.compound_parts(text)) == text


@pytest.mark.parametrize("word", ["องค์กรปกครองส่วนท้องถิ่น", "พระศรีรัตนศาสดาราม", "ศักดิ์สิทธิ์"])
def test_project_compounds_break_only_when_protected(seg, word):
    """A project word breaks between its parts only when it is wider than the line."""
    k = kinds(seg, word)
    assert k and set(k.values()) == {PROTECTED}


@pytest.mark.parametrize("text,words", [
    ("เข้าร่วมโครงการพัฒนา", ["เข้าร่วม", "โครงการ", "พัฒนา"]),   # newmm: โครง|การพัฒนา
    ("นางฟ้า", ["นางฟ้า"]),                                        # นาง is a project word: not cut
])
def test_project_dictionary_corrects_newmm(seg, text, words):
    assert seg.tokenize(text) == words


def test_user_dictionary_from_the_environment(tmp_path, monkeypatch):
    """$SARABAN_WORDS names more word lists (files or folders); their words are kept whole."""
    text = "ระบบสารบรรณอิเล็กทรอนิกส์"
    assert PROTECTED not in kinds(Segmenter(), text).values()
    (tmp_path / "office.txt").write_text("# our words\nระบบสารบรรณอิเล็กทรอนิกส์\n", encoding="utf-8")
    monkeypatch.setenv("SARABAN_WORDS", str(tmp_path))
    assert set(kinds(Segmenter(), text).values()) == {PROTECTED}
    monkeypatch.setenv("SARABAN_WORDS", str(tmp_path / "missing.txt"))
    with pytest.raises(ValueError, match="missing.txt"):
        Segmenter().segment(text)


def test_newline_is_forced(seg):
    text = "บรรทัดแรก\nบรรทัดสอง"
    assert kinds(seg, text)[text.index("\n")] == FORCED


def test_break_hint_from_user(seg):
    text = "ABCDEF"
    assert seg.segment(text, hints=[3]).breaks == ()  # inside a Latin word a hint is ignored
    text2 = "กขคงจฉ"
    assert 3 in {b.position for b in seg.segment(text2, hints=[3]).breaks}


def test_dump_marks_breaks(seg):
    assert seg.segment("ป่าต้นน้ำ ที่ดิน").dump().count("|") >= 2


def test_no_break_space_joins(seg):
    text = "โทร. ๐\u00a0๒๒๔๑\u00a0๙๐๐๐ ต่อ"
    k = kinds(seg, text)
    a = text.index("๐")
    assert not any(a < p <= a + len("๐\u00a0๒๒๔๑\u00a0๙๐๐๐") - 1 for p in k)


def test_province_names_stay_whole(seg):
    assert {b.kind for b in seg.segment("พระนครศรีอยุธยา").breaks} <= {PROTECTED}


@pytest.mark.parametrize("text,starts", [
    ('และ "โครงการ" นี้', '"โครงการ"'),   # an ASCII quote after a space opens
    ("ไปมาๆ ฯพณฯ ท่าน", "ฯพณฯ"),          # ฯ after a space starts a word
])
def test_a_quote_or_paiyannoi_after_a_space_may_start_a_line(seg, text, starts):
    assert kinds(seg, text)[text.index(starts)] == SPACE
