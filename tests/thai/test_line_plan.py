"""A line's operators made from its remembered plan (:func:`saraban.thai.draw._render`) are the
operators :func:`saraban.thai.draw._body` makes, codes allocated in the same order — so the
cross-document plan cache changes no byte of any PDF."""

import io

from reportlab.pdfgen.canvas import Canvas

from saraban.thai.draw import _body, _plan, _render, embedded_font
from saraban.thai.flowable import default_typesetter
from saraban.thai.layout import ParagraphStyle, Span
from saraban.thai.shape import TextStyle

TEXTS = ["องค์การบริหารส่วนตำบลน้ำพี้", "ผู้ว่าราชการจังหวัดเชียงใหม่ ๑,๒๓๔.๕๖", "ที่ทำการ  ก่อนนี้ ดิ์ น้ำ",
         [Span("อำเภอเมือง", bold=True), Span("  (๑๒ แห่ง)")], "Latin text 85.23 and ไทย"]


def _lines():
    ts = default_typesetter()
    for size, align in ((16, "left"), (11, "right"), (14, "justify")):
        for text in TEXTS:
            layout = ts.layout_cached(text, ParagraphStyle(TextStyle(size=size), align=align), 120.0)
            yield from (line.runs for line in layout.lines)


def test_rendered_plan_is_the_body_with_the_same_codes():
    lines = list(_lines())
    assert len(lines) > len(TEXTS)
    direct, planned = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    # a document that drew other lines first numbers its codes differently: both ways must agree
    for runs in lines[::-1][:3]:
        _body(direct, runs)
        _render(planned, _plan(runs))
    for runs in lines:
        assert _render(planned, _plan(runs)) == _body(direct, runs)
    faces = {run.face.path: run.face for runs in lines for run in runs}
    assert len(faces) >= 2
    for face in faces.values():
        a, b = embedded_font(direct, face), embedded_font(planned, face)
        assert a.internal_name == b.internal_name
        assert (a._cid_gid, a._cid_text, a._cid_width, a._cluster_glyphs) == \
               (b._cid_gid, b._cid_text, b._cid_width, b._cluster_glyphs)
        assert len(a._cid_gid) > 5   # codes were allocated (the bold face draws one span)
