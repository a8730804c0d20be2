"""Our Slack contract table (tests/fakes/slack/contract.py) and limits checked against Slack's official files.

The official files are read in place from ``shared/platform-contracts/slack`` beside the repository
root; the tests skip with a visible reason when that folder is absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from tests.fakes.official import load
from tests.fakes.official import slack_contracts
from tests.fakes.slack import FakeSlack
from tests.fakes.slack.blockkit import check_blocks
from tests.fakes.slack.blockkit import check_view
from tests.fakes.slack.blockkit_facts import BLOCK_KIT
from tests.fakes.slack.contract import COMMON_ERRORS
from tests.fakes.slack.contract import METHODS
from tests.fakes.slack.contract import UNIVERSAL_ARGS
from tests.fakes.slack.limits import TOPIC_MAX
from tests.fakes.slack.limits import channel_name_error

Json = dict[str, Any]


@pytest.fixture(scope="module")
def index() -> Json:
    methods: Json = load("slack_web_methods.index.json")
    return methods


@pytest.fixture(scope="module")
def spec() -> Json:
    openapi: Json = load("openapi/slack_web_openapi_v2.json")
    return openapi


def _official_args(entry: Json) -> set[str]:
    return set(entry.get("required_args", [])) | set(entry.get("optional_args", []))


def _known_issues_text(index: Json) -> str:
    return " ".join(index["_source"]["known_spec_issues"])


def _spec_operation(spec: Json, method: str) -> Json:
    path = spec["paths"]["/" + method]
    return next(iter(path.values()))  # one verb per path; the verb itself is unreliable (known issue)


def _error_enum(spec: Json, method: str) -> set[str] | None:
    schema = _spec_operation(spec, method)["responses"].get("default", {}).get("schema", {})
    enum = schema.get("properties", {}).get("error", {}).get("enum")
    return set(enum) if enum else None


SPEC_METHODS = sorted(m for m, c in METHODS.items() if c.in_2020_spec)
NEWER_METHODS = sorted(m for m, c in METHODS.items() if not c.in_2020_spec)


# ------------------------------------------------------------------------------------------
# Methods and arguments
# ------------------------------------------------------------------------------------------


def test_every_method_we_fake_exists_officially(index: Json) -> None:
    missing = sorted(m for m in METHODS if m not in index["methods"])
    assert missing == [], f"methods in contract.py unknown to Slack's index: {missing}"
    tiers: Json = load("rate-limits/slack_method_tiers.json")["methods"]
    assert sorted(m for m in METHODS if m not in tiers) == []


@pytest.mark.parametrize("method", sorted(METHODS))
def test_spec_membership_flag_matches_the_index(index: Json, method: str) -> None:
    assert METHODS[method].in_2020_spec == index["methods"][method]["in_openapi_spec"]


@pytest.mark.parametrize("method", SPEC_METHODS)
def test_our_arguments_exist_in_the_official_spec(index: Json, method: str) -> None:
    contract = METHODS[method]
    official = index["methods"][method]
    known = _official_args(official)
    unexplained = sorted(a for a in contract.accepted - known if a not in contract.beyond_spec)
    assert unexplained == [], f"{method}: we accept {unexplained}, which the official index does not list"
    # Slack's required args are required by us too, or part of an either/or group.
    either_or = set().union(*contract.one_of) if contract.one_of else set()
    relaxed = sorted(set(official["required_args"]) - contract.required - either_or)
    assert relaxed == [], f"{method}: official required args we do not require: {relaxed}"


@pytest.mark.parametrize("method", SPEC_METHODS)
def test_beyond_spec_entries_are_real_deviations(index: Json, method: str) -> None:
    """Each documented deviation must still be one: stale entries fail."""
    contract = METHODS[method]
    official = index["methods"][method]
    issues = _known_issues_text(index)
    for arg, reason in contract.beyond_spec.items():
        assert reason.strip(), f"{method}.{arg}: give a reason"
        if arg not in _official_args(official):
            assert arg in issues, f"{method}.{arg} is not in the spec and not among its known issues"
        else:
            assert arg in contract.required and arg in official["optional_args"], (
                f"{method}.{arg}: the spec already agrees with us; drop the beyond_spec entry"
            )


def test_universal_args_are_real_slack_arguments(index: Json) -> None:
    for name, reason in UNIVERSAL_ARGS.items():
        assert reason.strip()
        users = [m for m, e in index["methods"].items() if name in _official_args(e)]
        assert users, f"{name} is not an argument of any official method"


def test_the_known_issues_we_rely_on_are_listed_officially(index: Json) -> None:
    issues = _known_issues_text(index)
    for needle in ("conversations.create 'name'", "conversations.info", "interactivity_pointer", "POST"):
        assert needle in issues
    readme = (slack_contracts() / "README.md").read_text(encoding="utf-8")
    assert "conversations.create.name" in readme and "conversations.info.channel" in readme


@pytest.mark.parametrize("method", NEWER_METHODS)
def test_newer_methods_have_official_response_shapes(method: str) -> None:
    shape_file = slack_contracts() / "payloads" / "shapes" / "api-responses" / f"{method}.json"
    assert shape_file.is_file(), f"no official response shape for {method}"


# ------------------------------------------------------------------------------------------
# Error codes
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", SPEC_METHODS)
def test_our_error_codes_against_the_spec(spec: Json, method: str) -> None:
    contract = METHODS[method]
    enum = _error_enum(spec, method)
    if enum is None:  # views.*: the spec has no error list at all
        assert contract.errors == set(contract.errors_beyond_spec), f"{method}: explain every error code"
        return
    unexplained = sorted(contract.errors - enum - set(contract.errors_beyond_spec))
    assert unexplained == [], f"{method}: error codes missing from the spec enum: {unexplained}"
    stale = sorted(set(contract.errors_beyond_spec) & enum)
    assert stale == [], f"{method}: {stale} are in the spec enum after all; drop the beyond_spec entries"
    assert {"not_authed", "invalid_auth"} <= enum
    assert set(COMMON_ERRORS) - enum  # e.g. ratelimited / invalid_arguments postdate the 2020 enums


def test_channel_name_rule_codes_are_the_spec_codes(spec: Json) -> None:
    enum = _error_enum(spec, "conversations.create")
    assert enum is not None
    cases = {
        "inc-2026-0042-db-outage": None,
        "sev1_payments": None,
        "Incident 42": "invalid_name_specials",
        "inc.42": "invalid_name_specials",
        "incident-42 ": "invalid_name_specials",
        "x" * 80: None,
        "x" * 81: "invalid_name_maxlength",
        "": "invalid_name_required",
        "__": "invalid_name_punctuation",
    }
    for name, expected in cases.items():
        got = channel_name_error(name)
        assert got == expected, name
        assert got is None or got in enum


def test_rate_limit_facts_match_fail_next(fake_slack: FakeSlack) -> None:
    official = load("rate-limits/slack_method_tiers.json")["rate_limited_response"]
    assert official["http_status"] == 429 and "Retry-After" in official["headers"]
    fake_slack.fail_next("auth.test", retry_after=3)
    client = WebClient(base_url=fake_slack.api_url, token=fake_slack.bot_token)
    with pytest.raises(SlackApiError) as exc:
        client.auth_test()
    assert exc.value.response.status_code == official["http_status"]
    assert exc.value.response.data == official["body_example"]
    assert exc.value.response.headers["Retry-After"] == "3"


# ------------------------------------------------------------------------------------------
# Limits
# ------------------------------------------------------------------------------------------


def test_block_kit_limits_on_realistic_surfaces() -> None:
    button = {"type": "button", "action_id": "ack", "text": {"type": "plain_text", "text": "Acknowledge"}}
    status = [
        {"type": "header", "text": {"type": "plain_text", "text": "SEV1 — payments API down"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Commander:* <@U0ALICE01>"}},
        {"type": "actions", "elements": [button]},
    ]
    assert check_blocks(status, "message") == []
    assert check_blocks(status * 17, "message") != []  # 51 blocks
    assert check_blocks(
        [{"type": "actions", "elements": [dict(button, action_id=f"a{i}") for i in range(26)]}], "message"
    )
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "x" * BLOCK_KIT["modal_title"]},
        "submit": {"type": "plain_text", "text": "Declare"},
        "blocks": [
            {
                "type": "input",
                "block_id": "t",
                "label": {"type": "plain_text", "text": "Title"},
                "element": {"type": "plain_text_input", "action_id": "t", "max_length": 3000},
            }
        ],
    }
    assert check_view(modal) == []
    too_long = dict(modal, title={"type": "plain_text", "text": "x" * (BLOCK_KIT["modal_title"] + 1)})
    assert check_view(too_long) == ["title: text is 25 chars (max 24)"]
    no_submit = {k: v for k, v in modal.items() if k != "submit"}
    assert check_view(no_submit) == ["a modal with input blocks needs a submit button"]
    assert TOPIC_MAX == 250


# ------------------------------------------------------------------------------------------
# The fake's answers against the official response schemas / shapes
# ------------------------------------------------------------------------------------------

#: Keys real Slack returns today that the frozen 2020 schemas do not know.
NEWER_RESPONSE_KEYS = {
    "app_id": "messages posted by apps carry app_id (see payloads/realistic/events.message.bot_app.json)",
    "edited": "edited messages carry edited (see payloads/realistic/events.message.message_changed.json)",
}


def _anyof_items(node: Any) -> Any:
    """Slack's spec uses ``items: [A, B]`` for "A or B"; turn that into ``anyOf`` (README advice)."""
    if isinstance(node, dict):
        out = {k: _anyof_items(v) for k, v in node.items()}
        if isinstance(node.get("items"), list):
            variants = out.pop("items")
            out = {"anyOf": variants} if set(out) <= {"title", "description"} else {**out, "anyOf": variants}
        return out
    if isinstance(node, list):
        return [_anyof_items(v) for v in node]
    return node


