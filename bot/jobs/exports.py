"""Uploading an export to the incident's channel (one job per format, so a retry uploads one file once)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core import Core
from bot.domain.incident import Incident
from bot.ports import ChatPort
from bot.usecases.exports import report_files


def upload_export(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    home = incident.home_channel
    files = report_files(core, incident.number, (payload.get("format", "pdf"),))
    if home is None or not files:
        return
    name, content = files[0]
    fmt = payload.get("format", "pdf").upper()
    title = core.team_translator().t("export.file_title", number=incident.number, format=fmt)
    chat.upload_file(home, name, content, title, incident.home_thread)
