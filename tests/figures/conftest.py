from tests.storage.fixtures import (  # noqa: F401
    backend,
    database_url,
    migrated_url,
    postgres_migrated_url,
    postgres_server_url,
    sqlite_uow_factory,
    uow_factory,
)
