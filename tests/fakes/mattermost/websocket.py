"""The fake Mattermost's websocket: the bot connects with its token and gets the server's ``hello`` (its version);
each event (a post, an edit, a deletion, a reaction) is pushed to the connected sockets of the channel's
members, numbered per socket, as the server does. The test counts the connections, drops them
(``ws_disconnect``) or keeps new ones out (``refuse_websocket``)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading

from starlette.websockets import WebSocket
from starlette.websockets import WebSocketDisconnect

from tests.fakes.mattermost.faults import Faults
from tests.fakes.mattermost.model import Json
from tests.fakes.mattermost.model import Post
from tests.fakes.mattermost.state import _Socket


class Websocket(Faults):
    def ws_connected(self) -> int:
        with self._lock:
            return len(self._sockets)

    def ws_disconnect(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for socket in sockets:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(socket.ws.close(code=1001), socket.loop).result(timeout=2)

    def _broadcast(self, event: str, channel_id: str, data: Json) -> None:
        with self._lock:
            channel = self.channels.get(channel_id)
            targets = [s for s in self._sockets if channel is not None and s.user_id in channel.members]
        for socket in targets:
            socket.seq += 1
            frame = json.dumps({"event": event, "data": data, "seq": socket.seq,
                                "broadcast": {"channel_id": channel_id, "team_id": self.team_id, "user_id": ""}})
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(socket.ws.send_text(frame), socket.loop).result(timeout=2)

    def _broadcast_later(self, event: str, post: Post) -> None:
        threading.Thread(target=self._broadcast, args=(event, post.channel_id,
                                                       {"post": json.dumps(post.to_json())}), daemon=True).start()

    async def _websocket(self, ws: WebSocket) -> None:
        auth = ws.headers.get("authorization", "")
        if self.refuse_websocket:
            await ws.close(code=1013)
            return
        if auth != f"Bearer {self.bot_token}":
            self._violate(f"websocket without the bot token: {auth!r}")
            await ws.close(code=1008)
            return
        await ws.accept()
        socket = _Socket(ws, asyncio.get_running_loop(), self.bot.id)
        hello = f"{self.server_version}.16345.4f1b9c0d2e.false"  # version.build.config hash.licensed
        await ws.send_text(json.dumps({"event": "hello", "data": {"server_version": hello}, "seq": 0,
                                       "broadcast": {"user_id": self.bot.id}}))
        with self._lock:
            self._sockets.append(socket)
        try:
            while True:
                await ws.receive_text()
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            with self._lock:
                if socket in self._sockets:
                    self._sockets.remove(socket)
