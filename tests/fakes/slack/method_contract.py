"""The shape of one entry in our table of the Slack Web API (``contract.METHODS``): a ``MethodContract``
says which arguments a method requires or accepts, of which kind each one is (``ArgKind``, the names of the
arg-level rules that ``arg_checks`` applies), which token type Slack wants for it, whether the frozen 2020
OpenAPI spec knows it, and which error codes the fake may answer, with a reason for each argument or error
the 2020 spec does not list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Literal

ArgKind = Literal[
    "string",  # non-empty string
    "text",  # any string, may be empty
    "bool",  # JSON true/false, or form "true"/"false"/"1"/"0"
    "int",  # JSON integer, or a form string of digits
    "conversation",  # a conversation ID: C..., G... or D...
    "conversation_or_user",  # conversation ID, user ID (DM with the app) or a channel name
    "user",  # a user ID: U... or W...
    "users_csv",  # comma-separated user IDs
    "view_id",  # V...
    "ts",  # Slack message timestamp, exactly ten digits, a dot, six digits
    "email",
    "blocks",  # JSON array of block objects (JSON value or a JSON string in a form field)
    "attachments",  # JSON array of attachment objects
    "view",  # JSON view object
    "upload_files",  # JSON array of {"id": "F...", "title"?: str}
]

#: Arguments that may arrive as a JSON string inside a form field and that we parse.

TokenType = Literal["bot", "app"]


@dataclass(frozen=True)
class MethodContract:
    """What we accept for one Web API method."""

    name: str
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    #: Each group needs at least one of its arguments (e.g. trigger_id OR interactivity_pointer).
    one_of: tuple[frozenset[str], ...] = ()
    kinds: Mapping[str, ArgKind] = field(default_factory=dict)
    #: The token type Slack wants for this method.
    token: TokenType = "bot"
    #: Is the method in the frozen 2020 OpenAPI spec?
    in_2020_spec: bool = True
    #: Arguments we accept or require although the 2020 spec does not list/flag them: arg -> reason.
    beyond_spec: Mapping[str, str] = field(default_factory=dict)
    #: Method-specific error codes the fake may return.
    errors: frozenset[str] = frozenset()
    #: Those of ``errors`` that the 2020 spec's error enum lacks: code -> reason.
    errors_beyond_spec: Mapping[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> frozenset[str]:
        return self.required | self.optional

