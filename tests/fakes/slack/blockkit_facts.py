"""What we know of Block Kit, from its reference pages in our words: the limits of each block and element
(``BLOCK_KIT``), the block types Slack knows (both applied by ``blockkit``'s checks), and the interactive
elements whose current value Slack reports in a surface's ``state.values`` (which the drivers' payload
builders fill in)."""

from __future__ import annotations

BLOCK_KIT: dict[str, int] = {
    "message_blocks": 50,
    "modal_blocks": 100,
    "modal_title": 24,  # view title text
    "modal_submit": 24,  # view submit button text
    "modal_close": 24,  # view close button text
    "private_metadata": 3000,
    "callback_id": 255,
    "external_id": 255,
    "block_id": 255,
    "action_id": 255,
    "section_text": 3000,
    "section_fields": 10,
    "section_field_text": 2000,
    "header_text": 150,
    "context_elements": 10,
    "actions_elements": 25,
    "button_text": 75,
    "button_value": 2000,
    "button_url": 3000,
    "input_label": 2000,
    "input_hint": 2000,
    "placeholder": 150,
    "plain_text_input_max_length": 3000,
    "select_options": 100,
    "radio_options": 10,
    "checkbox_options": 10,
    "overflow_options": 5,
    "option_text": 75,
    "option_value": 150,
    "image_alt_text": 2000,
}

KNOWN_BLOCK_TYPES: frozenset[str] = frozenset(
    {
        "section",
        "divider",
        "image",
        "actions",
        "context",
        "input",
        "header",
        "file",
        "rich_text",
        "video",
        "markdown",
        "table",
        "call",
        "context_actions",
    }
)

#: Interactive elements whose current value Slack reports in ``state.values``.
STATEFUL_ELEMENTS: frozenset[str] = frozenset(
    {
        "plain_text_input",
        "email_text_input",
        "url_text_input",
        "number_input",
        "rich_text_input",
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
        "radio_buttons",
        "checkboxes",
        "datepicker",
        "timepicker",
        "datetimepicker",
    }
)
