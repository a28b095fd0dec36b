"""Briefings and alerts: the story of a text, written from the record, and news of it.

`briefing` writes one series' session as a wire editor would want it (sponsors, who joined
and left against the last session on record, the adoption, a paragraph per state asked
about); `derive` keeps the sponsor timeline and the event log in step with every write;
`feeds` serves the log as Atom; `watches` and `webhooks` tell followers of a series or a
state, with signed, retried, logged deliveries.
"""
