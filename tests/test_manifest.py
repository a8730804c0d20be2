"""``app.yaml`` is a valid Slack app manifest and names what the bot actually handles."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import yaml
from referencing import Registry
from referencing import Resource

from tests.contracts import REPO
from tests.contracts import contracts_dir

REMOTE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "app.yaml").read_text(encoding="utf-8"))
    return data


def validator() -> jsonschema.Draft7Validator:
    folder = contracts_dir() / "slack" / "manifest-schema"
    top = json.loads((folder / "manifest.schema.json").read_text())
    registry: Registry = Registry()
    for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json"):
        schema = json.loads((folder / name).read_text())
        registry = registry.with_resource(REMOTE + name, Resource.from_contents(schema))
    return jsonschema.Draft7Validator(top, registry=registry)


def errors_of(document: dict[str, Any]) -> list[str]:
    return [error.message for error in validator().iter_errors(document)]


def test_app_manifest_is_valid_against_slacks_schema() -> None:
    assert errors_of(manifest()) == []


def test_the_schema_check_rejects_a_broken_manifest() -> None:
    broken = manifest()
    broken["settings"]["socket_mode_enabled"] = "yes"
    assert errors_of(broken) != []
    example = contracts_dir() / "slack" / "manifest-schema" / "examples" / "manifest.v1.invalid.json"
    assert errors_of(json.loads(example.read_text())) != []


def test_manifest_declares_what_sirene_handles() -> None:
    data = manifest()
    commands = {c["command"]: c for c in data["features"]["slash_commands"]}
    assert commands["/incident"]["url"].endswith("/slack/events")
    shortcut = data["features"]["shortcuts"][0]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", "add_to_logbook")
    settings = data["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {"message.channels", "message.groups", "reaction_added"} <= events
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "channels:manage", "groups:write", "reactions:write", "pins:write",
            "channels:history", "groups:history", "users:read.email", "im:write"} <= scopes


def test_every_scope_needed_by_the_methods_sirene_calls_is_requested() -> None:
    """Each Web API method the bot calls needs one of its scopes (from the official method index)."""
    index = json.loads((contracts_dir() / "slack" / "slack_web_methods.index.json").read_text())["methods"]
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    used = ["chat.postMessage", "chat.update", "chat.postEphemeral", "conversations.create", "conversations.invite",
            "conversations.setTopic", "conversations.archive", "conversations.open", "conversations.history",
            "pins.add", "reactions.add", "users.lookupByEmail", "users.conversations"]
    aliases = {"chat:write:bot": "chat:write", "channels:write": "channels:manage"}
    missing = []
    for method in used:
        wanted = {aliases.get(s, s) for s in index[method].get("scopes", [])} - {"none"}
        if wanted and not wanted & scopes:
            missing.append(f"{method} needs one of {sorted(wanted)}")
    assert missing == []

