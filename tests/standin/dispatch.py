"""One Bot API call, answered: an injected fault first, then the method, and everything recorded
in the world's log for tests to read."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable

from tests.standin.faults import reply_instead
from tests.standin.methods import METHODS, ClientGone
from tests.standin.records import JSON, ApiError, RecordedRequest, Reply, UploadedFile
from tests.standin.state import World

_CANONICAL = {name.lower(): name for name in METHODS}  # Telegram method names ignore case


def answer(
    world: World,
    stopping: threading.Event,
    token: str,
    method_name: str,
    params: JSON,
    files: dict[str, UploadedFile],
    alive: Callable[[], bool],
) -> Reply:
    """The reply to one call; ``stopping`` cuts a "slow" fault short when the server stops."""
    log = world.log
    method = _CANONICAL.get(method_name.lower(), method_name)
    record = RecordedRequest(method, params, files, token, time.time())
    with world.lock:
        if token:
            world.tokens.add(token)
        fault = world.faults.take(method, log.faults_served) if token else None
        instead = reply_instead(fault) if fault is not None else None
        if instead is not None:
            record.status = instead.get("status", 0)  # 0: the connection was dropped
            log.requests.append(record)
            world.lock.notify_all()
            return instead
    if fault is not None and fault.kind == "slow":
        stopping.wait(fault.delay)

    with world.lock:
        try:
            if not token:  # "/bot/getMe": Telegram answers an empty token like a bad path
                raise ApiError("Not Found", 404)
            if method not in METHODS:
                raise ApiError("Not Found: method not found", 404)
            result = copy.deepcopy(METHODS[method](world, record, alive))
        except ClientGone:
            return {"drop": True}
        except ApiError as error:
            record.status, record.error = error.code, error.description
            log.requests.append(record)
            if 400 <= error.code < 500:
                log.rejected.append(record)
            world.lock.notify_all()
            return {"status": error.code, "body": error.body()}
        record.result = result
        log.requests.append(record)
        if method == "getUpdates":
            world.poll_count += 1
        else:
            log.sent.append(record)
        world.lock.notify_all()
    if fault is not None and fault.kind == "drop_after":
        return {"drop": True}
    return {"status": 200, "body": {"ok": True, "result": result}}