def _schema_errors(spec: Json, method: str, response: Json) -> list[str]:
    schema = _anyof_items(_spec_operation(spec, method)["responses"]["200"]["schema"])
    root = {**schema, "definitions": _anyof_items(spec["definitions"])}
    problems: list[str] = []
    for err in jsonschema.Draft4Validator(root).iter_errors(response):
        leaves = err.context or [err]
        for leaf in leaves:
            if leaf.validator == "additionalProperties":
                props = set(leaf.schema.get("properties", {}))
                extra = set(leaf.instance) - props if isinstance(leaf.instance, dict) else set()
                if extra <= set(NEWER_RESPONSE_KEYS):
                    continue
            where = "/".join(map(str, leaf.absolute_path))
            if (method, where) not in SPEC_RESPONSE_DEFECTS:
                problems.append(f"{where}: {leaf.message}")
    return problems


def _d(response: SlackResponse) -> Json:
    assert isinstance(response.data, dict)
    return response.data


#: Where the 2020 response schemas contradict Slack's own behaviour (and the rest of the spec).
SPEC_RESPONSE_DEFECTS = {
    ("chat.update", "message/blocks"): "typed as an object; blocks are an array everywhere else in the spec",
    ("conversations.replies", "messages/0"): "its message schemas forbid blocks and the bot fields (bot_id, "
    "bot_profile) that app messages carry; conversations.history's schema (objs_message) has them",
    ("conversations.replies", "messages/1"): "same as messages/0",
}

