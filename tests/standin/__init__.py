"""A Bot API stand-in on 127.0.0.1 for end-to-end tests through the real PTB HTTP stack.

Tests take the ``api`` fixture (fixtures.py) and use ``BotApiStandIn`` (server.py); the rest is
split by concern:

  server.py     BotApiStandIn: start/stop, what tests read and wait for, fail_next
  users.py      the users' side: push_message, push_command, push_callback, push_document, …
  methods.py    the Bot API methods the bot calls, checked as Telegram checks them (METHODS)
  checks.py     shared checks: formatted text (HTML, UTF-16 limits), inline keyboards (64 bytes)
  markup.py     Telegram HTML parsed as tdlib parses it, with Telegram's error texts
  state.py      World: chats, messages, files, pending updates, the log, one lock
  dispatch.py   one call: fault, then method, then record
  faults.py     the injected failures (429, 500, dropped connections, slow answers)
  records.py    limits and defaults, RecordedRequest and the log, ApiError
  media.py      image sizes and a tiny PNG
  transport.py  HTTP: request decoding and the threaded HTTP/1.1 server
  ptb.py        PTB wired to the stand-in (build_application, polling), for tests and bench
  fixtures.py   the api fixture (options: @pytest.mark.standin(privacy_mode=False))
"""
