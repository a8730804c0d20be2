from __future__ import annotations

from storage.unit_of_work import SqlUnitOfWorkFactory

BIG = 1_800_000_000_000  # milliseconds since 1970, beyond a 32-bit integer


def test_a_cursor_starts_unset_and_only_moves_forward(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.cursors.get("mattermost", "websocket") is None
        uow.cursors.advance("mattermost", "websocket", BIG)
        uow.commit()
    with uow_factory() as uow:
        uow.cursors.advance("mattermost", "websocket", BIG - 5000)  # an older event: stays
        uow.cursors.advance("slack", "websocket", 7)  # cursors are per platform
        uow.commit()
    with uow_factory() as uow:
        assert uow.cursors.get("mattermost", "websocket") == BIG
        assert uow.cursors.get("slack", "websocket") == 7
        uow.cursors.advance("mattermost", "websocket", BIG + 1)
        uow.commit()
    with uow_factory() as uow:
        assert uow.cursors.get("mattermost", "websocket") == BIG + 1


def test_an_uncommitted_advance_is_forgotten(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.cursors.advance("mattermost", "websocket", 10)
    with uow_factory() as uow:
        assert uow.cursors.get("mattermost", "websocket") is None
