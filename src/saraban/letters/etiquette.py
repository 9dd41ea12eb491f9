"""Salutation and closing pairs (public, pure), from the table of the letter-format spec.

The salutation (คำขึ้นต้น) follows from the recipient's rank and fixes the closing (คำลงท้าย).
Royal forms are out of scope.
"""

from __future__ import annotations

#: คำขึ้นต้น → คำลงท้าย.  นมัสการ has two closings: the stronger one for พระราชาคณะ.
PAIRS = {
    "กราบเรียน": ("ขอแสดงความนับถืออย่างยิ่ง",),
    "เรียน": ("ขอแสดงความนับถือ",),
    "นมัสการ": ("ขอนมัสการด้วยความเคารพ", "ขอนมัสการด้วยความเคารพอย่างสูง"),
}

#: Recipients addressed กราบเรียน: the heads of the three branches, of the independent organs, and
#: รัฐบุรุษ (the spec's first row).  A recipient *starting* with one of these is of that rank.
HIGHEST_RANKS = (
    "ประธานองคมนตรี", "นายกรัฐมนตรี", "ประธานรัฐสภา", "ประธานสภาผู้แทนราษฎร", "ประธานวุฒิสภา",
    "ประธานศาลฎีกา", "ประธานศาลรัฐธรรมนูญ", "ประธานศาลปกครองสูงสุด",
    "ประธานกรรมการการเลือกตั้ง", "ประธานผู้ตรวจการแผ่นดิน",
    "ประธานกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ", "ประธานกรรมการตรวจเงินแผ่นดิน",
    "ประธานกรรมการสิทธิมนุษยชนแห่งชาติ", "รัฐบุรุษ",
)

#: Titles of พระราชาคณะ (monks holding a royal ecclesiastical rank).
ROYAL_CHAPTER = ("สมเด็จพระ", "พระราชาคณะ", "พระธรรม", "พระเทพ", "พระราช", "พระพรหม")

#: Other monks.
MONKS = ("พระภิกษุ", "พระครู", "พระมหา", "พระอธิการ", "เจ้าอาวาส", "พระ")


def salutation_for(recipient: str) -> str:
    r = recipient.strip()
    if r.startswith(HIGHEST_RANKS):
        return "กราบเรียน"
    if r.startswith(ROYAL_CHAPTER) or r.startswith(MONKS) and not r.startswith("พระนคร"):
        return "นมัสการ"
    return "เรียน"


def closing_for(salutation: str, recipient: str = "") -> str:
    closings = PAIRS.get(salutation)
    if closings is None:
        return PAIRS["เรียน"][0]
    if salutation == "นมัสการ" and recipient.strip().startswith(ROYAL_CHAPTER):
        return closings[1]
    return closings[0]


def pairs(salutation: str, closing: str) -> bool:
    """Whether ``closing`` is a proper closing for ``salutation``."""
    return closing in PAIRS.get(salutation, ())
