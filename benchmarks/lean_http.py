"""A lean HTTP/1.1 client for the load generator: keep-alive connections over asyncio streams.

The loads run on the services' own two cores, so every millisecond the client spends on a
request is taken from the services it measures. httpx cost about 2.2 ms of CPU per
``POST /v1/campaigns``, more than half of the registry's own; this client writes the request
and reads the answer with a few string operations. It speaks only what the loads need:
``Content-Length`` or chunked answers, JSON or empty bodies, one request at a time per
connection. Multipart uploads (the imports) still go through httpx.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@dataclass(frozen=True, slots=True)
class LeanResponse:
    status_code: int
    content: bytes


class LeanClient:
    """At most ``max_connections`` open connections per host, reused while the server keeps
    them alive."""

    def __init__(self, max_connections: int = 32) -> None:
        self._max_connections = max_connections
        self._idle: dict[tuple[str, int], list[Connection]] = {}
        self._slots: dict[tuple[str, int], asyncio.Semaphore] = {}

    async def request(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes = b"",
        params: dict[str, object] | None = None,
    ) -> LeanResponse:
        parts = urlsplit(url)
        address = (parts.hostname or "127.0.0.1", parts.port or 80)
        target = parts.path + (f"?{urlencode(params)}" if params else "")
        head = [f"{method} {target} HTTP/1.1", f"Host: {address[0]}:{address[1]}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        if body or method != "GET":
            head.append(f"Content-Length: {len(body)}")
        message = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        slots = self._slots.setdefault(address, asyncio.Semaphore(self._max_connections))
        async with slots:
            response, keep, connection = await self._answered(address, message)
            if keep:
                self._idle.setdefault(address, []).append(connection)
            else:
                connection[1].close()
            return response

    async def _answered(
        self, address: tuple[str, int], message: bytes
    ) -> tuple[LeanResponse, bool, Connection]:
        connection, reused = await self._connection(address)
        while True:
            try:
                response, keep = await _exchange(connection, message)
                return response, keep, connection
            except BaseException as error:
                connection[1].close()
                if not (reused and _closed_while_idle(error)):
                    raise
            # The server closed the idle connection (its keep-alive timeout) before it read
            # this request: send it again on a new connection, as HTTP clients do.
            connection, reused = await asyncio.open_connection(*address), False

    async def __aenter__(self) -> LeanClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for _, writer in connections:
                writer.close()
        self._idle.clear()

    async def _connection(self, address: tuple[str, int]) -> tuple[Connection, bool]:
        """A kept-alive connection (``True``) or a new one."""
        idle = self._idle.get(address)
        if idle:
            return idle.pop(), True
        return await asyncio.open_connection(*address), False


def _closed_while_idle(error: BaseException) -> bool:
    if isinstance(error, asyncio.IncompleteReadError):
        return not error.partial
    return isinstance(error, ConnectionError)


async def _exchange(connection: Connection, message: bytes) -> tuple[LeanResponse, bool]:
    """Send one request, read its answer; whether the connection may be used again."""
    reader, writer = connection
    writer.write(message)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
    if fields.get("transfer-encoding", "").lower() == "chunked":
        content = await _chunked(reader)
    else:
        content = await reader.readexactly(int(fields.get("content-length", "0")))
    keep = fields.get("connection", "").lower() != "close" and lines[0].startswith("HTTP/1.1")
    return LeanResponse(status, content), keep


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
        if size == 0:
            await _trailer(reader)
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)


async def _trailer(reader: asyncio.StreamReader) -> None:
    """The trailer section after the last chunk: header lines, then an empty line."""
    while (await reader.readuntil(b"\r\n")) != b"\r\n":
        pass
