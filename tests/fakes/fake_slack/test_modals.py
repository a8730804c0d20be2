"""FakeSlack's modals against the real slack_sdk clients: a trigger_id is good once and for 3 s on the
fake's clock, a pushed view stacks on its root, and an update must carry the view's current hash."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakes.fake_slack.conftest import ALICE
from tests.fakes.fake_slack.conftest import _error
from tests.fakes.fake_slack.conftest import _modal
from tests.fakes.slack import FakeSlack
from tests.fakes.slack import ManualClock


def test_views_open_with_fresh_expired_reused_and_unknown_triggers() -> None:
    clock = ManualClock()
    with FakeSlack(now=clock) as fake:
        fake.add_user(ALICE, "alice", "alice@example.be")
        web = WebClient(base_url=fake.api_url, token=fake.bot_token)

        fresh = fake.new_trigger_id(ALICE)
        clock.advance(2.9)
        opened = web.views_open(trigger_id=fresh, view=_modal())["view"]
        view = fake.last_view(ALICE)
        assert view is not None and view.id == opened["id"] and view.callback_id == "declare"
        assert opened["state"] == {"values": {}} and opened["hash"]

        with pytest.raises(SlackApiError) as exc:
            web.views_open(trigger_id=fresh, view=_modal())
        assert _error(exc) == "exchanged_trigger_id"

        stale = fake.new_trigger_id(ALICE)
        clock.advance(3.01)
        with pytest.raises(SlackApiError) as exc:
            web.views_open(trigger_id=stale, view=_modal())
        assert _error(exc) == "expired_trigger_id"

        with pytest.raises(SlackApiError) as exc:
            web.views_open(trigger_id="123.456.nope", view=_modal())
        assert _error(exc) == "invalid_trigger_id"

        pointer = fake.new_trigger_id(ALICE)
        pushed = web.views_push(interactivity_pointer=pointer, view=_modal("Step 2"))["view"]
        assert pushed["previous_view_id"] == opened["id"] and pushed["root_view_id"] == opened["id"]
        assert [v.title for v in fake.open_views(ALICE)] == ["Declare incident", "Step 2"]
        assert fake.violations == []


def test_views_update_checks_hash(fake_slack: FakeSlack, client: WebClient) -> None:
    opened = client.views_open(trigger_id=fake_slack.new_trigger_id(ALICE), view=_modal())["view"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=_modal("Updated"))["view"]
    assert updated["title"]["text"] == "Updated" and updated["hash"] != opened["hash"]
    with pytest.raises(SlackApiError) as exc:
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=_modal("Stale"))
    assert _error(exc) == "hash_conflict"
    with pytest.raises(SlackApiError) as exc:
        client.views_update(view_id="V0NOPE0001", view=_modal())
    assert _error(exc) == "not_found"


