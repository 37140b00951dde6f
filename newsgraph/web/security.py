"""Hardening every response and request gets: a strict Content-Security-Policy (scripts and
styles only from our own /static, nothing inline, so even a markup bug cannot run injected
code), no MIME sniffing, no framing, no referrer leaking to the sites articles link to; and a
request whose declared body is over the limit is answered before it is read (the routes' own
``max_body_size`` still stops bodies that stream in without, or beyond, a Content-Length)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


class HardeningMiddleware:
    def __init__(
        self, app: ASGIApp, max_body_bytes: int, too_large: Callable[[Request], Awaitable[Response]]
    ):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            response = await self.too_large(Request(scope, receive))
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
