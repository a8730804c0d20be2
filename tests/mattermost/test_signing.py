from __future__ import annotations

from datetime import timedelta

from handlers.mattermost.signing import Signer

KEY = "k" * 32


def test_a_signed_context_verifies_and_gives_its_fields_back() -> None:
    signer = Signer(KEY, clock=lambda: 1000.0)
    context = signer.sign("action", {"action": "sirene.classify", "value": "INC-2026-0001|minor"}, timedelta(hours=1))
    assert signer.verify("action", context) == {"action": "sirene.classify", "value": "INC-2026-0001|minor"}


def test_altered_forged_misused_or_expired_contexts_fail() -> None:
    now = [1000.0]
    signer = Signer(KEY, clock=lambda: now[0])
    context = signer.sign("action", {"action": "sirene.approve", "value": "INC-2026-0001|1"}, timedelta(hours=1))
    assert signer.verify("action", {**context, "value": "INC-2026-0002|1"}) is None
    assert signer.verify("action", {**context, "exp": str(10**12)}) is None
    assert Signer("x" * 32, clock=lambda: 1000.0).verify("action", context) is None
    assert signer.verify("dialog", context) is None
    assert signer.verify("action", {k: v for k, v in context.items() if k != "sig"}) is None
    assert signer.verify("action", "not a mapping") is None
    assert signer.verify("action", {**context, "extra": 1}) is None
    now[0] += 3601
    assert signer.verify("action", context) is None


def test_a_sealed_state_opens_only_unchanged() -> None:
    signer = Signer(KEY, clock=lambda: 1000.0)
    sealed = signer.seal("dialog", {"form": "report", "user": "u1"}, timedelta(hours=1))
    assert signer.unseal("dialog", sealed) == {"form": "report", "user": "u1"}
    assert signer.unseal("dialog", sealed[:-4] + "AAAA") is None
    assert signer.unseal("dialog", "%%%") is None
    assert signer.unseal("dialog", "") is None
    assert signer.unseal("action", sealed) is None
