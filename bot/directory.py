"""Who is who: the plan's people, their ids on each platform, and the roles they hold."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.roles import Role
from bot.plan import Person
from bot.plan import Plan
from bot.plan_loader import PlanInvalid
from bot.plan_loader import PlanProblem
from bot.ports import ChatPort


class Directory:
    """Resolves platform user ids to the plan's people and roles.

    ``resolved`` adds ids found at start (an e-mail address looked up on the platform).
    """

    def __init__(self, plan: Plan, resolved: Mapping[tuple[str, str], str] | None = None) -> None:
        self._plan = plan
        self._ids: dict[tuple[str, str], str] = {}
        self._keys: dict[tuple[str, str], str] = {}
        for key, person in plan.people.items():
            for platform in ("slack", "mattermost", "sandbox"):
                user_id = person.platform_id(platform)
                if user_id:
                    self._link(platform, key, user_id)
        for (platform, key), user_id in (resolved or {}).items():
            self._link(platform, key, user_id)

    def _link(self, platform: str, key: str, user_id: str) -> None:
        self._ids[(platform, key)] = user_id
        self._keys[(platform, user_id)] = key

    @property
    def plan(self) -> Plan:
        return self._plan

    def person_key(self, platform: str, user_id: str) -> str | None:
        return self._keys.get((platform, user_id))

    def person(self, platform: str, user_id: str) -> Person | None:
        key = self.person_key(platform, user_id)
        return self._plan.people.get(key) if key else None

    def user_id(self, platform: str, person_key: str) -> str | None:
        return self._ids.get((platform, person_key))

    def roles_of(self, platform: str, user_id: str) -> frozenset[Role]:
        key = self.person_key(platform, user_id)
        if key is None:
            return frozenset()
        return frozenset(role for role, contacts in self._plan.roles.items() if key in contacts.everyone())

    def holds(self, platform: str, user_id: str, role: Role) -> bool:
        return role in self.roles_of(platform, user_id)

    def primary(self, platform: str, role: Role) -> str | None:
        contacts = self._plan.roles.get(role)
        return self.user_id(platform, contacts.primary) if contacts else None

    def backup(self, platform: str, role: Role) -> str | None:
        contacts = self._plan.roles.get(role)
        return self.user_id(platform, contacts.backup) if contacts else None

    def invitees(self, platform: str, role: Role) -> list[str]:
        """Who is invited for ``role``: its primary contact and its members (the backup stays on call)."""
        contacts = self._plan.roles.get(role)
        if contacts is None:
            return []
        keys = [contacts.primary, *contacts.members]
        return [uid for uid in (self.user_id(platform, key) for key in keys) if uid]

    def display_name(self, platform: str, user_id: str) -> str:
        person = self.person(platform, user_id)
        return person.name if person else user_id


def resolve_people(plan: Plan, chats: Mapping[str, ChatPort]) -> dict[tuple[str, str], str]:
    """Look up, on each platform, the people the plan names only by e-mail address."""
    resolved: dict[tuple[str, str], str] = {}
    problems: list[PlanProblem] = []
    for platform, chat in chats.items():
        for key, person in plan.people.items():
            if person.platform_id(platform) or not person.email:
                continue
            user_id = chat.find_user_by_email(person.email)
            if user_id is None:
                problems.append(PlanProblem(f"people.{key}.email", "unresolved_email", platform))
            else:
                resolved[(platform, key)] = user_id
    if problems:
        raise PlanInvalid(problems)
    return resolved
