"""Block Kit checks the fake applies to messages and modals (limits from ``blockkit_facts.BLOCK_KIT``).

Each function returns a list of problems in plain words; an empty list means Slack would accept
the payload as far as we model it. It also has helpers to walk the interactive elements of a
surface, which the drivers use to find buttons and inputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from typing import Literal

from tests.fakes.slack.blockkit_facts import BLOCK_KIT
from tests.fakes.slack.blockkit_facts import KNOWN_BLOCK_TYPES

Surface = Literal["message", "modal"]
Json = dict[str, Any]

_L = BLOCK_KIT


def _text_of(obj: Any) -> str | None:
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return str(obj["text"])
    return None


def _check_text_obj(obj: Any, where: str, limit: int | None, problems: list[str], *, plain_only: bool) -> None:
    if not isinstance(obj, dict):
        problems.append(f"{where}: expected a text object, got {type(obj).__name__}")
        return
    kind = obj.get("type")
    allowed = {"plain_text"} if plain_only else {"plain_text", "mrkdwn"}
    if kind not in allowed:
        problems.append(f"{where}: text type must be one of {sorted(allowed)}, got {kind!r}")
    text = _text_of(obj)
    if text is None:
        problems.append(f"{where}: text object without a string 'text'")
        return
    if limit is not None and len(text) > limit:
        problems.append(f"{where}: text is {len(text)} chars (max {limit})")


def _check_options(options: Any, where: str, limit: int, problems: list[str]) -> None:
    if not isinstance(options, list):
        problems.append(f"{where}: options must be an array")
        return
    if len(options) > limit:
        problems.append(f"{where}: {len(options)} options (max {limit})")
    for i, opt in enumerate(options):
        w = f"{where}.options[{i}]"
        if not isinstance(opt, dict):
            problems.append(f"{w}: must be an object")
            continue
        _check_text_obj(opt.get("text"), f"{w}.text", _L["option_text"], problems, plain_only=False)
        value = opt.get("value")
        if not isinstance(value, str):
            problems.append(f"{w}: value must be a string")
        elif len(value) > _L["option_value"]:
            problems.append(f"{w}: value is {len(value)} chars (max {_L['option_value']})")


def _check_element(el: Any, where: str, problems: list[str], action_ids: set[str]) -> None:
    if not isinstance(el, dict):
        problems.append(f"{where}: element must be an object")
        return
    etype = el.get("type")
    action_id = el.get("action_id")
    if action_id is not None:
        if not isinstance(action_id, str) or not action_id:
            problems.append(f"{where}: action_id must be a non-empty string")
        elif len(action_id) > _L["action_id"]:
            problems.append(f"{where}: action_id is {len(action_id)} chars (max {_L['action_id']})")
        else:
            if action_id in action_ids:
                problems.append(f"{where}: action_id {action_id!r} repeated within the block")
            action_ids.add(action_id)
    if "placeholder" in el:
        _check_text_obj(el["placeholder"], f"{where}.placeholder", _L["placeholder"], problems, plain_only=True)
    if etype == "button":
        _check_text_obj(el.get("text"), f"{where}.text", _L["button_text"], problems, plain_only=True)
        value = el.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > _L["button_value"]):
            problems.append(f"{where}: button value must be a string of at most {_L['button_value']} chars")
        url = el.get("url")
        if url is not None and (not isinstance(url, str) or len(url) > _L["button_url"]):
            problems.append(f"{where}: button url must be a string of at most {_L['button_url']} chars")
        if el.get("style") not in (None, "primary", "danger"):
            problems.append(f"{where}: button style must be 'primary' or 'danger'")
    elif etype in {"static_select", "multi_static_select"}:
        if "options" in el:
            _check_options(el["options"], where, _L["select_options"], problems)
        elif "option_groups" in el:
            for gi, group in enumerate(el["option_groups"] or []):
                _check_options(group.get("options"), f"{where}.option_groups[{gi}]", _L["select_options"], problems)
        else:
            problems.append(f"{where}: {etype} needs options or option_groups")
    elif etype == "radio_buttons":
        _check_options(el.get("options"), where, _L["radio_options"], problems)
    elif etype == "checkboxes":
        _check_options(el.get("options"), where, _L["checkbox_options"], problems)
    elif etype == "overflow":
        _check_options(el.get("options"), where, _L["overflow_options"], problems)
    elif etype == "plain_text_input":
        max_length = el.get("max_length")
        if max_length is not None and (
            not isinstance(max_length, int) or max_length > _L["plain_text_input_max_length"]
        ):
            problems.append(
                f"{where}: plain_text_input max_length {max_length!r} (max {_L['plain_text_input_max_length']})"
            )
        min_length = el.get("min_length")
        if min_length is not None and (not isinstance(min_length, int) or min_length > 3000):
            problems.append(f"{where}: plain_text_input min_length {min_length!r} (max 3000)")
    elif etype == "image":
        alt = el.get("alt_text")
        if not isinstance(alt, str) or len(alt) > _L["image_alt_text"]:
            problems.append(f"{where}: image element needs alt_text (max {_L['image_alt_text']} chars)")


def check_blocks(blocks: Any, surface: Surface) -> list[str]:
    """Check a ``blocks`` array for a message or a modal."""
    problems: list[str] = []
    if not isinstance(blocks, list):
        return [f"blocks must be an array, got {type(blocks).__name__}"]
    limit = _L["message_blocks"] if surface == "message" else _L["modal_blocks"]
    if len(blocks) > limit:
        problems.append(f"{len(blocks)} blocks in a {surface} (max {limit})")
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"blocks[{i}]"
        if not isinstance(block, dict):
            problems.append(f"{where}: must be an object")
            continue
        btype = block.get("type")
        if btype not in KNOWN_BLOCK_TYPES:
            problems.append(f"{where}: unknown block type {btype!r}")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id:
                problems.append(f"{where}: block_id must be a non-empty string")
            elif len(block_id) > _L["block_id"]:
                problems.append(f"{where}: block_id is {len(block_id)} chars (max {_L['block_id']})")
            elif block_id in block_ids:
                problems.append(f"{where}: duplicate block_id {block_id!r}")
            else:
                block_ids.add(block_id)
        action_ids: set[str] = set()
        if btype == "section":
            if "text" not in block and "fields" not in block:
                problems.append(f"{where}: section needs text or fields")
            if "text" in block:
                _check_text_obj(block["text"], f"{where}.text", _L["section_text"], problems, plain_only=False)
            fields = block.get("fields")
            if fields is not None:
                if not isinstance(fields, list) or len(fields) > _L["section_fields"]:
                    problems.append(f"{where}: section fields must be an array of at most {_L['section_fields']}")
                else:
                    for fi, f in enumerate(fields):
                        _check_text_obj(
                            f, f"{where}.fields[{fi}]", _L["section_field_text"], problems, plain_only=False
                        )
            if "accessory" in block:
                _check_element(block["accessory"], f"{where}.accessory", problems, action_ids)
        elif btype == "header":
            _check_text_obj(block.get("text"), f"{where}.text", _L["header_text"], problems, plain_only=True)
        elif btype == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                problems.append(f"{where}: actions block needs a non-empty elements array")
            else:
                if len(elements) > _L["actions_elements"]:
                    problems.append(
                        f"{where}: {len(elements)} elements in an actions block (max {_L['actions_elements']})"
                    )
                for ei, el in enumerate(elements):
                    _check_element(el, f"{where}.elements[{ei}]", problems, action_ids)
        elif btype == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                problems.append(f"{where}: context block needs a non-empty elements array")
            elif len(elements) > _L["context_elements"]:
                problems.append(f"{where}: {len(elements)} context elements (max {_L['context_elements']})")
        elif btype == "input":
            if surface != "modal":
                problems.append(f"{where}: input blocks are only allowed in modals (and Home tabs)")
            _check_text_obj(block.get("label"), f"{where}.label", _L["input_label"], problems, plain_only=True)
            if "hint" in block:
                _check_text_obj(block["hint"], f"{where}.hint", _L["input_hint"], problems, plain_only=True)
            if "element" not in block:
                problems.append(f"{where}: input block needs an element")
            else:
                _check_element(block["element"], f"{where}.element", problems, action_ids)
    return problems


def check_home_view(view: Any) -> list[str]:
    """Check a Home tab view object as views.publish gets it (type ``home``, up to 100 blocks, no title)."""
    if not isinstance(view, dict):
        return ["view must be an object"]
    problems: list[str] = []
    if view.get("type") != "home":
        problems.append(f"views.publish takes a view of type 'home', got {view.get('type')!r}")
    for key in ("title", "submit", "close"):
        if key in view:
            problems.append(f"a home view has no {key}")
    blocks = view.get("blocks")
    if blocks is None:
        problems.append("view needs blocks")
    else:
        problems.extend(check_blocks(blocks, "modal"))  # the same limits as a modal (100 blocks)
    return problems


def check_view(view: Any) -> list[str]:
    """Check a modal view object as views.open / views.update / views.push / response_action get it."""
    if not isinstance(view, dict):
        return ["view must be an object"]
    problems: list[str] = []
    if view.get("type") != "modal":
        problems.append(f"view type must be 'modal' (we do not use Home tabs), got {view.get('type')!r}")
    if "title" not in view:
        problems.append("modal needs a title")
    else:
        _check_text_obj(view["title"], "title", _L["modal_title"], problems, plain_only=True)
    for key, limit_key in (("submit", "modal_submit"), ("close", "modal_close")):
        if key in view:
            _check_text_obj(view[key], key, _L[limit_key], problems, plain_only=True)
    blocks = view.get("blocks")
    if blocks is None:
        problems.append("view needs blocks")
    else:
        problems.extend(check_blocks(blocks, "modal"))
        has_input = isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_input and "submit" not in view:
            problems.append("a modal with input blocks needs a submit button")
    for key, limit_key in (
        ("private_metadata", "private_metadata"),
        ("callback_id", "callback_id"),
        ("external_id", "external_id"),
    ):
        value = view.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{key} must be a string")
        elif len(value) > _L[limit_key]:
            problems.append(f"{key} is {len(value)} chars (max {_L[limit_key]})")
    return problems


# ---------------------------------------------------------------------------------------------
# Walking interactive elements
# ---------------------------------------------------------------------------------------------


def iter_elements(blocks: list[Json]) -> Iterator[tuple[Json, Json]]:
    """Yield (block, element) for every interactive element in ``blocks``.

    Covers actions elements, section accessories and input elements.
    """
    for block in blocks:
        btype = block.get("type")
        if btype == "actions":
            for el in block.get("elements") or []:
                if isinstance(el, dict):
                    yield block, el
        elif btype == "section" and isinstance(block.get("accessory"), dict):
            yield block, block["accessory"]
        elif btype == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]


def all_options(element: Json) -> list[Json]:
    """Options of a select/radio/checkbox/overflow element, option groups flattened."""
    if isinstance(element.get("options"), list):
        return list(element["options"])
    found: list[Json] = []
    for group in element.get("option_groups") or []:
        found.extend(group.get("options") or [])
    return found
