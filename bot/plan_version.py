"""Which version of the plan an incident was handled under: the plan's own ``version:`` and a fingerprint of
its content (the same plan gives the same fingerprint; any change gives another)."""

from __future__ import annotations

import hashlib

from bot.plan import Plan

FINGERPRINT_LENGTH = 12


def plan_fingerprint(plan: Plan) -> str:
    return hashlib.sha256(plan.model_dump_json().encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def plan_stamp(plan: Plan) -> str:
    """``1.3 · sha256 3f9a0c…`` (``— · sha256 …`` when the plan names no version)."""
    return f"{plan.version or '—'} · sha256 {plan_fingerprint(plan)}"
