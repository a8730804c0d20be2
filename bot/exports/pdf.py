"""A :class:`Document` as an A4 PDF (fpdf2), in Open Sans shipped by the ``ttf-opensans`` package: no
font is fetched at run time. Characters the font lacks (emoji) are left out rather than shown as boxes."""

from __future__ import annotations

import io
from importlib import resources

from fpdf import FPDF
from fpdf.fonts import FontFace
from fpdf.fonts import TTFFont

from bot.exports.document import Bullets
from bot.exports.document import Document
from bot.exports.document import Facts
from bot.exports.document import Heading
from bot.exports.document import Image
from bot.exports.document import Paragraph
from bot.exports.document import Part
from bot.exports.document import Table

FONT = "OpenSans"
_REPLACEMENTS = {"✅": "[x]", "◻️": "[ ]", "◻": "[ ]", "⚠": "!", "→": "->", "\u200b": "", "\u200d": ""}


class _Pdf(FPDF):
    def __init__(self, document: Document) -> None:
        super().__init__(format="A4")
        self._document = document
        folder = resources.files("ttf_opensans").joinpath("ttf")
        self.add_font(FONT, "", str(folder.joinpath("OpenSans-Regular.ttf")))
        self.add_font(FONT, "B", str(folder.joinpath("OpenSans-Bold.ttf")))
        self.add_font(FONT, "I", str(folder.joinpath("OpenSans-Italic.ttf")))
        self.set_font(FONT, size=10)
        self.set_title(document.title)
        self.set_creator("Sirene")
        self.alias_nb_pages()
        self.set_auto_page_break(True, margin=18)

    def clean(self, text: str) -> str:
        for old, new in _REPLACEMENTS.items():
            text = text.replace(old, new)
        font = self.current_font
        cmap = font.cmap if isinstance(font, TTFFont) else {}
        return "".join(ch for ch in text if ch in "\n\t" or ord(ch) in cmap)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "I", 8)
        label = self._document.page_label.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 6, self.clean(f"{self._document.footer}   ·   {label}"), align="C")
        self.set_font(FONT, "", 10)


def _write(pdf: _Pdf, part: Part) -> None:
    if isinstance(part, Heading):
        size = {1: 14, 2: 12}.get(part.level, 11)
        if pdf.will_page_break(size + 25):  # keep a heading with what follows it
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FONT, "B", size)
        pdf.multi_cell(0, size * 0.55, pdf.clean(part.text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        pdf.ln(1)
    elif isinstance(part, Paragraph):
        pdf.multi_cell(0, 5, pdf.clean(part.text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif isinstance(part, Bullets):
        for item in part.items:
            pdf.multi_cell(0, 5, pdf.clean("•  " + item), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif isinstance(part, Facts):
        _table(pdf, None, [(label, value) for label, value in part.pairs], (30, 70))
    elif isinstance(part, Table):
        _table(pdf, part.headers, list(part.rows), part.widths or tuple(1 for _ in part.headers))
    elif isinstance(part, Image):
        _image(pdf, part)


IMAGE_HEIGHT = 85.0
"""Millimetres of a chart on the page (two fit on an A4 page with their captions)."""


def _image(pdf: _Pdf, image: Image) -> None:
    if pdf.will_page_break(IMAGE_HEIGHT + 10):
        pdf.add_page()
    pdf.image(io.BytesIO(image.png), h=IMAGE_HEIGHT, x=pdf.l_margin)
    pdf.set_font(FONT, "I", 9)
    pdf.multi_cell(0, 5, pdf.clean(image.caption), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.ln(2)


def _table(pdf: _Pdf, headers: tuple[str, ...] | None, rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> None:
    if not rows and headers is None:
        return
    pdf.set_font(FONT, "", 8 if len(widths) > 4 else 9)
    style = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=headers is not None,
                   headings_style=style, line_height=4.2, padding=1) as table:
        if headers is not None:
            heading = table.row()
            for text in headers:
                heading.cell(pdf.clean(text))
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(pdf.clean(text) or " ")
    pdf.set_font(FONT, "", 10)
    pdf.ln(2)


def render_pdf(document: Document) -> bytes:
    pdf = _Pdf(document)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, pdf.clean(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "I", 10)
    pdf.multi_cell(0, 5, pdf.clean(document.subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.ln(2)
    for part in document.parts:
        _write(pdf, part)
    return bytes(pdf.output())
