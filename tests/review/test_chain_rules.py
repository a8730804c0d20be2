"""The logbook chain's rules in the core: numbering, linking and sealing, without a database."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from bot.domain.incident import MessageRef
from bot.domain.logbook import EntryRevision
from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from bot.domain.logbook import RevisionKind
from bot.domain.logbook_chain import GENESIS
from bot.domain.logbook_chain import Chain
from bot.domain.logbook_chain import carried_revisions
from bot.domain.logbook_chain import original_state
from bot.domain.logbook_chain import revised_state
from bot.domain.logbook_chain import verify

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def entry(sequence: int, text: str = "Restarted the server") -> LogbookEntry:
    return LogbookEntry(1, sequence, AT, "U1", EntrySource.TAG, text, MessageRef("C1", f"{sequence}.0"))


def test_entries_are_numbered_linked_and_sealed_in_order() -> None:
    chain = Chain("INC-2026-0001", None)
    links = []
    for _ in range(3):
        new = entry(chain.next_sequence())
        links.append(chain.entry_link(new, original_state(new)))
    assert [link.sequence for link in links] == [1, 2, 3]
    assert [link.link for link in links] == [1, 2, 3]
    assert links[0].previous_hash == GENESIS
    assert [link.previous_hash for link in links[1:]] == [link.stored_hash for link in links[:-1]]
    assert chain.seal == (3, links[-1].stored_hash)
    assert verify("INC-2026-0001", links, chain.seal).intact


def test_a_chain_goes_on_from_its_seal() -> None:
    first = Chain("INC-2026-0001", None)
    one = entry(1)
    link_one = first.entry_link(one, original_state(one))
    again = Chain("INC-2026-0001", first.seal, last_sequence=1)
    two = entry(again.next_sequence())
    link_two = again.entry_link(two, original_state(two))
    assert (two.sequence, link_two.link, link_two.previous_hash) == (2, 2, link_one.stored_hash)
    assert verify("INC-2026-0001", [link_one, link_two], again.seal).intact


def test_the_hash_covers_the_incident_number() -> None:
    one = entry(1)
    assert (Chain("INC-2026-0001", None).entry_link(one, original_state(one)).stored_hash
            != Chain("INC-2026-0002", None).entry_link(one, original_state(one)).stored_hash)


def test_a_revision_links_the_state_after_it() -> None:
    chain = Chain("INC-2026-0001", None)
    written = entry(1)
    first = chain.entry_link(written, original_state(written))
    deletion = EntryRevision(written.text, RevisionKind.DELETED, AT, "U2")
    after = revised_state(written, deletion)
    assert written.deleted and after.deleted
    second = chain.revision_link(written, deletion, after)
    assert (second.link, second.previous_hash, second.before) == (2, first.stored_hash, "Restarted the server")
    assert verify("INC-2026-0001", [first, second], chain.seal).intact


def test_carried_revisions_know_the_state_after_each() -> None:
    written = entry(1, "third")
    written.revisions = [EntryRevision("first", RevisionKind.EDITED, AT),
                         EntryRevision("second", RevisionKind.DELETED, AT)]
    assert original_state(written).text == "first"
    states = [(revision.text, after.text, after.deleted) for revision, after in carried_revisions(written)]
    assert states == [("first", "second", False), ("second", "third", True)]
