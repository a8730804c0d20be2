"""Our own proof on what Mattermost echoes back unsigned: button ``context`` and dialog ``state``.

Mattermost signs neither action callbacks nor dialog submissions, so everything Sirene puts in a
button's ``integration.context`` or a dialog's ``state`` carries an HMAC-SHA256 (key from
``SIRENE_SECRET_KEY``) over its purpose, its fields and an expiry. Anything altered, forged,
signed for another purpose or expired fails :meth:`Signer.verify` and is refused with 403.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from collections.abc import Mapping
from datetime import timedelta

SIGNATURE = "sig"
EXPIRES = "exp"
PURPOSE = "for"


class Signer:
    def __init__(self, key: str, clock: Callable[[], float] = time.time) -> None:
        self._key = key.encode("utf-8")
        self._clock = clock

    def _digest(self, fields: Mapping[str, str]) -> str:
        canonical = json.dumps(dict(sorted(fields.items())), ensure_ascii=False, separators=(",", ":"))
        return hmac.new(self._key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()

    def sign(self, purpose: str, fields: Mapping[str, str], ttl: timedelta) -> dict[str, str]:
        """``fields`` with the purpose, an expiry and the signature added (a button's context)."""
        signed = {**fields, PURPOSE: purpose, EXPIRES: str(int(self._clock() + ttl.total_seconds()))}
        return {**signed, SIGNATURE: self._digest(signed)}

    def verify(self, purpose: str, context: object) -> dict[str, str] | None:
        """The fields (without the proof) when ``context`` is genuine, meant for ``purpose`` and not expired."""
        if not isinstance(context, Mapping):
            return None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in context.items()):
            return None
        fields = {k: v for k, v in context.items() if k != SIGNATURE}
        signature = context.get(SIGNATURE, "")
        if not hmac.compare_digest(signature.encode("utf-8"), self._digest(fields).encode("utf-8")):
            return None
        if fields.get(PURPOSE) != purpose:
            return None
        expires = fields.get(EXPIRES, "")
        if not expires.isdigit() or int(expires) < self._clock():
            return None
        return {k: v for k, v in fields.items() if k not in (PURPOSE, EXPIRES)}

    def seal(self, purpose: str, fields: Mapping[str, str], ttl: timedelta) -> str:
        """The signed fields as one opaque string (a dialog's ``state``)."""
        raw = json.dumps(self.sign(purpose, fields, ttl), ensure_ascii=False, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")

    def unseal(self, purpose: str, sealed: object) -> dict[str, str] | None:
        if not isinstance(sealed, str) or not sealed:
            return None
        try:
            decoded = json.loads(base64.urlsafe_b64decode(sealed.encode("ascii")))
        except (ValueError, binascii.Error, UnicodeError):
            return None
        return self.verify(purpose, decoded)