#: The spec wants workspace IDs of 9+ characters (``^[TE][A-Z0-9]{8,}$``); our default "T0SIRENE" is
#: shorter, so the schema checks run on a fake with a spec-shaped team ID.
SPEC_SHAPED_TEAM_ID = "T0SIRENE01"


@pytest.fixture(scope="module")
def exercised() -> Iterator[dict[str, Json]]:
    """One successful answer per method, from the fake via slack_sdk."""
    with FakeSlack(team_id=SPEC_SHAPED_TEAM_ID) as fake:
        yield _exercise(fake)
        assert fake.violations == []


def _exercise(fake: FakeSlack) -> dict[str, Json]:
    fake.add_user("U0ALICE01", "alice", "alice@example.be")
    client = WebClient(base_url=fake.api_url, token=fake.bot_token)
    out: dict[str, Json] = {}
    out["auth.test"] = _d(client.auth_test())
    created = _d(client.conversations_create(name="inc-1"))
    out["conversations.create"] = created
    ch = created["channel"]["id"]
    out["users.conversations"] = _d(client.users_conversations(types="public_channel,private_channel",
                                                               exclude_archived=True, limit=200))
    out["conversations.invite"] = _d(client.conversations_invite(channel=ch, users="U0ALICE01"))
    out["conversations.setTopic"] = _d(client.conversations_setTopic(channel=ch, topic="SEV1"))
    out["conversations.info"] = _d(client.conversations_info(channel=ch))
    out["conversations.members"] = _d(client.conversations_members(channel=ch))
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*SEV1*"}}]
    posted = _d(client.chat_postMessage(channel=ch, text="SEV1", blocks=blocks))
    out["chat.postMessage"] = posted
    out["chat.update"] = _d(client.chat_update(channel=ch, ts=posted["ts"], text="SEV2"))
    out["chat.postEphemeral"] = _d(client.chat_postEphemeral(channel=ch, user="U0ALICE01", text="hi"))
    out["chat.getPermalink"] = _d(client.chat_getPermalink(channel=ch, message_ts=posted["ts"]))
    out["conversations.history"] = _d(
        client.conversations_history(channel=ch, latest=posted["ts"], inclusive=True, limit=1))
    _d(client.chat_postMessage(channel=ch, text="reply", thread_ts=posted["ts"]))
    out["conversations.replies"] = _d(client.conversations_replies(channel=ch, ts=posted["ts"], limit=10))
    out["pins.add"] = _d(client.pins_add(channel=ch, timestamp=posted["ts"]))
    out["reactions.add"] = _d(client.reactions_add(channel=ch, timestamp=posted["ts"], name="eyes"))
    out["reactions.remove"] = _d(client.reactions_remove(channel=ch, timestamp=posted["ts"], name="eyes"))
    out["chat.delete"] = _d(client.chat_delete(channel=ch, ts=posted["ts"]))
    general = fake.add_channel("general", bot_is_member=False)
    out["conversations.join"] = _d(client.conversations_join(channel=general.id))
    out["conversations.open"] = _d(client.conversations_open(users="U0ALICE01"))
    out["conversations.archive"] = _d(client.conversations_archive(channel=ch))
    out["users.info"] = _d(client.users_info(user="U0ALICE01"))
    out["users.lookupByEmail"] = _d(client.users_lookupByEmail(email="alice@example.be"))
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Declare"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}],
    }
    opened = _d(client.views_open(trigger_id=fake.new_trigger_id("U0ALICE01"), view=modal))
    out["views.open"] = opened
    out["views.push"] = _d(client.views_push(trigger_id=fake.new_trigger_id("U0ALICE01"), view=modal))
    out["views.update"] = _d(client.views_update(view_id=opened["view"]["id"], view=modal))
    home = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]}
    out["views.publish"] = _d(client.views_publish(user_id="U0ALICE01", view=home))
    app = WebClient(base_url=fake.api_url, token=fake.app_token)
    out["apps.connections.open"] = _d(app.apps_connections_open(app_token=fake.app_token))
    url = _d(client.files_getUploadURLExternal(filename="t.md", length=2))
    out["files.getUploadURLExternal"] = url
    httpx.post(url["upload_url"], content=b"ok")
    out["files.completeUploadExternal"] = _d(
        client.files_completeUploadExternal(files=[{"id": url["file_id"], "title": "T"}], channel_id=general.id)
    )
    return out


