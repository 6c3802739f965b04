"""Requests to a vendor listener, as a vendor's SDK sends them (standard library; no proxy)."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from typing import Any, Mapping

_HANDLERS: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]


def call(
    method: str,
    url: str,
    body: Any = None,
    *,
    headers: Mapping[str, str] | None = None,
    tls: ssl.SSLContext | None = None,
) -> tuple[int, Any, Mapping[str, str]]:
    """``(status, JSON body or text, headers)``; error statuses are answers too."""
    data = json.dumps(body).encode() if body is not None else None
    sent = {"accept": "application/json", **({"content-type": "application/json"} if data else {}), **(headers or {})}
    opener = urllib.request.build_opener(*_HANDLERS, urllib.request.HTTPSHandler(context=tls))
    req = urllib.request.Request(url, data=data, method=method, headers=sent)
    try:
        with opener.open(req, timeout=10) as res:
            return res.status, _body(res.read()), res.headers
    except urllib.error.HTTPError as e:
        return e.code, _body(e.read()), e.headers


def trusting(pem: str) -> ssl.SSLContext:
    """A TLS context that trusts the emulator's certificate (and nothing else)."""
    return ssl.create_default_context(cadata=pem)


def _body(raw: bytes) -> Any:
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text
