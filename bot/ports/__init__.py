"""What the core needs from the outside world, as small Protocols.

``ChatPort`` is implemented by each platform adapter (Slack, Mattermost, the sandbox);
``UnitOfWork`` by ``storage/``. The core never imports either implementation. One module a concept:
``chat`` (the chat platform), ``jobs`` (durable chat work), ``repositories`` (the records), ``unit_of_work``
(the transaction that holds them); everything is importable from ``bot.ports`` itself.
"""

from __future__ import annotations

from bot.ports.chat import ChatError, ChatPort, ChatUnavailable, NameTaken
from bot.ports.jobs import Job, JobQueue
from bot.ports.repositories import (
    CommunicationRepository,
    Cursors,
    ExternalReportRepository,
    IncidentRepository,
    LogbookRepository,
    PageRepository,
    RegulationRepository,
    ReviewRepository,
    SeenEvents,
    SentMessages,
    TimerRepository,
)
from bot.ports.unit_of_work import ConcurrentUpdate, StorageUnavailable, UnitOfWork, UnitOfWorkFactory

__all__ = [
    "ChatError",
    "ChatPort",
    "ChatUnavailable",
    "CommunicationRepository",
    "ConcurrentUpdate",
    "Cursors",
    "ExternalReportRepository",
    "IncidentRepository",
    "Job",
    "JobQueue",
    "LogbookRepository",
    "NameTaken",
    "PageRepository",
    "RegulationRepository",
    "ReviewRepository",
    "SeenEvents",
    "SentMessages",
    "StorageUnavailable",
    "TimerRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
]
