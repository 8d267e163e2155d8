"""Admin handlers: editing, importing, uploads and unanswered questions, for admin ids only.

Each handler checks the sender again (buttons can be pressed by anyone who sees them) and calls
engine and store methods, never their internals.
"""
