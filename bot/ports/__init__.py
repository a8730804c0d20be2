"""What the core needs from the outside world, as small Protocols.

``ChatPort`` is implemented by each platform adapter (Slack, Mattermost, the sandbox);
``UnitOfWork`` by ``storage/``. The core never imports either implementation. One module a concept:
``chat`` (the chat platform), ``jobs`` (durable chat work), ``key_locks`` (one holder a key),
``repositories`` (the records), ``unit_of_work`` (the transaction that holds them); everything is importable
from ``bot.ports`` itself.
"""

from __future__ import annotations

from bot.ports.chat import ChatError
from bot.ports.chat import ChatPort
from bot.ports.chat import ChatUnavailable
from bot.ports.chat import NameTaken
from bot.ports.jobs import Job
from bot.ports.jobs import JobQueue
from bot.ports.key_locks import KeyLocks
from bot.ports.repositories import CommunicationRepository
from bot.ports.repositories import Cursors
from bot.ports.repositories import ExternalReportRepository
from bot.ports.repositories import IncidentRepository
from bot.ports.repositories import LogbookRepository
from bot.ports.repositories import PageRepository
from bot.ports.repositories import RegulationRepository
from bot.ports.repositories import ReviewRepository
from bot.ports.repositories import SeenEvents
from bot.ports.repositories import SentMessages
from bot.ports.repositories import TimerRepository
from bot.ports.unit_of_work import ConcurrentUpdate
from bot.ports.unit_of_work import StorageUnavailable
from bot.ports.unit_of_work import UnitOfWork
from bot.ports.unit_of_work import UnitOfWorkFactory

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
    "KeyLocks",
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
