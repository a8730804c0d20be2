"""The slash command as Slack sends it to an app: its form fields in Slack's order, shaped like the official
sample ``payloads/realistic/slash_command.form.json``, and the channel name Slack puts in them; built from
the fake's state only (the drivers issue the trigger_id and the response_url and do the transport)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.fakes.slack.model import Channel

if TYPE_CHECKING:
    from tests.fakes.slack.server import FakeSlack


def slash_channel_name(ch: Channel) -> str:
    """The channel_name Slack puts in slash commands."""
    if ch.is_im:
        return "directmessage"
    if ch.is_mpim:
        return "mpdm"
    return "privategroup" if ch.is_private else ch.name


def build_slash_payload(
    fake: FakeSlack,
    *,
    user_id: str,
    channel_id: str,
    text: str,
    command: str,
    trigger_id: str,
    response_url: str,
) -> dict[str, str]:
    """Form fields of a slash command, in Slack's order (see slash_command.form.json)."""
    user = fake.user(user_id)
    ch = fake.channel(channel_id)
    return {
        "token": fake.verification_token,
        "team_id": fake.team_id,
        "team_domain": fake.team_domain,
        "channel_id": ch.id,
        "channel_name": slash_channel_name(ch),
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": fake.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


__all__ = [
    "build_slash_payload",
    "slash_channel_name",
]
