"""Telegram-facing layer: turns updates into engine calls and answers into messages.

`register(app)` is the one ordered list of handlers; handlers.app builds and serves the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

if TYPE_CHECKING:
    from handlers.app import BotApp


def register(app: BotApp) -> None:
    """Every handler, in the order PTB tries them (the first match in a group wins)."""
    # Imported here, not at the top: `import replies.answer` (cli ask) must not load matplotlib.
    from handlers import (
        callbacks,
        charts,
        conversation,
        feedback,
        inline,
        questions,
        subscriptions,
    )

    admins = filters.User(user_id=app.bot_data.settings.admin_ids)
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE  # edits are not asked again

    # Group -2 first of all: an update id seen before (sent twice) goes no further.
    from handlers.protocol import RepeatedUpdates

    app.add_handler(TypeHandler(Update, RepeatedUpdates()), group=-2)
    # Group -1 runs before the others for every update: pick up an edited knowledge file.
    app.add_handler(TypeHandler(Update, questions.refresh_knowledge), group=-1)

    # Commands (in groups also as /cmd@bot, which CommandHandler checks against the bot's name).
    app.add_handler(CommandHandler("start", conversation.start))
    app.add_handler(CommandHandler("help", conversation.help_command))
    app.add_handler(CommandHandler("chiso", conversation.metrics))
    app.add_handler(CommandHandler("nguon", conversation.sources))
    app.add_handler(CommandHandler("theodoi", subscriptions.subscribe_command))
    app.add_handler(CommandHandler("huytheodoi", subscriptions.unsubscribe_command))
    # (admin commands and knowledge uploads go here, before the catch-alls below)
    # Admins (settings.admin_ids) in private chats; each callback checks is_admin again.
    from handlers.admin import common as admin_common
    from handlers.admin import edit as admin
    from handlers.admin import feedback as admin_feedback
    from handlers.admin import importing as admin_import
    from handlers.admin import unanswered as admin_unanswered
    from handlers.admin import upload as admin_upload

    admin_chat = admins & private & new_message
    app.add_handler(CommandHandler("them", admin.add_fact, filters=admin_chat))
    app.add_handler(CommandHandler("sua", admin.edit_fact, filters=admin_chat))
    app.add_handler(CommandHandler("xoa", admin.remove_fact, filters=admin_chat))
    app.add_handler(CommandHandler("hoantac", admin.undo, filters=admin_chat))
    app.add_handler(CommandHandler("xuat", admin.export, filters=admin_chat))
    app.add_handler(CommandHandler("nhap", admin_import.start_import, filters=admin_chat))
    app.add_handler(CommandHandler("huy", admin_import.cancel, filters=admin_chat))
    app.add_handler(
        CommandHandler("chuatraloi", admin_unanswered.list_unanswered, filters=admin_chat)
    )
    app.add_handler(CommandHandler("phanhoi", admin_feedback.list_wrong, filters=admin_chat))
    # The same commands from anyone else (or from an admin in a group): "no permission".
    app.add_handler(
        CommandHandler(admin_common.COMMAND_NAMES, admin_common.deny, filters=new_message)
    )
    # An admin's .json replaces the knowledge file, a .txt is an article to import.
    app.add_handler(MessageHandler(admin_chat & filters.Document.ALL, admin_upload.document))
    # An admin's text: the article or source lines /nhap waits for, else a question as usual.
    app.add_handler(MessageHandler(admin_chat & filters.TEXT & ~filters.COMMAND, admin_import.text))

    app.add_handler(
        MessageHandler(filters.COMMAND & private & new_message, conversation.unknown_command)
    )

    # Questions: any text in private; in groups only @mentions of the bot and replies to it.
    app.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & new_message & questions.ADDRESSED, questions.ask
        )
    )

    # Buttons: one handler per kind in handlers.callbacks (admin buttons can be pressed by
    # whoever sees them: checked inside); a kind without a handler fails here, at start-up.
    pressed = {
        callbacks.QUESTION: questions.press_question,
        callbacks.CHART: charts.send_chart,
        callbacks.DETAILS: questions.press_details,
        callbacks.UP: feedback.press_up,
        callbacks.DOWN: feedback.press_down,
        callbacks.NO_REASON: feedback.press_no_reason,
        callbacks.SUBSCRIBE: subscriptions.press_subscribe,
        callbacks.UNSUBSCRIBE: subscriptions.press_unsubscribe,
        callbacks.DELETE: admin.press_remove,
        callbacks.KEEP: admin.press_keep,
        callbacks.UNDO: admin.press_undo,
        callbacks.IMPORT: admin_import.press,
        callbacks.ALIAS_QUESTION: admin_unanswered.press_question,
        callbacks.ALIAS_METRIC: admin_unanswered.press_metric,
    }
    for kind in callbacks.ALL:
        app.add_handler(CallbackQueryHandler(pressed.pop(kind), pattern=kind.pattern))
    if pressed:
        raise RuntimeError(f"button handlers without a kind in handlers.callbacks: {pressed}")
    app.add_handler(CallbackQueryHandler(questions.press_unknown))

    # Inline mode: "@bot câu hỏi" in any chat.
    app.add_handler(InlineQueryHandler(inline.inline_query))

    # Anything else sent privately (stickers, photos, voice, files — but not an admin's file).
    app.add_handler(
        MessageHandler(
            private & new_message & filters.ATTACHMENT & ~(filters.Document.ALL & admins),
            conversation.text_only,
        )
    )

    # Errors: log the traceback, apologise to the user, stop on a Conflict.
    from handlers.app import on_error

    app.add_error_handler(on_error)
