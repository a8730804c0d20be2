"""Reports from outside the chat over HTTP: the intake API, monitoring webhooks and the report page."""
