"""Buttons that ask first (a :class:`~bot.specs.Confirm`): Mattermost buttons cannot, so the click
opens a small dialog with the question, and its submission presses the button."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot import actions
from bot.core import Actor
from bot.core import Core
from bot.core import Outcome
from bot.usecases.interaction import press
from handlers.mattermost.render_dialog import DIALOG_PURPOSE
from handlers.mattermost.render_dialog import TITLE_MAX
from handlers.mattermost.render_dialog import DialogState
from handlers.mattermost.render_text import escape
from handlers.mattermost.render_text import truncate
from handlers.mattermost.signing import Signer

CONFIRM_FORM = "sirene.confirm"
CONFIRM_TTL = timedelta(hours=1)


def confirm_dialog(context: dict[str, str], user_id: str, signer: Signer) -> dict[str, Any]:
    """The question as a dialog without fields; submitting it is the confirmation."""
    pressed = actions.value(context.get("action", ""), context.get("value", ""))
    sealed = {"form": CONFIRM_FORM, "state": pressed, "user": user_id, "nonce": "", "datetimes": "", "multiples": ""}
    return {
        "callback_id": CONFIRM_FORM,
        "title": truncate(context.get("confirm_title", ""), TITLE_MAX),
        "introduction_text": escape(context.get("confirm_text", "")),
        "elements": [],
        "submit_label": truncate(context.get("confirm_yes", ""), TITLE_MAX),
        "notify_on_cancel": False,
        "state": signer.seal(DIALOG_PURPOSE, sealed, CONFIRM_TTL),
    }


def confirmed_press(core: Core, actor: Actor, state: DialogState) -> Outcome:
    name, _, value = state.state.partition("|")
    return press(core, actor, name, value)
