from tests.fakes.sms_gateway import sms_gateway
from tests.fakes.smtp import mail_server
from tests.storage.fixtures import (  # noqa: F401
    backend,
    database_url,
    migrated_url,
    postgres_migrated_url,
    postgres_server_url,
    sqlite_uow_factory,
    uow_factory,
)

__all__ = ["mail_server", "sms_gateway"]
