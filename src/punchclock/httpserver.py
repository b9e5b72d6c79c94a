"""uvicorn's HTTP protocol with limits on the request head, for `punchclock serve` served directly.

Notes:
httptools (uvicorn's fast parser) accepts a request line and headers of any size: an 8 MiB header was
taken, and sixteen slow 32 MiB ones held 590 MiB. Bytes are counted as they arrive, while the head is
still being read, so a head over ``max_header_bytes`` (or one with more than ``max_headers`` fields)
is answered 431 and the connection closed before it can grow; a body is never counted. The limits
come from the settings through the environment, like everything else a worker knows.
"""

from __future__ import annotations

import os

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

STATUS = b"HTTP/1.1 431 Request Header Fields Too Large\r\n"


class HeaderLimitExceeded(Exception):
    pass


def _limit(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    max_header_bytes = _limit("PUNCHCLOCK_MAX_HEADER_BYTES", 65536)
    max_headers = _limit("PUNCHCLOCK_MAX_HEADERS", 100)

    _head_bytes = 0
    _in_head = True
    _header_count = 0
    _too_large = False

    def data_received(self, data: bytes) -> None:
        if self._too_large:
            return
        super().data_received(data)
        if self._in_head and not self._too_large:
            # The head did not end in this chunk: all of it was head.
            self._head_bytes += len(data)
            if self._head_bytes > self.max_header_bytes:
                self._reject()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        self._header_count = 0

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > self.max_headers:
            self._too_large = True
            raise HeaderLimitExceeded()
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        if self._too_large:
            self._reject()
            return
        super().send_400_response(msg)

    def _reject(self) -> None:
        self._too_large = True
        body = orjson.dumps(
            {
                "error": "Request header fields too large",
                "message": f"The request line and headers exceed {self.max_header_bytes} bytes "
                f"or {self.max_headers} fields",
                "code": "headers_too_large",
                "error_code": "headers_too_large",
            }
        )
        head = [
            STATUS,
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        if not self.transport.is_closing():
            self.transport.write(b"".join(head) + body)
            self.transport.close()
