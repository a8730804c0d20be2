"""The fake Web API's ``views.*`` methods, the trigger ids they take, and a view's life on the test side
(closing it, applying the bot's answer to a submission)."""

from __future__ import annotations

import json
import secrets

from tests.fakes.slack.api_conversations import ConversationsApi
from tests.fakes.slack.blockkit import check_home_view
from tests.fakes.slack.blockkit import check_view
from tests.fakes.slack.limits import TRIGGER_TTL_SECONDS
from tests.fakes.slack.limits import VIEW_STACK_MAX
from tests.fakes.slack.model import Json
from tests.fakes.slack.model import View
from tests.fakes.slack.state import SlackError
from tests.fakes.slack.state import _Trigger


class ViewsApi(ConversationsApi):
    def _exchange_trigger(self, args: Json) -> _Trigger:
        tid = args.get("trigger_id") or args.get("interactivity_pointer")
        trig = self._triggers.get(tid) if tid else None
        if trig is None:
            raise SlackError("invalid_trigger_id")
        if trig.used:
            raise SlackError("exchanged_trigger_id")
        if self.now() - trig.issued_at > TRIGGER_TTL_SECONDS:
            raise SlackError("expired_trigger_id")
        trig.used = True
        return trig

    def _check_view_arg(self, method: str, view: Json) -> None:
        problems = check_view(view)
        if problems:
            for p in problems:
                self._violate(f"{method}: invalid_blocks: {p}")
            raise SlackError("invalid_blocks", errors=problems, response_metadata={"messages": problems})

    def _new_hash(self) -> str:
        return f"{int(self.now())}.{secrets.token_urlsafe(6)}"

    def _view_object(self, view_id: str, view: Json, *, root: str, previous: str | None) -> Json:
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": "modal",
            "blocks": self._with_block_ids(view.get("blocks") or []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": self._new_hash(),
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": previous,
            "root_view_id": root,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def _open_view(self, user_id: str | None, view: Json, *, push: bool) -> View:
        stack = self._stacks.setdefault(user_id, [])
        if not push:
            for vid in stack:
                self.views[vid].is_open = False
            stack.clear()
        view_id = self._new_id("V")
        root = stack[0] if stack else view_id
        previous = stack[-1] if stack else None
        stored = View(id=view_id, user_id=user_id, view=self._view_object(view_id, view, root=root, previous=previous))
        self.views[view_id] = stored
        stack.append(view_id)
        return stored

    def _replace_view_content(self, stored: View, view: Json) -> None:
        stored.history.append(stored.view)
        old = stored.view
        stored.view = self._view_object(
            stored.id, view, root=str(old["root_view_id"]), previous=old.get("previous_view_id")
        )

    def _m_views_publish(self, args: Json) -> Json:
        user = args["user_id"]
        if user not in self.users:
            raise SlackError("user_not_found")
        view = args["view"]
        if isinstance(view, str):
            view = json.loads(view)
        problems = check_home_view(view)
        if problems:
            for p in problems:
                self._violate(f"views.publish: invalid_blocks: {p}")
            raise SlackError("invalid_blocks", errors=problems, response_metadata={"messages": problems})
        previous = self.home_tabs.get(user)
        if previous is not None and "hash" in args and args["hash"] != previous["hash"]:
            raise SlackError("hash_conflict")
        view_id = previous["id"] if previous is not None else self._new_id("V")
        stored = {**self._view_object(view_id, view, root=view_id, previous=None), "type": "home", "title": None}
        self.home_tabs[user] = stored
        return {"ok": True, "view": stored}

    def _m_views_open(self, args: Json) -> Json:
        trig = self._exchange_trigger(args)
        self._check_view_arg("views.open", args["view"])
        stored = self._open_view(trig.user_id, args["view"], push=False)
        return {"ok": True, "view": stored.view}

    def _m_views_push(self, args: Json) -> Json:
        trig = self._exchange_trigger(args)
        self._check_view_arg("views.push", args["view"])
        if len(self._stacks.get(trig.user_id) or []) >= VIEW_STACK_MAX:
            raise SlackError("push_limit_reached")
        stored = self._open_view(trig.user_id, args["view"], push=True)
        return {"ok": True, "view": stored.view}

    def _m_views_update(self, args: Json) -> Json:
        stored: View | None
        if "view_id" in args:
            stored = self.views.get(args["view_id"])
        else:
            stored = next((v for v in self.views.values() if v.view.get("external_id") == args["external_id"]), None)
        if stored is None:
            raise SlackError("not_found")
        if "hash" in args and args["hash"] != stored.hash:
            raise SlackError("hash_conflict")
        self._check_view_arg("views.update", args["view"])
        self._replace_view_content(stored, args["view"])
        return {"ok": True, "view": stored.view}


    def close_view(self, view_id: str, *, clear: bool = False) -> View:
        """The user closes a modal (pops it; ``clear`` closes the whole stack)."""
        with self._lock:
            view = self.view(view_id)
            stack = self._stacks.get(view.user_id) or []
            to_close = list(stack)
            if not clear:
                to_close = stack[stack.index(view_id) :] if view_id in stack else [view_id]
            for vid in to_close:
                self.views[vid].is_open = False
                if vid in stack:
                    stack.remove(vid)
            return view

    def apply_view_response(self, view_id: str, response: Json | None) -> View | None:
        """Apply a view_submission answer the way Slack does. Returns the view now on top, if any.

        Records a violation when the answer breaks Slack's rules.
        """
        with self._lock:
            view = self.view(view_id)
            if not response:
                self.close_view(view_id)
                return self.last_view(view.user_id) if view.user_id else None
            action = response.get("response_action")
            if action == "errors":
                errors = response.get("errors")
                input_ids = {b.get("block_id") for b in view.blocks if b.get("type") == "input"}
                if not isinstance(errors, dict) or not errors:
                    self._violate("view_submission: response_action=errors needs a non-empty errors object")
                else:
                    unknown = sorted(set(errors) - input_ids)
                    if unknown:
                        self._violate(
                            f"view_submission: errors name block_ids {unknown} that are not input blocks "
                            f"of view {view_id} (inputs: {sorted(i for i in input_ids if i)})"
                        )
                return view
            if action == "clear":
                self.close_view(view_id, clear=True)
                return None
            if action in ("update", "push"):
                new_view = response.get("view")
                problems = check_view(new_view)
                if problems:
                    for p in problems:
                        self._violate(f"view_submission response_action={action}: {p}")
                    return view
                assert isinstance(new_view, dict)
                if action == "update":
                    self._replace_view_content(view, new_view)
                    return view
                stack = self._stacks.setdefault(view.user_id, [])
                if len(stack) >= VIEW_STACK_MAX:
                    self._violate(f"view_submission response_action=push: stack already holds {len(stack)} views")
                    return view
                return self._open_view(view.user_id, new_view, push=True)
            self._violate(f"view_submission: unknown response_action {action!r} in {response!r}")
            return view
