"""The scheduler: the incident's clocks, the timers that follow them, the tick that fires what is due,
and the escalation pings (pages) with their acknowledgement chain."""