def test_every_method_was_exercised(exercised: dict[str, Json]) -> None:
    assert sorted(exercised) == sorted(METHODS)
    assert all(r["ok"] is True for r in exercised.values())


@pytest.mark.parametrize("method", SPEC_METHODS)
def test_fake_answers_validate_against_the_spec_schemas(spec: Json, exercised: dict[str, Json], method: str) -> None:
    problems = _schema_errors(spec, method, exercised[method])
    assert problems == [], f"{method} answer does not match the 2020 spec schema:\n" + "\n".join(problems)


def _keys(node: Any, prefix: str = "") -> set[str]:
    """Dotted key paths of a JSON document (list items under ``[]``)."""
    out: set[str] = set()
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(prefix + k)
            out |= _keys(v, prefix + k + ".")
    elif isinstance(node, list):
        for item in node:
            out |= _keys(item, prefix + "[].")
    return out


@pytest.mark.parametrize("method", NEWER_METHODS)
def test_fake_answers_for_newer_methods_fit_the_official_shapes(exercised: dict[str, Json], method: str) -> None:
    shape = load(f"payloads/shapes/api-responses/{method}.json")
    extra = sorted(_keys(exercised[method]) - _keys(shape))
    assert extra == [], f"{method}: the fake answers keys Slack's shape does not have: {extra}"
