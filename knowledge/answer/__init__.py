"""Answering: what is asked + the knowledge → an Answer (plain data, no markup).

Takes question text (read by `knowledge.understand`) and a Knowledge snapshot from
`knowledge.store`. `engine.Engine` reads the question into an `asked.Asked` (metric, place,
periods, aspect, and the kind of answer wanted); `strategies` picks the module for that kind
from one dispatch table — `single` (one figure), `two_periods` (two periods compared),
`no_data` (no figure for that period or place), `ambiguous`, `not_found` — each taking the
Asked and a `lookup.Lookup` over the knowledge and returning a `results.Answer` (Answer,
Figure, Comparison, Suggestion). `figures` holds the pure rules for choosing and comparing
figures. `replies/` turns an Answer into what the bot says.
"""
