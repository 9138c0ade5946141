"""A plain generator streamed through Django's ASGI handler (a mounted app under uvicorn).

Django's handler iterates the response with ``async for``: the generator must
then run in Django's sync thread, as a sync view does, not on the event loop,
where a blocking read would stall every connection and the ORM refuses to run
(found by the soak's uvicorn leg: the blog's streamed export failed mid-body).
"""

from __future__ import annotations

import asyncio
import threading
import typing as t

from flaskish import Response


def test_a_plain_generator_is_iterated_off_the_event_loop() -> None:
    seen: list[tuple[bool, int]] = []

    def body() -> t.Iterator[str]:
        for index in range(3):
            try:
                asyncio.get_running_loop()
                on_loop = True
            except RuntimeError:
                on_loop = False
            seen.append((on_loop, threading.get_ident()))
            yield f"part {index}\n"

    async def consume() -> tuple[list[bytes], int]:
        response = Response(body())
        return [part async for part in response], threading.get_ident()

    parts, loop_thread = asyncio.run(consume())
    assert parts == [b"part 0\n", b"part 1\n", b"part 2\n"]
    assert [on_loop for on_loop, _ in seen] == [False, False, False]
    assert all(thread != loop_thread for _, thread in seen)
    assert len({thread for _, thread in seen}) == 1  # one thread throughout, as Django's views


def test_a_whole_body_needs_no_thread() -> None:
    async def consume() -> list[bytes]:
        return [part async for part in Response("whole")]

    assert asyncio.run(consume()) == [b"whole"]
