"""The sandbox page's parts as HTML: the channel list and one channel with its messages, as one user sees them."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from bot.sandbox_store import ChannelKind
from bot.sandbox_store import SandboxChannel
from bot.sandbox_store import SandboxMessage
from bot.sandbox_store import SandboxStore
from handlers.sandbox.codec import UnknownSpec
from handlers.sandbox.codec import decode_message
from handlers.sandbox.people import BOT
from handlers.sandbox.people import People
from handlers.sandbox.render import Names
from handlers.sandbox.render import attr
from handlers.sandbox.render import emoji
from handlers.sandbox.render import message_body

HISTORY = 200
QUICK_REACTIONS = ("memo", "white_check_mark", "eyes", "+1")


def visible_channels(store: SandboxStore, user_id: str) -> list[SandboxChannel]:
    return [c for c in store.channels() if c.visible_to(user_id)]


def names_for(tr: Translator, people: People, channels: list[SandboxChannel]) -> Names:
    by_id = {c.id: c.name for c in channels}
    return Names(user=lambda user_id: people.name(tr, user_id), channel=lambda cid: by_id.get(cid, cid))


def channel_list(tr: Translator, channels: list[SandboxChannel], current: str | None, user_id: str,
                 people: People) -> str:
    def item(channel: SandboxChannel) -> str:
        label = (people.name(tr, next(iter(channel.members), "")) if channel.kind is ChannelKind.DIRECT
                 else channel.name)
        mark = "🔒 " if channel.kind is ChannelKind.PRIVATE else "@ " if channel.kind is ChannelKind.DIRECT else "# "
        classes = " ".join(c for c in ("current" if channel.id == current else "",
                                       "archived" if channel.archived else "") if c)
        note = f' <span class="muted">({escape(tr.t("sandbox.channel.archived"))})</span>' if channel.archived else ""
        return (f'<li><a href="?channel={attr(channel.id)}" class="{classes}" data-channel="{attr(channel.id)}">'
                f"{mark}{escape(label)}</a>{note}</li>")

    rooms = [c for c in channels if c.kind is not ChannelKind.DIRECT]
    direct = [c for c in channels if c.kind is ChannelKind.DIRECT and user_id in c.members]
    parts = [f"<h2>{escape(tr.t('sandbox.nav.channels'))}</h2><ul>{''.join(item(c) for c in rooms)}</ul>",
             f"<h2>{escape(tr.t('sandbox.nav.direct'))}</h2>"]
    parts.append(f"<ul>{''.join(item(c) for c in direct)}</ul>" if direct
                 else f'<p class="muted">{escape(tr.t("sandbox.nav.no_direct"))}</p>')
    return "".join(parts)


def _reactions(message: SandboxMessage, tr: Translator, people: People) -> str:
    counts: dict[str, list[str]] = {}
    for reaction in message.reactions:
        counts.setdefault(reaction.name, []).append(people.name(tr, reaction.user_id))
    return "".join(f'<span class="reaction" data-reaction="{attr(name)}" title="{attr(", ".join(who))}">'
                   f"{emoji(name)} {len(who)}</span>" for name, who in counts.items())


def _tools(message: SandboxMessage, tr: Translator, viewer: str, writable: bool) -> str:
    if message.deleted or not writable or message.visible_to:
        return ""
    tools = [f'<button type="button" class="tool" data-react="{attr(name)}" data-message="{message.id}" '
             f'title="{attr(tr.t("sandbox.message.react", emoji=emoji(name)))}">{emoji(name)}</button>'
             for name in QUICK_REACTIONS]
    if message.author_id != BOT:
        tools.append(f'<button type="button" class="tool" data-shortcut data-message="{message.id}">'
                     f'{escape(tr.t("sandbox.message.add_to_logbook"))}</button>')
    if message.author_id == viewer:
        tools.append(f'<button type="button" class="tool" data-edit data-message="{message.id}" '
                     f'data-text="{attr(message.text)}">{escape(tr.t("sandbox.message.edit"))}</button>')
        tools.append(f'<button type="button" class="tool" data-delete data-message="{message.id}">'
                     f'{escape(tr.t("sandbox.message.delete"))}</button>')
    return f'<div class="tools">{"".join(tools)}</div>'


def message_html(message: SandboxMessage, tr: Translator, people: People, names: Names, viewer: str,
                 writable: bool, token: str) -> str:
    author = people.name(tr, message.author_id)
    when = tr.clock_time(message.posted_at)
    if message.deleted:
        body = f'<p class="muted">{escape(tr.t("sandbox.message.deleted"))}</p>'
    elif message.spec is not None:
        try:
            body = message_body(decode_message(message.spec), names, message.id)
        except (UnknownSpec, TypeError, ValueError):
            body = f"<p>{escape(message.text)}</p>"
    elif message.file_id is not None:
        href = f"sandbox/files/{message.file_id}?user={attr(viewer)}&amp;token={attr(token)}"
        body = (f'<p class="file">📎 <a href="{href}" download>{escape(message.text)}</a> '
                f'<span class="muted">{escape(tr.t("sandbox.message.download"))}</span></p>')
    else:
        body = f'<p class="text">{escape(message.text)}</p>'
    notes = []
    if message.edited and not message.deleted:
        notes.append(tr.t("sandbox.message.edited"))
    if message.visible_to:
        notes.append(tr.t("sandbox.message.only_you"))
    if message.pinned:
        notes.append(tr.t("sandbox.message.pinned"))
    note = f' <span class="muted">{escape(" · ".join(notes))}</span>' if notes else ""
    classes = " ".join(c for c in ("message", "bot" if message.author_id == BOT else "",
                                   "ephemeral" if message.visible_to else "") if c)
    return (f'<article class="{classes}" id="m{message.id}" data-message="{message.id}" '
            f'data-author="{attr(message.author_id)}"><header><strong>{escape(author)}</strong> '
            f'<time>{escape(when)}</time>{note}</header>{body}'
            f'<div class="reactions">{_reactions(message, tr, people)}</div>'
            f"{_tools(message, tr, viewer, writable)}</article>")


def channel_pane(tr: Translator, store: SandboxStore, people: People, channel: SandboxChannel | None,
                 channels: list[SandboxChannel], viewer: str, token: str) -> str:
    if channel is None:
        return f'<p class="muted">{escape(tr.t("sandbox.channel.choose"))}</p>'
    names = names_for(tr, people, channels)
    writable = not channel.archived
    messages = store.messages(channel.id, viewer, HISTORY)
    replies: dict[str, list[SandboxMessage]] = {}
    top: list[SandboxMessage] = []
    for message in messages:
        if message.thread_id:
            replies.setdefault(message.thread_id, []).append(message)
        else:
            top.append(message)
    shown = []
    for message in top:
        thread = replies.get(str(message.id), [])
        html = message_html(message, tr, people, names, viewer, writable, token)
        if thread:
            inner = "".join(message_html(m, tr, people, names, viewer, writable, token) for m in thread)
            html += f'<div class="thread" data-thread="{message.id}">{inner}</div>'
        shown.append(html)
    title = names.channel(channel.id) if channel.kind is not ChannelKind.DIRECT else tr.t("sandbox.channel.direct")
    topic = f'<p class="topic">{escape(channel.topic)}</p>' if channel.topic else ""
    archived = (f'<p class="banner">{escape(tr.t("sandbox.channel.archived_banner"))}</p>'
                if channel.archived else "")
    empty = f'<p class="muted">{escape(tr.t("sandbox.channel.empty"))}</p>' if not shown else ""
    return (f'<header class="channel-head" data-channel="{attr(channel.id)}" data-writable="{str(writable).lower()}">'
            f"<h1>{'#' if channel.kind is not ChannelKind.DIRECT else '@'}{escape(title)}</h1>{topic}</header>"
            f'{archived}<div class="messages">{"".join(shown)}{empty}</div>')
