"""HTTP for the stand-in: request bodies decoded as the Bot API server decodes them (form,
multipart, JSON), file downloads, and a threaded HTTP/1.1 server that keeps connections alive
like api.telegram.org and can cut them (the "drop" faults)."""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import re
import select
import socket
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from tests.standin.records import JSON, Reply, UploadedFile, bad_request

# Form values arrive as strings; these field names are JSON documents, numbers or flags.
# fmt: off
_JSON_FIELDS = frozenset({
    "reply_markup", "results", "commands", "allowed_updates", "entities", "caption_entities",
    "reply_parameters", "link_preview_options", "scope",
})
# fmt: on
_INT_FIELDS = frozenset(
    {"chat_id", "message_id", "user_id", "limit", "timeout", "offset", "cache_time"}
)
# fmt: off
_BOOL_FIELDS = frozenset({
    "disable_notification", "protect_content", "show_alert", "is_personal",
    "drop_pending_updates", "allow_sending_without_reply",
})
# fmt: on
_BOT_PATH = re.compile(r"/bot([^/]*)/([A-Za-z0-9_]+)/?")
_FILE_PATH = re.compile(r"/file/bot([^/]+)/(.+)")


class Backend(Protocol):
    """What the HTTP layer needs from the stand-in."""

    def handle(
        self,
        token: str,
        method_name: str,
        params: JSON,
        files: dict[str, UploadedFile],
        alive: Any,
    ) -> Reply: ...

    def file_for_path(self, path: str) -> bytes | None: ...

    def connection_opened(self, connection: socket.socket) -> None: ...

    def connection_closed(self, connection: socket.socket) -> None: ...


def _coerce(name: str, value: str) -> Any:
    if name in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value  # validation reports it in Telegram's words
    if name in _INT_FIELDS and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    if name in _BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


def parse_body(
    content_type: str, body: bytes, query: str = ""
) -> tuple[JSON, dict[str, UploadedFile]]:
    """Decode a Bot API request body (form, multipart or JSON) into typed params and files."""
    params: JSON = {}
    files: dict[str, UploadedFile] = {}
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        params[name] = _coerce(name, value)
    mime = content_type.split(";")[0].strip().lower()
    if mime == "application/json" and body:
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise ValueError("the JSON body must be an object")
        params.update(decoded)
    elif mime == "multipart/form-data":
        header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
        if not message.is_multipart():
            raise ValueError("malformed multipart body")
        for part in message.iter_parts():
            field_name = part.get_param("name", header="content-disposition")
            if not isinstance(field_name, str):
                continue
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            filename = part.get_filename()
            if filename is None and part.get_content_type() == "text/plain":
                params[field_name] = _coerce(field_name, data.decode("utf-8"))
            else:
                files[field_name] = UploadedFile(
                    field_name, filename, part.get_content_type(), data
                )
    elif body:  # application/x-www-form-urlencoded, PTB's default
        for name, value in urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            params[name] = _coerce(name, value)
    return params, files


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler stuck on a dead client must not block interpreter exit
    # socketserver's default listen backlog is 5: a bot opening many connections at once (one
    # per concurrently handled chat) would see resets no real Bot API server gives.
    request_queue_size = 512

    def __init__(self, backend: Backend) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.backend = backend


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 so httpx can keep connections alive, like it does with api.telegram.org.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without TCP_NODELAY the body waits for the client's
    # delayed ACK (~40 ms per request on Linux loopback).
    disable_nagle_algorithm = True
    server: Server

    def setup(self) -> None:
        super().setup()
        self.server.backend.connection_opened(self.connection)

    def finish(self) -> None:
        self.server.backend.connection_closed(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging; the stand-in's records say more."""

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        file_match = _FILE_PATH.fullmatch(path)
        if file_match:
            data = self.server.backend.file_for_path(urllib.parse.unquote(file_match.group(2)))
            if data is None:
                self._send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            else:
                self._send(200, data, "application/octet-stream")
            return
        self._serve_api()

    def do_POST(self) -> None:
        self._serve_api()

    def _serve_api(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        body = self._read_body()
        match = _BOT_PATH.fullmatch(url.path)
        if match is None:
            self._send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = urllib.parse.unquote(match.group(1)), match.group(2)
        try:
            params, files = parse_body(self.headers.get("Content-Type", ""), body, url.query)
        except (ValueError, UnicodeDecodeError) as error:
            self._send_json(400, bad_request(f"can't parse request: {error}").body())
            return
        reply = self.server.backend.handle(token, method, params, files, self._client_alive)
        if reply.get("drop"):
            self.close_connection = True  # no response at all; the client sees a dead peer
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._send_json(reply["status"], reply["body"])

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _client_alive(self) -> bool:
        """False once the client closed its end (readable with nothing to read)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return not readable or bool(self.connection.recv(1, socket.MSG_PEEK))
        except OSError:
            return False

    def _send_json(self, status: int, body: JSON) -> None:
        self._send(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client went away; nothing to tell it
            self.close_connection = True
