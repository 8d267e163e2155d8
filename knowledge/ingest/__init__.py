"""Ingesting: article text or typed fields → candidate facts for an admin to review.

Takes the text of a news article (with its header: URL, title, date) and gives candidate Facts,
each with its metric, kind, period, place and the sentence it came from (`article` drives `text`,
`mentions`, `sentence`, `rates`, `spans`, `metrics`, `naming`, `context`). `importing` turns
reviewed candidates into records to save; `fields` reads what an admin types (on Telegram or
the CLI) into a Fact. Nothing here writes the knowledge file: `knowledge.store` does.
"""
