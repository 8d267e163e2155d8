"""Keeping the knowledge file safe: validated snapshots, locked atomic writes, history and undo.

Takes the JSON file on disk (TinyDB tables) and gives an immutable, validated `snapshot.Knowledge`
with the lookups the engine needs. `knowledge_file.KnowledgeStore` writes under a cross-process lock
(temp file, fsync, rename, backups) and reloads on change; `history` records each change so it can
be undone; `tables` is the raw JSON format; `unanswered` logs questions the bot could not answer.
"""
