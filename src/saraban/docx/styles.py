"""The paragraph styles of a Word letter (internal): one per role, named in Thai-office terms.

A clerk who edits the letter in Word keeps the layout because every part of it is a paragraph
style — "เรื่อง", "เรียน", "ข้อความ", "คำลงท้าย", "ตำแหน่ง"… — carrying the form's indents, spacing
and alignment.  Every number comes from the letter's :class:`~saraban.letters.forms.Form`; sizes
are turned from TH Sarabun points into the family's own points with its scale
(:meth:`~saraban.thai.fonts.FontFamily.point_size`) and every line has the exact pitch the PDF
uses (:meth:`~saraban.thai.fonts.FontFamily.line_pitch`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..letters.forms import Form
from ..letters.layout import QR_URL_SIZE, STAMP_RED as PDF_STAMP_RED
from ..letters.seal import OUTER_DIAMETER as SEAL_DIAMETER_CM
from ..thai.fonts import FontFamily
from .ooxml import POINTS_PER_CM, Tab, font_element, half_points, props, twips, w

#: Red of urgency and secrecy stamps: the PDF's red (RGB 0–1) in Word's hex.
STAMP_RED = "".join(f"{round(v * 255):02X}" for v in PDF_STAMP_RED)

#: Word's names for saraban's alignments.
JUSTIFICATION = {"thai-distributed": "thaiDistribute", "justify": "both", "left": "left",
                 "right": "right", "center": "center"}

@dataclass(frozen=True)
class Style:
    """A paragraph style: ``id`` is what the file refers to, ``name`` what the clerk sees."""

    id: str
    name: str
    size: float | None = None          # TH Sarabun points; None: the letter's size
    bold: bool = False
    color: str | None = None
    align: str = "left"
    left: float = 0.0                  # points from the left margin
    right: float = 0.0                 # points from the right margin
    hanging: float = 0.0
    first: float = 0.0
    space_before: float = 0.0
    keep_next: bool = False
    exact: bool = True                 # exact line pitch (False: single, for picture lines)
    pitch: float | None = None         # points; None: the family's pitch at ``size``
    tabs: tuple[Tab, ...] = ()


@dataclass
class StyleSheet:
    """The styles of one letter: its font family and size, and a style per role."""

    family: FontFamily
    size: float
    text_width: float = 0.0
    styles: dict[str, Style] = field(default_factory=dict)

    @property
    def measure(self) -> float:
        """How much wider text is in Word than in the PDF: Word stores sizes in half points, so
        Sarabun's 16 TH pt (10.457 pt) is written as 10.5 pt, 0.4 % wider."""
        true = self.point_size()
        return half_points(true) / 2 / true

    def add(self, role: str, style: Style) -> None:
        self.styles[role] = style

    def __getitem__(self, role: str) -> str:
        return self.styles[role].id

    def style(self, role: str) -> Style:
        return self.styles[role]

    def point_size(self, th_points: float | None = None) -> float:
        return self.family.point_size(self.size if th_points is None else th_points)

    def pitch(self, th_points: float | None = None) -> float:
        return self.family.line_pitch(self.size if th_points is None else th_points)

    def line_of(self, role: str) -> float:
        """The exact line pitch of paragraphs of ``role``, in points."""
        s = self.styles[role]
        return s.pitch if s.pitch is not None else self.pitch(s.size)

    def key(self) -> tuple:
        return (self.family.name, self.size, tuple(sorted(self.styles.items())))

    # -- styles.xml ----------------------------------------------------------------------------
    def xml(self) -> bytes:
        from lxml import etree

        root = w("styles")
        root.append(self._defaults())
        normal = w("style", {"type": "paragraph", "default": "1", "styleId": "Normal"},
                   w("name", {"val": "Normal"}), w("qFormat"),
                   props("pPr", [w("widowControl")]))
        root.append(normal)
        root.append(w("style", {"type": "character", "default": "1", "styleId": "DefaultParagraphFont"},
                      w("name", {"val": "Default Paragraph Font"}), w("uiPriority", {"val": 1}),
                      w("semiHidden"), w("unhideWhenUsed")))
        for role, style in self.styles.items():
            root.append(self._style(style))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _defaults(self):
        name = self.family.name
        size = half_points(self.point_size())
        rpr = props("rPr", [font_element(name), w("sz", {"val": size}), w("szCs", {"val": size}),
                            w("lang", {"val": "en-US", "eastAsia": "en-US", "bidi": "th-TH"})])
        ppr = props("pPr", [w("spacing", {"before": 0, "after": 0, "line": twips(self.pitch()),
                                          "lineRule": "exact"})])
        return w("docDefaults", None, w("rPrDefault", None, rpr), w("pPrDefault", None, ppr))

    def _style(self, s: Style):
        kids = [w("keepNext") if s.keep_next else None]
        if s.tabs:
            kids.append(w("tabs", None, *(w("tab", {"val": t.kind, "leader": t.leader, "pos": twips(t.position)})
                                          for t in s.tabs)))
        line = {"line": twips(s.pitch if s.pitch is not None else self.pitch(s.size)), "lineRule": "exact"} \
            if s.exact else {"line": 240, "lineRule": "auto"}
        kids.append(w("spacing", {"before": twips(s.space_before), "after": 0, **line}))
        # the line holds what the PDF's line holds: its measure is widened (or narrowed) by as much
        # as the half-point size is larger (smaller) than the true size
        usable = self.text_width - s.left - s.right
        right = s.right - (self.measure - 1) * usable if self.text_width else s.right
        ind = {"left": twips(s.left), "right": twips(right)}
        if s.hanging:
            ind["hanging"] = twips(s.hanging)
        elif s.first:
            ind["firstLine"] = twips(s.first)
        kids.append(w("ind", ind))
        kids.append(w("jc", {"val": JUSTIFICATION[s.align]}))
        rkids = []
        if s.bold:
            rkids += [w("b"), w("bCs")]
        if s.color:
            rkids.append(w("color", {"val": s.color}))
        if s.size is not None:
            hp = half_points(self.point_size(s.size))
            rkids += [w("sz", {"val": hp}), w("szCs", {"val": hp})]
        out = w("style", {"type": "paragraph", "customStyle": "1", "styleId": s.id},
                w("name", {"val": s.name}), w("basedOn", {"val": "Normal"}), w("qFormat"),
                props("pPr", kids))
        if rkids:
            out.append(props("rPr", rkids))
        return out


