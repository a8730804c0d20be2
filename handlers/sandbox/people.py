"""Who can be "you" in the sandbox: the plan's people (their ``sandbox:`` ids) and an employee in no role."""

from __future__ import annotations

from dataclasses import dataclass

from bot.directory import Directory
from bot.domain.roles import Role
from bot.i18n import Translator

EMPLOYEE = "emma"
"""An employee the plan does not name: reports incidents and has no role."""
EMPLOYEE_NAME = "Emma"
"""How the sandbox, as a platform, shows that employee (:meth:`SandboxChat.user_display_name`)."""
BOT = "sirene"
"""The bot's own user id in the sandbox."""


@dataclass(frozen=True)
class SandboxUser:
    id: str
    name: str
    roles: tuple[Role, ...]


class People:
    def __init__(self, directory: Directory) -> None:
        self._users: dict[str, SandboxUser] = {}
        plan = directory.plan
        for key, person in plan.people.items():
            user_id = directory.user_id("sandbox", key)
            if user_id:
                roles = tuple(r for r in Role if r in directory.roles_of("sandbox", user_id))
                self._users[user_id] = SandboxUser(user_id, person.name, roles)
        self._users.setdefault(EMPLOYEE, SandboxUser(EMPLOYEE, "", ()))

    def all(self) -> list[SandboxUser]:
        """The employee first, then the plan's people in the order of their first role (helpdesk, IRP, …)."""
        order = list(Role)
        return sorted(self._users.values(),
                      key=lambda u: (bool(u.roles), min((order.index(r) for r in u.roles), default=0), u.name))

    def get(self, user_id: str) -> SandboxUser | None:
        return self._users.get(user_id)

    def name(self, tr: Translator, user_id: str) -> str:
        if user_id == BOT:
            return "Sirene"
        if user_id == EMPLOYEE:
            return tr.t("sandbox.people.employee")
        user = self._users.get(user_id)
        return user.name if user else user_id
