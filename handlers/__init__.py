"""Telegram-facing layer: turns updates into engine calls and answers into messages."""
