"""The fake Mattermost refuses what the REST API v4 contract does not describe, and records it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.mattermost.server import FakeMattermost


@pytest.fixture
def strict() -> Iterator[tuple[FakeMattermost, httpx.Client]]:
    fake = FakeMattermost().start()
    client = httpx.Client(base_url=f"{fake.url}/api/v4", headers={"Authorization": f"Bearer {fake.bot_token}"})
    try:
        yield fake, client
    finally:
        client.close()
        fake.stop(wait=False)


def test_an_unknown_route_is_a_404_and_a_violation(strict: tuple[FakeMattermost, httpx.Client]) -> None:
    fake, client = strict
    assert client.post("/posts/create", json={}).status_code == 404
    assert fake.violations == ["POST /api/v4/posts/create: no such route in the REST API v4 contract"]


@pytest.mark.parametrize(("body", "problem"), [
    ({"message": "hi"}, "missing required field 'channel_id'"),
    ({"channel_id": "x", "message": 5}, "field 'message' should be string"),
    ({"channel_id": "x", "message": "hi", "attachments": []}, "unknown field 'attachments'"),
])
def test_a_bad_body_is_a_400_and_a_violation(strict: tuple[FakeMattermost, httpx.Client], body: dict[str, object],
                                             problem: str) -> None:
    fake, client = strict
    assert client.post("/posts", json=body).status_code == 400
    assert len(fake.violations) == 1 and problem in fake.violations[0]


def test_a_call_without_the_token_is_a_401(strict: tuple[FakeMattermost, httpx.Client]) -> None:
    fake, _ = strict
    assert httpx.get(f"{fake.url}/api/v4/users/me").status_code == 401
    assert fake.violations and "without the bot token" in fake.violations[0]


def test_runtime_errors_are_answers_not_violations(strict: tuple[FakeMattermost, httpx.Client]) -> None:
    fake, client = strict
    body = {"team_id": fake.team_id, "name": "inc-1", "display_name": "inc-1", "type": "O"}
    assert client.post("/channels", json=body).status_code == 201
    taken = client.post("/channels", json=body)
    assert taken.status_code == 400 and taken.json()["id"] == "store.sql_channel.save_channel.exists.app_error"
    assert client.get("/posts/nosuchpost").status_code == 404
    fake.fail_next("GET", "/users/{user_id}", status=429, retry_after=3)
    limited = client.get("/users/me")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "3"
    assert fake.violations == []


def test_a_channel_created_with_its_answer_dropped_exists_and_is_found_by_name(
        strict: tuple[FakeMattermost, httpx.Client]) -> None:
    fake, client = strict
    body = {"team_id": fake.team_id, "name": "inc-1", "display_name": "inc-1", "type": "P"}
    fake.drop_response_next("POST", "/channels")
    with pytest.raises(httpx.RemoteProtocolError):
        client.post("/channels", json=body)
    created = fake.channel_by_name("inc-1")
    assert created is not None and created.creator_id == fake.bot.id
    found = client.get(f"/teams/{fake.team_id}/channels/name/inc-1")
    assert found.status_code == 200 and (found.json()["id"], found.json()["creator_id"]) == (created.id, fake.bot.id)
    alice = fake.add_user("alice", "alice@example.be")
    fake.add_channel("hr", [alice.id], private=True)  # a person's private channel: not the bot's to read
    assert client.get(f"/teams/{fake.team_id}/channels/name/hr").status_code == 403
    assert fake.add_channel("ops", [alice.id, fake.bot.id]).creator_id == alice.id
    assert client.delete(f"/channels/{created.id}").status_code == 200
    assert client.get(f"/teams/{fake.team_id}/channels/name/inc-1").status_code == 404  # deleted
    assert client.get(f"/teams/{fake.team_id}/channels/name/inc-1",
                      params={"include_deleted": "true"}).json()["delete_at"] > 0
    assert fake.violations == []
