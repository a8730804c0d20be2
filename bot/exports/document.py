"""A neutral document for paper copies (exports): what to print, not how. Rendered as Markdown
(:mod:`bot.exports.markdown`) and PDF (:mod:`bot.exports.pdf`)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Facts:
    """Label: value pairs (a small two-column table)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()
    """Relative column widths (PDF); equal when empty."""


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Image:
    """A picture (a chart) as PNG; ``name`` is its file name beside the Markdown copy."""

    name: str
    png: bytes
    caption: str


Part = Heading | Paragraph | Facts | Table | Bullets | Image


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    parts: tuple[Part, ...] = ()
    footer: str = ""
    """Printed at the bottom of every PDF page (with the page number) and at the end of the Markdown."""
    page_label: str = "{page}/{pages}"
    meta: dict[str, str] = field(default_factory=dict)
