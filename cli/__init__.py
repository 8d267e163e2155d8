"""Command-line front ends: ask, chat and the admin `kb` commands."""
