"""The sandbox's page: the "you are" switch, the language, the channels, one channel and the message box.

The page is rendered in the language of the person you are; the script (``static/sandbox.js``) fetches
the channel list and the channel as HTML from the API and listens for live updates.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from bot.i18n import LANGUAGES
from handlers.sandbox.people import EMPLOYEE
from handlers.sandbox.render import attr
from handlers.sandbox.render import document_head

if TYPE_CHECKING:
    from handlers.sandbox.api import SandboxApp

SCRIPT_LABELS = ("edit_title", "save", "cancel", "delete_confirm", "yes", "no", "failed")


def page_html(app: SandboxApp, as_user: str | None, channel: str | None) -> str:
    user_id = as_user if as_user and app.people.get(as_user) else EMPLOYEE
    tr = app.tr(user_id)
    helpdesk = app.core.plan.helpdesk_channel.get("sandbox", "")
    chosen = app.chat.user_language(user_id) or ""
    people = []
    for person in app.people.all():
        roles = ", ".join(tr.t(f"role.{role.value}") for role in person.roles) or tr.t("sandbox.people.no_role")
        selected = " selected" if person.id == user_id else ""
        people.append(f'<option value="{attr(person.id)}"{selected}>'
                      f"{escape(app.people.name(tr, person.id))} — {escape(roles)}</option>")
    plan_language = tr.t(f"sandbox.language.{app.core.plan.language}")
    languages = [f'<option value="">{escape(tr.t("sandbox.language.plan", language=plan_language))}</option>']
    languages += [f'<option value="{code}"{" selected" if code == chosen else ""}>'
                  f'{escape(tr.t(f"sandbox.language.{code}"))}</option>' for code in LANGUAGES]
    labels = json.dumps({name: tr.t(f"sandbox.script.{name}") for name in SCRIPT_LABELS}).replace("<", "\\u003c")
    title = escape(tr.t("sandbox.title", organisation=app.core.plan.organisation))
    tag = app.core.plan.logbook.tag
    live = f'data-online="{attr(tr.t("sandbox.live.online"))}" data-offline="{attr(tr.t("sandbox.live.offline"))}"'
    placeholder = attr(tr.t("sandbox.composer.placeholder", tag=tag))
    return f"""{document_head(tr.language, title)}
<body data-user="{attr(user_id)}" data-token="{attr(app.token)}" data-channel="{attr(channel or helpdesk)}">
<header class="top">
  <div class="brand"><strong>Sirene</strong> <span>{title}</span></div>
  <label>{escape(tr.t("sandbox.you_are"))} <select id="you-are">{"".join(people)}</select></label>
  <label>{escape(tr.t("sandbox.language.label"))} <select id="language">{"".join(languages)}</select></label>
  <a href="/sandbox/figures?as={attr(user_id)}">{escape(tr.t("sandbox_figures.link"))}</a>
  <a id="mail-tab" href="/sandbox/mail?as={attr(user_id)}">{escape(tr.t("sandbox_mail.tab"))}</a>
  <span id="live" class="muted" {live}></span>
</header>
<div class="layout">
  <nav id="channels" aria-label="{attr(tr.t("sandbox.nav.channels"))}"></nav>
  <main>
    <section id="channel" aria-live="polite"></section>
    <form id="composer" autocomplete="off">
      <input id="message" name="text" maxlength="4000" placeholder="{placeholder}"
        aria-label="{attr(tr.t("sandbox.composer.label"))}">
      <button type="submit" class="button primary">{escape(tr.t("sandbox.composer.send"))}</button>
    </form>
    <p class="muted composer-help">{escape(tr.t("sandbox.composer.help", tag=tag))}</p>
    <div id="toast" role="status" hidden></div>
  </main>
</div>
<dialog id="dialog"><div id="dialog-body"></div></dialog>
<dialog id="confirm"><h2></h2><p></p><div class="form-buttons">
  <button type="button" class="button" data-no></button><button type="button" class="button primary" data-yes></button>
</div></dialog>
<script type="application/json" id="labels">{labels}</script>
<script src="/sandbox/static/sandbox.js"></script>
</body>
</html>
"""
