"""API Gateway's response compression (REST API `MinimumCompressionSize`), as the local API applies it.

API Gateway compresses only when all hold: compression is enabled (a minimum size is set), the request's
Accept-Encoding names a coding it supports (gzip, deflate; `identity` and a missing header mean none), the
integration response has no Content-Encoding of its own, and the body is at least the minimum size.
"""

from __future__ import annotations

import gzip
import zlib

SUPPORTED = ("gzip", "deflate")


def chosen_coding(accept_encoding: str | None) -> str | None:
    """The coding to use: the supported one with the highest q-value (gzip first on a tie), or None."""
    if not accept_encoding:
        return None
    weights: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, parameters = part.strip().partition(";")
        name = name.strip().lower()
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _, value = parameter.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name in SUPPORTED:
            weights[name] = quality
    candidates = [name for name in SUPPORTED if weights.get(name, 0.0) > 0.0]
    return max(candidates, key=lambda name: weights[name]) if candidates else None


def compress(
    minimum_size: int | None, accept_encoding: str | None, headers: list[tuple[str, str]], body: bytes
) -> tuple[list[tuple[str, str]], bytes]:
    """The response as API Gateway would send it: compressed with Content-Encoding set, or unchanged."""
    if minimum_size is None or len(body) < minimum_size:
        return headers, body
    if any(name.lower() == "content-encoding" for name, _ in headers):
        return headers, body
    coding = chosen_coding(accept_encoding)
    if coding is None:
        return headers, body
    # mtime=0: the same body always compresses to the same bytes.
    compressed = gzip.compress(body, mtime=0) if coding == "gzip" else zlib.compress(body)
    kept = [(name, value) for name, value in headers if name.lower() != "content-length"]
    return kept + [("Content-Encoding", coding)], compressed
