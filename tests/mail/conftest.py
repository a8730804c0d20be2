from tests.fakes.smtp import mail_server

__all__ = ["mail_server"]
