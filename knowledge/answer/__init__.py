"""Answering: what is asked + the knowledge → an Answer (plain data, no markup).

Takes a Question from `knowledge.understand` and a Knowledge snapshot from `knowledge.store`;
`engine.Engine` picks the strategy (a single figure, a comparison, no data, ambiguous, not found),
`figures` holds the pure rules for choosing and comparing figures, and `results` the types it
returns (Answer, Figure, Comparison, Suggestion). `replies/` turns an Answer into what the bot says.
"""
