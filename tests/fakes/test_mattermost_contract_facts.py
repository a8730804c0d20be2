"""Our table of Mattermost routes (tests/fakes/mattermost/contract.py) against the official REST API v4
OpenAPI bundle in ../shared/platform-contracts/mattermost/, read in place (its licence forbids copies),
and the payload samples of the same folder against what our driver and endpoints use."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.contracts import contracts_dir
from tests.fakes.mattermost import contract

BUNDLE = Path("mattermost") / "openapi" / "mattermost-openapi-v4.bundled.yaml"


@cache
def _spec(folder: Path) -> Any:
    return yaml.safe_load((folder / BUNDLE).read_text(encoding="utf-8"))


def spec() -> Any:
    return _spec(contracts_dir())


def _resolve(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        _, _, name = node["$ref"].rpartition("/")
        node = spec()["components"]["schemas"][name]
    return node


def operation(route: contract.Route) -> dict[str, Any]:
    item = spec()["paths"].get(contract.API + route.path)
    assert item is not None, f"{route.path} is not a path of the REST API v4 bundle"
    found = item.get(route.method.lower())
    assert found is not None, f"{route.key} is not an operation of the bundle"
    return dict(found)


def request_schema(route: contract.Route) -> dict[str, Any]:
    content = (operation(route).get("requestBody") or {}).get("content") or {}
    kind = "multipart/form-data" if route.body_kind == "multipart" else "application/json"
    return dict(_resolve((content.get(kind) or {}).get("schema") or {}))


@pytest.mark.parametrize("route", contract.ROUTES, ids=lambda r: r.key)
def test_every_route_is_an_operation_of_the_bundle(route: contract.Route) -> None:
    operation(route)


@pytest.mark.parametrize("route", [r for r in contract.ROUTES if r.body_kind in ("object", "multipart")],
                         ids=lambda r: r.key)
def test_body_fields_types_and_required_flags_match(route: contract.Route) -> None:
    schema = request_schema(route)
    properties = {name: _resolve(value) for name, value in (schema.get("properties") or {}).items()}
    for name, kind in route.body.items():
        if name in route.beyond_spec:
            assert name not in properties or properties[name].get("type") != kind, \
                f"{route.key}: {name} is noted as beyond the spec but the spec has it as {kind}"
            continue
        assert name in properties, f"{route.key}: the bundle has no field {name}"
        expected = properties[name].get("type", "object")
        assert expected == kind or (route.body_kind == "multipart" and name == "files"), \
            f"{route.key}: {name} is {expected} in the bundle, {kind} in our table"
    required = set(schema.get("required") or ())
    if "required" in route.beyond_spec:
        assert required <= route.required
    else:
        assert required == set(route.required), f"{route.key}: required {sorted(required)}"


def test_the_direct_channel_body_is_an_array_of_two_ids() -> None:
    route = next(r for r in contract.ROUTES if r.path == "/channels/direct")
    schema = request_schema(route)
    assert schema["type"] == "array" and schema["minItems"] == schema["maxItems"] == 2


@pytest.mark.parametrize("route", [r for r in contract.ROUTES if r.query], ids=lambda r: r.key)
def test_query_parameters_exist_with_their_types(route: contract.Route) -> None:
    parameters = {p["name"]: p for p in operation(route).get("parameters", []) if p.get("in") == "query"}
    for name, kind in route.query.items():
        assert name in parameters, f"{route.key}: no query parameter {name}"
        assert parameters[name]["schema"]["type"] == kind


def test_ephemeral_post_and_dialog_fields() -> None:
    route = next(r for r in contract.ROUTES if r.path == "/posts/ephemeral")
    post = _resolve(request_schema(route)["properties"]["post"])
    assert set(post["required"]) == contract.EPHEMERAL_POST_REQUIRED
    for name, kind in contract.EPHEMERAL_POST_FIELDS.items():
        if name not in contract.EPHEMERAL_BEYOND_SPEC:
            assert post["properties"][name]["type"] == kind
    route = next(r for r in contract.ROUTES if r.path == "/actions/dialogs/open")
    dialog = _resolve(request_schema(route)["properties"]["dialog"])
    assert set(dialog["required"]) == contract.DIALOG_REQUIRED
    for name, kind in contract.DIALOG_FIELDS.items():
        assert dialog["properties"][name]["type"] == kind, name


def test_the_fields_we_read_back_exist_in_the_schemas() -> None:
    schemas = spec()["components"]["schemas"]
    assert {"id", "user_id", "channel_id", "message", "create_at", "update_at", "edit_at", "delete_at",
            "type", "props", "root_id", "metadata"} <= set(schemas["Post"]["properties"])
    assert "reactions" in schemas["PostMetadata"]["properties"]
    assert {"user_id", "post_id", "emoji_name", "create_at"} == set(schemas["Reaction"]["properties"])
    assert {"id", "username", "email", "locale"} <= set(schemas["User"]["properties"])
    assert {"id", "token", "trigger", "url", "team_id", "delete_at"} <= set(schemas["Command"]["properties"])
    assert {"order", "posts"} <= set(schemas["PostList"]["properties"])
    assert {"id", "name", "creator_id", "delete_at"} <= set(schemas["Channel"]["properties"])


def test_since_returns_every_post_changed_and_at_most_a_thousand() -> None:
    description = operation(next(r for r in contract.ROUTES if r.path == "/channels/{channel_id}/posts"))
    text = description["description"]
    assert "all posts modified since" in text and "1000" in text


def _payload(name: str) -> dict[str, Any]:
    raw = json.loads((contracts_dir() / "mattermost" / "payloads" / name).read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def test_our_driver_sends_the_fields_of_the_official_samples() -> None:
    slash = _payload("incoming/slash_command.request.form.json")
    assert slash["headers"]["Authorization"].startswith("Token ")
    assert {"channel_id", "text", "token", "trigger_id", "user_id", "team_id", "command"} <= set(slash["fields"])
    click = _payload("incoming/post_action.request.button.full.json")
    assert {"user_id", "channel_id", "post_id", "trigger_id", "type", "context", "team_id"} <= set(click)
    submission = _payload("incoming/dialog_submission.request.example.json")
    assert {"type", "callback_id", "state", "user_id", "channel_id", "submission", "cancelled"} <= set(submission)
    errors = _payload("responses/dialog_submission.response.field_errors.json")
    assert set(errors) == {"errors"}
    answer = _payload("responses/post_action.response.update_and_ephemeral.json")
    assert "ephemeral_text" in answer
    limits = json.loads((contracts_dir() / "mattermost" / "rate-limits.json").read_text(encoding="utf-8"))
    assert limits["semantics"]["on_limit"]["http_status"] == 429
    assert any(h.startswith("Retry-After") for h in limits["semantics"]["on_limit"]["headers"])
    assert limits["integration_timeouts"]["outgoing_integration_request_timeout_seconds"] == \
        contract.TRIGGER_TTL_SECONDS


def test_dialog_answers_and_multi_step_dialogs_are_as_the_official_files_say() -> None:
    """What a dialog submission may be answered with (the fake checks Sirene's answers against it)."""
    for name in ("field_errors", "generic_error", "next_form"):
        assert set(_payload(f"responses/dialog_submission.response.{name}.json")) <= contract.DIALOG_ANSWER_FIELDS
    following = _payload("responses/dialog_submission.response.next_form.json")
    assert following["type"] == "form" and set(following["form"]) <= set(contract.DIALOG_FIELDS)
    raw = json.loads((contracts_dir() / "mattermost" / "payloads" / "responses" /
                      "dialog_submission.response.next_form.json").read_text(encoding="utf-8"))
    since = ".".join(str(part) for part in contract.MULTI_STEP_DIALOGS_SINCE)
    assert f">= {since}" in raw["_source"]["note"]
    notes = (contracts_dir() / "mattermost" / "PAYLOADS.md").read_text(encoding="utf-8")
    assert f"({since} and later)" in notes
    listed = re.search(r"accepts `type` ∈ \{([^}]*)\}", notes)
    assert listed is not None
    assert {part.strip().strip('"') for part in listed.group(1).split(",")} == contract.DIALOG_ANSWER_TYPES
    websocket = next(t["description"] for t in spec()["tags"] if t["name"] == "WebSocket")
    assert '"event": "hello"' in websocket and '"server_version": "3.6.0.1451.' in websocket  # version first
