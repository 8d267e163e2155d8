"""Charts: the 📈 button sends a PNG of the metric over time, with its sources as the caption."""

from __future__ import annotations

from handlers.app import BotApp
from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from replies.charts import chart_caption, render_chart
from tests.handlers.bot_harness import buttons, sent
from tests.standin.server import PNG_MAGIC, BotApiStandIn, image_size


async def test_chart_button_sends_a_photo(api: BotApiStandIn, bot: BotApp) -> None:
    api.push_message("số người tham gia BHYT")
    [reply] = await api.wait_for_messages_async(1)
    api.push_callback(buttons(reply)["📈 Biểu đồ"])
    [request] = await api.wait_for_async(1, method="sendPhoto", timeout=20)
    assert request.files["photo"].data.startswith(PNG_MAGIC)
    assert "Báo Lạng Sơn" in request.result["caption"]
    assert '<a href="https://baolangson.vn/' in request.params["caption"]
    assert len(sent(api, "answerCallbackQuery")) == 1


def test_chart_is_a_png_with_vietnamese_caption() -> None:
    answer = Engine(load_knowledge(DEFAULT_PATH)).answer("tỷ lệ bao phủ BHYT")
    png = render_chart(answer.history, "Lạng Sơn")
    size = image_size(png)
    assert size is not None and size[0] > 600
    caption = chart_caption(answer.history, "Lạng Sơn")
    assert caption.startswith("📈 <b>Tỷ lệ bao phủ BHYT</b> — Lạng Sơn")
    assert caption.count("📰") == 2 and len(caption) <= 1024
