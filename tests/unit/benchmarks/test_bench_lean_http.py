"""The load generator's lean HTTP client against a small server written for the test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from benchmarks.lean_http import LeanClient

ANSWERS = {
    b"/length": b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
    b'Content-Length: 11\r\n\r\n{"id": "1"}',
    b"/chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b'4\r\n{"a"\r\n5;ext=1\r\n: 12}\r\n0\r\nX-Trailer: t\r\n\r\n',
    b"/close": b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
    b"/idle-timeout": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
}
CLOSED_AFTER = (b"/close", b"/idle-timeout")
"""The server closes the connection after answering these (the second without saying so, as
a server whose keep-alive timeout passed)."""


class Server:
    def __init__(self) -> None:
        self.connections = 0
        self.requests: list[bytes] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = [
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ]
                body = await reader.readexactly(length[0]) if length else b""
                self.requests.append(head + body)
                path = head.split(b" ")[1].split(b"?")[0]
                writer.write(ANSWERS[path])
                await writer.drain()
                if path in CLOSED_AFTER:
                    break
        except asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()


@pytest.fixture
async def server() -> AsyncIterator[tuple[Server, str]]:
    state = Server()
    listening = await asyncio.start_server(state.handle, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    try:
        yield state, f"http://127.0.0.1:{port}"
    finally:
        listening.close()


async def test_answers_by_length_and_chunked_on_one_kept_alive_connection(
    server: tuple[Server, str],
) -> None:
    state, base = server
    async with LeanClient() as client:
        created = await client.request("POST", base + "/length", {"X-A": "b"}, b'{"n": 1}')
        chunked = await client.request("GET", base + "/chunked", {}, params={"from": 2016})

    assert (created.status_code, created.content) == (201, b'{"id": "1"}')
    assert (chunked.status_code, chunked.content) == (200, b'{"a": 12}')
    assert state.connections == 1
    post, get = state.requests
    assert post.startswith(b"POST /length HTTP/1.1\r\n")
    assert b"\r\nX-A: b\r\n" in post
    assert b"\r\nContent-Length: 8\r\n" in post
    assert post.endswith(b'\r\n\r\n{"n": 1}')
    assert get.startswith(b"GET /chunked?from=2016 HTTP/1.1\r\n")
    assert b"Content-Length" not in get


async def test_a_connection_the_server_closes_is_not_used_again(
    server: tuple[Server, str],
) -> None:
    state, base = server
    async with LeanClient() as client:
        for _ in range(2):
            answer = await client.request("GET", base + "/close", {})
            assert (answer.status_code, answer.content) == (200, b"{}")

    assert state.connections == 2


async def test_concurrent_requests_open_at_most_the_connections_allowed(
    server: tuple[Server, str],
) -> None:
    state, base = server
    async with LeanClient(max_connections=3) as client:
        answers = await asyncio.gather(
            *(client.request("POST", base + "/length", {}, b"{}") for _ in range(20))
        )

    assert {answer.status_code for answer in answers} == {201}
    assert state.connections <= 3


async def test_a_kept_connection_the_server_closed_meanwhile_is_replaced(
    server: tuple[Server, str],
) -> None:
    state, base = server
    async with LeanClient() as client:
        first = await client.request("GET", base + "/idle-timeout", {})
        await asyncio.sleep(0.05)  # the server has closed it; the client does not know yet
        second = await client.request("POST", base + "/length", {}, b"{}")

    assert (first.status_code, second.status_code) == (200, 201)
    assert state.connections == 2
    assert len(state.requests) == 2  # the request was sent again, not twice to the server