def letter_styles(form: Form, family: FontFamily, width_of) -> StyleSheet:
    """The styles of a letter of ``form`` in ``family``.  ``width_of(text, size, bold)`` measures
    a label (points), so that heading contents start where the PDF starts them."""
    f = form
    size = float(f.get("font", "size"))
    sheet = StyleSheet(family, size, f.text_width)
    L = f.left
    text_right = f.right

    def from_left(x_cm_key: tuple[str, str]) -> float:
        return f.cm(*x_cm_key) - L

    pitch = family.line_pitch(size)
    sheet.add("page-number", Style("PageNumber", "เลขหน้า", align="center"))
    sheet.add("urgency", Style("Urgency", "ชั้นความเร็ว", size=f.pt("urgency", "size"), bold=True, color=STAMP_RED))
    if f.has("secrecy"):
        sheet.add("secrecy", Style("Secrecy", "ชั้นความลับ", size=f.pt("secrecy", "size"), bold=True,
                                   color=STAMP_RED, align="center"))
    if f.has("number"):
        owner_x = from_left(("owner", "x"))
        owner_right = text_right - f.cm("owner", "right")
        # "ที่ …" starts at the form's number.x (the left margin by default), the owner's name at
        # owner.x on the same line (a tab), and the owner's further lines hang there
        number_x = from_left(("number", "x"))
        sheet.add("number", Style("Number", "ที่", left=owner_x, hanging=owner_x - number_x, right=owner_right,
                                  tabs=(Tab(owner_x),)))
        sheet.add("owner", Style("Owner", "ส่วนราชการเจ้าของหนังสือ", left=owner_x, right=owner_right))
        sheet.add("date", Style("Date", "วันที่", left=from_left(("date", "x")),
                                space_before=f.pt("date", "space_before_pt")))
    if f.has("head"):   # orders, announcements, regulations, by-laws, statements, news
        sheet.add("head", Style("Head", "ส่วนหัว", bold=bool(f.get("head", "bold")), align="center"))
        space = f.pt("dateline", "space_before_pt")
        sheet.add("dateline", Style("DateLine", "วันที่ออกคำสั่ง", left=f.cm("dateline", "x") - L, space_before=space))
        axis_ = f.cm("signature", "axis")
        half_ = min(axis_ - L, text_right - axis_)
        sheet.add("agency", Style("Agency", "ชื่อส่วนราชการ", left=axis_ - half_ - L,
                                  right=text_right - (axis_ + half_), align="center", space_before=space))
    if f.has("seal"):   # stamped letters: the agency, the seal's line with the initials, the date
        axis_ = f.cm("signature", "axis")
        half_ = min(axis_ - L, text_right - axis_)
        centred = dict(left=axis_ - half_ - L, right=text_right - (axis_ + half_), align="center")
        sheet.add("agency", Style("Agency", "ชื่อส่วนราชการ", space_before=f.pt("seal", "space_before_pt"),
                                  keep_next=True, **centred))
        initials_x = axis_ + SEAL_DIAMETER_CM * POINTS_PER_CM / 2 + f.cm("seal", "initials_gap")
        sheet.add("initials", Style("Initials", "อักษรย่อผู้รับผิดชอบ", left=initials_x - L, keep_next=True))
        sheet.add("seal-date", Style("SealDate", "วันที่ประทับตรา", **centred))
    if f.has("photo"):   # certificates: the caption under the photo of the person certified
        sheet.add("photo-caption", Style("PhotoCaption", "คำบรรยายภาพถ่าย", align="center"))
    if f.has("title"):
        sheet.add("title", Style("MemoTitle", "บันทึกข้อความ", size=f.pt("title", "size"), bold=True,
                                 align="center", pitch=f.pt("title", "pitch_pt")))
        # a header line's value wraps at the body's pitch, as in the PDF; the header lines are
        # labels.pitch_pt apart (the rest as space before each)
        sheet.add("memo-field", Style("MemoField", "หัวบันทึก", space_before=f.pt("labels", "pitch_pt") - pitch))
    body_align = f.get("body", "align")
    sheet.add("body", Style("Body", "ข้อความ", align=body_align, first=f.cm("body", "first_indent"),
                            space_before=f.pt("body", "space_before_pt")))
    if f.has("table"):
        sheet.add("table-cell", Style("TableCell", "ข้อความในตาราง", size=f.pt("table", "size")))
    else:
        sheet.add("table-cell", Style("TableCell", "ข้อความในตาราง"))
    if f.has("closing"):
        sheet.add("closing", Style("Closing", "คำลงท้าย", left=from_left(("closing", "x")),
                                   space_before=f.pt("closing", "space_before_pt"), keep_next=True))
    axis = f.cm("signature", "axis")
    half = min(axis - L, text_right - axis)
    lines = int(f.get("signature", "lines_below_closing"))
    sig = dict(left=axis - half - L, right=text_right - (axis + half), align="center", keep_next=True)
    sheet.add("signature-typed", Style("TypedSignature", "ลายมือชื่อ", space_before=(lines // 2 - 1) * pitch, **sig))
    sheet.add("signatory", Style("Signatory", "ชื่อผู้ลงนาม", space_before=(lines - 1) * pitch, **sig))
    sheet.add("position", Style("Position", "ตำแหน่ง", **sig))
    if f.has("contact"):
        sheet.add("contact", Style("Contact", "ส่วนราชการเจ้าของเรื่อง", left=from_left(("contact", "x"))))
    sheet.add("attachment-title", Style("AttachmentTitle", "หัวข้อสิ่งที่ส่งมาด้วย", bold=True, align="center",
                                        space_before=max(0.0, f.cm("attachment", "title_top")
                                                         - f.cm("page", "continuation_top"))))
    sheet.add("qr-caption", Style("QRCaption", "คำอธิบายคิวอาร์โค้ด", align="center", space_before=pitch))
    sheet.add("qr", Style("QRPicture", "คิวอาร์โค้ด", align="center", exact=False))
    sheet.add("qr-url", Style("QRAddress", "ที่อยู่เว็บไซต์", size=QR_URL_SIZE, align="center"))
    sheet.add("list-title", Style("ListTitle", "ชื่อบัญชีรายชื่อ", bold=True, align="center"))
    sheet.add("list-reference", Style("ListReference", "อ้างถึงหนังสือ", align="center"))
    return sheet


def heading_style(sheet: StyleSheet, form: Form, role: str, name: str, style_id: str, label: str,
                  number_width: float, width_of, space_before: float, keep_next: bool = True) -> Style:
    """A heading's style: its content hangs where the PDF puts it (the label's width plus the
    form's gap), numbered items one number-width further."""
    x = form.cm("headings", "x") - form.left
    content = x + width_of(label) + form.cm("headings", "label_gap")
    text = content + number_width
    tabs = (Tab(content), Tab(text)) if number_width else (Tab(content),)
    style = Style(style_id, name, left=text, hanging=text - x, space_before=space_before,
                  keep_next=keep_next, tabs=tabs)
    sheet.add(role, style)
    return style
