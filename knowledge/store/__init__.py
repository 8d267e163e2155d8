"""Keeping the knowledge file safe: validated snapshots, locked atomic writes, history and undo.

Takes the JSON file on disk (TinyDB tables) and gives an immutable, validated `snapshot.Knowledge`
with the lookups the engine needs. `data_folder` says where runtime data lives (outside the
source tree) and seeds it; `json_file` and `tables` read the file strictly (duplicate keys, deep
nesting, odd ids are refused with their place) and `schema` migrates older formats.
`knowledge_file.KnowledgeStore` changes it under a cross-process lock and reloads on change;
`journal` commits each change as backup → history entry (with file hashes) → rename, so undo can
trust `history` / `history_log`; `atomic_files` replaces files whole and keeps backups;
`conflicts` finds figures two sources give differently; `unanswered`, `feedback` and
`subscriptions` keep users' data in the data folder.
"""
