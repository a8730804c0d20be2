"""The fake Mattermost's integrations: the REST routes for slash commands (listed, registered) and interactive
dialogs (opened with a trigger id that is used once and expires), each dialog checked against the server's
limits; and what the user sees after a dialog submission, from Sirene's answer as the server reads it (the
same dialog with its errors, nothing, or on 11.1+ the next step of a multi-step dialog)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from tests.fakes.mattermost import contract
from tests.fakes.mattermost.api_posts import PostsApi
from tests.fakes.mattermost.model import Command
from tests.fakes.mattermost.model import Dialog
from tests.fakes.mattermost.model import Json
from tests.fakes.mattermost.model import new_id
from tests.fakes.mattermost.state import AppError


class IntegrationsApi(PostsApi):
    def _r_POST__actions_dialogs_open(self, body: Json, query: Json) -> tuple[int, Any]:
        dialog = body["dialog"]
        for problem in self._dialog_problems(dialog):
            self._violate(problem)
        trigger = self._triggers.get(body["trigger_id"])
        if trigger is None:
            raise AppError(400, "interactive_message.decode_trigger_id.signature_decode_failed")
        user_id, issued, used = trigger
        if used or time.monotonic() - issued > contract.TRIGGER_TTL_SECONDS:
            raise AppError(400, "interactive_message.decode_trigger_id.expired")
        self._triggers[body["trigger_id"]] = (user_id, issued, True)
        self.dialogs.append(Dialog(body["trigger_id"], user_id, body["url"], dialog))
        return 200, {"status": "OK"}

    def _dialog_problems(self, dialog: Json) -> Iterator[str]:
        where = "POST /actions/dialogs/open dialog"
        yield from contract.check_fields(where, dialog, contract.DIALOG_FIELDS, contract.DIALOG_REQUIRED)
        if len(str(dialog.get("title", ""))) > contract.DIALOG_TITLE_MAX:
            yield f"{where}: title longer than {contract.DIALOG_TITLE_MAX}"
        for element in dialog.get("elements") or []:
            name = element.get("name")
            if element.get("type") not in contract.ELEMENT_TYPES:
                yield f"{where}: element {name!r} has type {element.get('type')!r}"
            if not element.get("display_name") or len(element["display_name"]) > contract.ELEMENT_DISPLAY_NAME_MAX:
                yield f"{where}: element {name!r} display_name empty or too long"
            if len(element.get("help_text") or "") > contract.ELEMENT_HELP_TEXT_MAX:
                yield f"{where}: element {name!r} help_text too long"
            if len(element.get("placeholder") or "") > contract.ELEMENT_PLACEHOLDER_MAX:
                yield f"{where}: element {name!r} placeholder too long"
            limit = contract.TEXT_MAX_LENGTH if element.get("type") == "text" else contract.TEXTAREA_MAX_LENGTH
            if int(element.get("max_length") or 0) > limit:
                yield f"{where}: element {name!r} max_length above {limit}"
            if element.get("type") in ("select", "radio") and not element.get("options"):
                yield f"{where}: element {name!r} has no options"

    # ---- what the user sees after a dialog submission --------------------------------------

    def chains_dialogs(self) -> bool:
        version = tuple(int(part) for part in self.server_version.split(".")[:2])
        return version >= contract.MULTI_STEP_DIALOGS_SINCE

    def dialog_answered(self, dialog: Dialog, status: int, raw: bytes) -> Dialog | None:
        """Sirene answered a submission of ``dialog``: check the answer as the server reads it
        (``model.SubmitDialogResponse``) and return the dialog the user sees next, if any (the same one
        with errors under its fields, or the next step of a multi-step dialog on 11.1+)."""
        where = f"dialog {dialog.dialog.get('callback_id')!r} answer"
        if status != 200:
            return None  # refused (401/403): the web app shows an error, nothing changes
        try:
            answer = json.loads(raw) if raw.strip() else {}
        except ValueError:
            return None  # accepted as success: the dialog closes
        if not isinstance(answer, dict):
            self._violate(f"{where}: not a JSON object")
            return None
        for name in set(answer) - contract.DIALOG_ANSWER_FIELDS:
            self._violate(f"{where}: unknown field {name!r}")
        errors = answer.get("errors")
        if errors:
            names = {e.get("name") for e in dialog.dialog.get("elements") or []}
            for name, text in errors.items() if isinstance(errors, dict) else ():
                if name not in names or not isinstance(text, str):
                    self._violate(f"{where}: error for {name!r}, which is no element of the dialog (not shown)")
            return dialog
        if answer.get("error"):
            return dialog
        kind = answer.get("type", "")
        if kind not in contract.DIALOG_ANSWER_TYPES:
            self._violate(f"{where}: type {kind!r}")
        if kind != "form":
            return None
        if not self.chains_dialogs():
            self._violate(f"{where}: a next form, which Mattermost {self.server_version} ignores (11.1+ only)")
            return None
        form = answer.get("form")
        if not isinstance(form, dict):
            self._violate(f"{where}: type form without a form")
            return None
        for problem in self._dialog_problems(form):
            self._violate(problem)
        following = Dialog("", dialog.user_id, dialog.url, form)
        with self._lock:
            self.dialogs.append(following)
        return following

    def _r_GET__commands(self, body: Any, query: Json) -> tuple[int, Any]:
        return 200, [c.to_json() for c in self.commands if c.team_id == query.get("team_id")]

    def _r_POST__commands(self, body: Json, query: Json) -> tuple[int, Any]:
        if body["method"] not in ("P", "G"):
            raise AppError(400, "model.command.is_valid.method.app_error")
        extra = {k: v for k, v in body.items() if k not in ("team_id", "trigger", "url", "method")}
        command = Command(new_id(), body["team_id"], body["trigger"], body["url"], body["method"], new_id(),
                          self.bot.id, extra)
        self.commands.append(command)
        return 201, command.to_json()
