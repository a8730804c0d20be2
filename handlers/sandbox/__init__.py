"""The local sandbox: a small web chat served by Sirene itself, a third platform beside Slack and Mattermost."""
