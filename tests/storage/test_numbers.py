from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from bot.domain.incident import incident_number
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import new_incident

THREADS = 8
PER_THREAD = 10


def test_numbers_are_per_year_and_rolled_back_numbers_are_not_used(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert [uow.incidents.next_sequence(2026) for _ in range(3)] == [1, 2, 3]
        assert uow.incidents.next_sequence(2027) == 1
        # not committed
    with uow_factory() as uow:
        assert uow.incidents.next_sequence(2026) == 1
        uow.commit()
    with uow_factory() as uow:
        assert uow.incidents.next_sequence(2026) == 2
        assert uow.incidents.next_sequence(2027) == 1


def test_concurrent_reservations_are_gapless_and_unique(uow_factory: SqlUnitOfWorkFactory) -> None:
    start = threading.Barrier(THREADS)

    def reserve(worker: int) -> list[int]:
        committed = []
        start.wait()
        for attempt in range(PER_THREAD + 3):
            with uow_factory() as uow:
                # as the report use case does: read first, then take a number
                assert uow.incidents.by_idempotency_key(f"{worker}-{attempt}") is None
                sequence = uow.incidents.next_sequence(2026)
                uow.incidents.add(new_incident(sequence, title=f"worker {worker}"))
                if attempt % 4 == 1:  # some transactions fail after taking a number
                    continue
                uow.commit()
                committed.append(sequence)
        return committed

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(reserve, range(THREADS)))

    committed = sorted(number for numbers in results for number in numbers)
    total = THREADS * PER_THREAD
    assert len(committed) == total
    assert committed == list(range(1, total + 1))
    with uow_factory() as uow:
        stored = [incident.number for incident in uow.incidents.open_incidents(limit=total + 10)]
        assert sorted(stored) == [incident_number(2026, n) for n in range(1, total + 1)]
        assert uow.incidents.next_sequence(2026) == total + 1
