"""The Telegram Application: built from Settings alone, served by long polling or a webhook.

build_application(settings) → Application   (tests run it against a Bot API stand-in)
serve(settings) → exit code                  (`python bot.py run`)
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

from handlers.ordering import PerChatOrder
from handlers.protocol import UpdatesRequest
from handlers.services import Context, Services
from settings import Settings

log = logging.getLogger(__name__)

BotApp = Application[Any, Context, dict[Any, Any], dict[Any, Any], Services, Any]
SORRY = "Xin lỗi, đã có lỗi xảy ra khi trả lời. Bạn vui lòng thử lại sau ít phút. 🙏"
CONFLICT = (
    "another instance is polling this token (Telegram answered 409 Conflict); stopping this one"
)
NETWORK_RETRIES = 3  # extra attempts of a call that failed with a 5xx or a dropped connection
RATE_LIMIT_RETRIES = 3  # attempts after a 429 (each waits Telegram's retry_after)


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (Telegram's flood limits, waits out 429s) that also retries transient
    failures: an HTTP 5xx or a connection dropped before any answer. Not timeouts, not 4xx."""

    async def process_request(
        self,
        callback: Any,
        args: Any,
        kwargs: Any,
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        for attempt in range(NETWORK_RETRIES + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except NetworkError as error:
                # BadRequest and TimedOut are NetworkErrors too: a bad request stays bad, and a
                # timed-out call may have been executed, so repeating it could send twice.
                if type(error) is not NetworkError or attempt == NETWORK_RETRIES:
                    raise
                log.warning(
                    "%s failed (%s); retrying (%d/%d)",
                    endpoint,
                    error,
                    attempt + 1,
                    NETWORK_RETRIES,
                )
                await asyncio.sleep(0.25 * 2**attempt)
        raise AssertionError("unreachable")


def file_url(settings: Settings) -> str | None:
    """base_file_url, or the one a self-hosted Bot API server has next to base_url."""
    if settings.base_file_url:
        return settings.base_file_url
    if settings.base_url and settings.base_url.rstrip("/").endswith("/bot"):
        return settings.base_url.rstrip("/")[: -len("/bot")] + "/file/bot"
    return None


def build_application(settings: Settings, services: Services | None = None) -> BotApp:
    """An Application with every handler registered; nothing runs until it is started."""
    from handlers import register

    if not settings.token:
        raise ValueError("build_application needs settings.token")
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                allow_sending_without_reply=True,
                # answers quote their article: no big preview card under each
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(RetryingRateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .context_types(ContextTypes(bot_data=Services))
        .concurrent_updates(PerChatOrder())
        .get_updates_request(UpdatesRequest())  # an unreadable update never blocks the others
        .post_init(post_init)
        .post_stop(post_stop)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if (files := file_url(settings)) is not None:
        builder = builder.base_file_url(files)
    app: BotApp = builder.build()
    # ContextTypes can only create an empty Services; put the configured one in its place, as
    # PTB itself does when it loads persisted bot_data.
    app.bot_data = services or Services.from_settings(settings)
    register(app)
    return app


async def post_init(app: BotApp) -> None:
    """Once connected (run_polling/run_webhook only): publish the command menu in Vietnamese;
    admins see their own commands too, in their private chat with the bot."""
    from handlers import watch
    from handlers.admin import common as admin_common
    from handlers.conversation import COMMANDS

    watch.start(app.bot_data, app.bot)
    try:
        await app.bot.set_my_commands(COMMANDS)
    except TelegramError as error:
        log.warning("could not set the bot's commands: %s", error)
    for admin in app.bot_data.settings.admin_ids:
        try:  # fails until the admin has opened a chat with the bot: they still have /help
            await app.bot.set_my_commands(
                [*COMMANDS, *admin_common.COMMANDS], scope=BotCommandScopeChat(admin)
            )
        except TelegramError as error:
            log.warning("could not set the admin commands for %s: %s", admin, error)


async def post_stop(app: BotApp) -> None:
    """Stop the background watcher before the bot disconnects."""
    from handlers import watch

    await watch.stop(app.bot_data)


async def on_error(update: object, context: Context) -> None:
    """Log the traceback; tell the user something went wrong; stop on a polling Conflict."""
    error = context.error
    if isinstance(error, Conflict):
        services = context.bot_data
        if not services.conflict:
            services.conflict = True
            log.error(CONFLICT)
            context.application.stop_running()
        return
    if update is None and isinstance(error, NetworkError | TimedOut):
        log.warning("polling Telegram failed, PTB retries: %s", error)
        return
    if isinstance(error, TimedOut):
        # the request may well have been carried out (a reply that arrived late): an apology
        # would be a second message after the answer
        log.warning("a request timed out while handling an update: %s", error)
        return
    log.error("error while handling an update", exc_info=error)
    if isinstance(update, Update) and update.effective_chat and not update.inline_query:
        try:
            await context.bot.send_message(update.effective_chat.id, SORRY)
        except TelegramError as send_error:
            log.warning("could not tell the user about the error: %s", send_error)


class RedactToken(logging.Filter):
    """Replace the bot token in every log record (httpx logs request URLs, which contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


def protect_logs(token: str) -> None:
    """No token in the logs: quiet httpx's per-request lines and redact whatever remains."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redact = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


def _webhook_secret(settings: Settings) -> str:
    """The configured secret, else one generated once and kept owner-only in the data folder:
    a webhook without a secret would take forged updates "from" any admin."""
    if settings.webhook_secret:
        return settings.webhook_secret
    from knowledge.store.data_folder import webhook_secret

    secret, path, created = webhook_secret(settings.data_dir)
    log.warning(
        "webhook.secret_token is not set: %s the secret kept in %s",
        "generated" if created else "using",
        path,
    )
    return secret


def serve(settings: Settings) -> int:
    """Run the bot until SIGINT/SIGTERM; non-zero if another instance polls the same token."""
    if not settings.token:
        log.error("no token: set TELEGRAM_BOT_TOKEN or telegram.token in config.toml")
        return 2
    protect_logs(settings.token)
    app = build_application(settings)
    allowed = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
    try:
        if settings.mode == "webhook":
            if not settings.webhook_url:
                log.error("telegram.mode = 'webhook' needs webhook.url")
                return 2
            app.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=_webhook_secret(settings),
                allowed_updates=allowed,
            )
        else:
            app.run_polling(allowed_updates=allowed)
    except InvalidToken:
        log.error("Telegram refused the token (check TELEGRAM_BOT_TOKEN)")
        return 1
    return 1 if app.bot_data.conflict else 0
