"""What the bot says: an Answer → Telegram HTML text, button specs and chart PNGs.

No `telegram` import: `handlers/` and `cli/` both render through here. Every dynamic string is
escaped; numbers are written the Vietnamese way.
"""
