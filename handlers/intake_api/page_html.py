"""The report page's HTML (no JavaScript): the form, its errors, the status page. Every word from the
catalogs; everything a visitor typed is escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from bot.domain.external_report import OutsideStatus
from bot.i18n import LANGUAGES
from bot.i18n import Translator
from bot.views.report import DESCRIPTION_MAX
from bot.views.report import NAME_MAX
from bot.views.report import TITLE_MAX

EMAIL_INPUT_MAX = 254

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
label{display:block;margin-top:1rem;font-weight:600}
input,textarea{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
textarea{min-height:8rem}
.hint{font-weight:400;color:#555;font-size:.9rem}
.error{color:#b00020;font-weight:400}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit}
nav a{margin-right:.8rem}
.status{font-size:1.4rem;font-weight:700}
"""


def _page(tr: Translator, title: str, body: str, switch: str) -> str:
    languages = " ".join(
        f'<a href="?lang={code}" lang="{code}" hreflang="{code}">{escape(tr.t(f"intake_page.language.{code}"))}</a>'
        for code in LANGUAGES if code != tr.language)
    nav = f'<nav aria-label="{escape(tr.t("intake_page.language.label"))}">{languages}</nav>' if switch else ""
    return (f'<!doctype html><html lang="{tr.language}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="referrer" content="no-referrer"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>{nav}<main>{body}</main></body></html>")


def _field(tr: Translator, name: str, kind: str, values: Mapping[str, str], errors: Mapping[str, str],
           limit: int, required: bool = False) -> str:
    label = escape(tr.t(f"intake_page.field.{name}"))
    hint_key = f"intake_page.hint.{name}"
    hint = f' <span class="hint">{escape(tr.t(hint_key))}</span>' if tr.has(hint_key) else ""
    error = errors.get(name)
    shown = f'<span class="error" id="{name}-error"> {escape(error)}</span>' if error else ""
    described = f' aria-describedby="{name}-error" aria-invalid="true"' if error else ""
    flag = " required" if required else ""
    value = escape(values.get(name, ""))
    if kind == "textarea":
        control = (f'<textarea id="{name}" name="{name}" maxlength="{limit}"{flag}{described}>{value}</textarea>')
    else:
        control = (f'<input id="{name}" name="{name}" type="{kind}" maxlength="{limit}" value="{value}"'
                   f"{flag}{described}>")
    return f'<label for="{name}">{label}{hint}{shown}</label>{control}'


def form_page(tr: Translator, organisation: str, values: Mapping[str, str], errors: Mapping[str, str]) -> str:
    heading = tr.t("intake_page.form.heading", organisation=organisation)
    fields = "".join([
        _field(tr, "title", "text", values, errors, TITLE_MAX, required=True),
        _field(tr, "description", "textarea", values, errors, DESCRIPTION_MAX),
        _field(tr, "detected_at", "datetime-local", values, errors, 16),
        _field(tr, "name", "text", values, errors, NAME_MAX, required=True),
        _field(tr, "organisation", "text", values, errors, NAME_MAX),
        _field(tr, "email", "email", values, errors, EMAIL_INPUT_MAX),
    ])
    summary = f'<p class="error" role="alert">{escape(tr.t("intake_page.form.has_errors"))}</p>' if errors else ""
    body = (f"<h1>{escape(heading)}</h1><p>{escape(tr.t('intake_page.form.intro'))}</p>{summary}"
            f'<form method="post" action="?lang={tr.language}">'
            f'<input type="hidden" name="lang" value="{tr.language}">{fields}'
            f'<button type="submit">{escape(tr.t("intake_page.form.submit"))}</button></form>')
    return _page(tr, heading, body, switch="yes")


def status_page(tr: Translator, number: str, status: OutsideStatus, organisation: str) -> str:
    heading = tr.t("intake_page.status.heading", organisation=organisation)
    body = (f"<h1>{escape(heading)}</h1>"
            f'<p>{escape(tr.t("intake_page.status.reference"))} <strong id="reference">{escape(number)}</strong></p>'
            f'<p class="status" id="status">{escape(tr.t(f"intake_page.status.{status.value}"))}</p>'
            f'<p>{escape(tr.t(f"intake_page.status.{status.value}_explained"))}</p>'
            f'<p class="hint">{escape(tr.t("intake_page.status.keep_link"))}</p>')
    return _page(tr, heading, body, switch="yes")


def not_found_page(tr: Translator) -> str:
    heading = tr.t("intake_page.not_found")
    return _page(tr, heading, f"<h1>{escape(heading)}</h1>", switch="")


def refused_page(tr: Translator, key: str) -> str:
    heading = tr.t(key)
    return _page(tr, heading, f"<h1>{escape(heading)}</h1>", switch="")
