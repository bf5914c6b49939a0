"""The loopback feed server as the tests drive it: a route table to fill, a log of requests.

It is `feeds.demo.wire.LoopbackServer`, the one server the demo and the benchmarks run
(HTTP/1.1 on 127.0.0.1, a free port, silent), answering from `routes`. A `Route` is a
status, headers and body; or `respond`, called with the request headers to build the
answer; or `raw`, which writes the whole answer itself (slow drips, endless bodies).
`rss` and `atom` are the one feed writer, re-exported so a test finds everything here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from feeds.demo.wire import Item, LoopbackServer, Request, Response, Writer, atom, rss

__all__ = ["FeedServer", "Item", "Request", "Route", "atom", "rss"]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    respond: Callable[[Mapping[str, str]], Route] | None = None
    """When set, called with the request headers to build the answer."""
    raw: Writer | None = None
    """When set, writes the whole answer itself (slow drips, endless bodies)."""


NOT_FOUND = Route(404, b"not found")


class FeedServer:
    """Serves `routes` (path, query included -> Route) and records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._server = LoopbackServer(self._answer)

    def _answer(self, request: Request) -> Response | Writer:
        self.requests.append(request)
        route = self.routes.get(request.path, NOT_FOUND)
        if route.respond is not None:
            route = route.respond(request.headers)
        if route.raw is not None:
            return route.raw
        return Response(route.status, route.headers, route.body)

    def url(self, path: str) -> str:
        return self._server.url(path)

    def __enter__(self) -> FeedServer:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()
