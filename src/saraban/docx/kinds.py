"""Orders, announcements, regulations, by-laws, statements and news as Word paragraphs (internal):
the same forms as the PDF (``[head]`` and ``[dateline]``; :mod:`saraban.letters.kinds`).

The head is centred paragraphs — the form's head lines filled as the PDF fills them — the first on
the form's baseline, then the short centred rule (a paragraph whose bottom border is the rule);
the body follows as in letters; the flow ends with the date line ("สั่ง ณ วันที่ …") and the
signature, or — statements and news — the agency's name and the date centred on the signature
axis.
"""

from __future__ import annotations

from .ooxml import EXACT_BASELINE_SHARE, paragraph, props, twips, w

#: Height of the paragraph that draws the head's rule, points (the rule is its bottom border).
RULE_LINE = 1.0


class _HeadContext:
    """What :func:`saraban.letters.kinds.head_texts` reads of a layout context."""

    def __init__(self, letter):
        from ..letters import content

        self.letter, self.form = letter, letter.form
        self.digits = lambda text: content.digits(letter, text)


def decree_paragraphs(writer, doc) -> list:
    from ..letters.kinds import head_texts

    L, f, sheet = doc.letter, doc.letter.form, doc.sheet
    top = f.cm("page", "continuation_top")
    pitch = sheet.line_of("head")
    out = list(writer.urgency(doc))
    lines = head_texts(_HeadContext(L))
    first_top = f.cm("head", "first_baseline") - EXACT_BASELINE_SHARE * pitch
    heads = [doc.p("head", text, space_before=max(0.0, first_top - top) if k == 0 else None)
             for k, text in enumerate(lines)]
    if f.get("head", "emblem"):
        writer.emblem(doc, heads[0])
    out += heads
    gap = f.pt("head", "rule_gap_pt")
    if f.cm("head", "rule_width") > 0:   # minutes have none: the space stays
        # the rule: a paragraph as wide as the rule, centred, its bottom border the rule
        side = (f.text_width - f.cm("head", "rule_width")) / 2
        border = w("pBdr", None, w("bottom", {"val": "single", "sz": max(2, round(f.pt("head", "rule_pt") * 8)),
                                             "space": 0, "color": "000000"}))
        out.append(paragraph(None, [], line=RULE_LINE, space_before=gap,
                             extra=[border, w("ind", {"left": twips(side), "right": twips(side)})]))
    else:
        out.append(paragraph(None, [], line=RULE_LINE, space_before=gap))
    body = writer.body(doc)
    if body:  # the first body paragraph one rule gap below the rule
        first = body[0]
        ppr = first.find("{*}pPr")
        kids = [c for c in ppr if not c.tag.endswith("}spacing")]
        kids.append(w("spacing", {"before": twips(gap)}))
        first.remove(ppr)
        first.insert(0, props("pPr", kids))
    out += body
    date_text = f.get("dateline", "text").replace("{date}", L.date_text)
    signed = bool(f.get("dateline", "signed"))
    if not date_text:   # minutes: the recorder signs below the body
        if signed and out:
            out += writer.signature(doc)
        return out
    if f.get("dateline", "agency_line"):
        out.append(doc.p("agency", L.agency, keep_next=True))
        out.append(doc.p("position", date_text, keep_next=signed))
    else:
        out.append(doc.p("dateline", date_text, keep_next=signed))
    if signed:
        out += writer.signature(doc)
    return out
