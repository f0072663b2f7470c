"""tools/local/compression.py: API Gateway's rules for compressing a response."""

from __future__ import annotations

import gzip
import zlib

from tools.local.compression import chosen_coding, compress

BODY = b'{"items": []}' * 200


def test_codings_follow_accept_encoding():
    assert chosen_coding("gzip, deflate, br") == "gzip"
    assert chosen_coding("deflate") == "deflate"
    assert chosen_coding("deflate;q=1.0, gzip;q=0.5") == "deflate"
    assert chosen_coding("gzip;q=0, deflate;q=0") is None
    assert chosen_coding("identity") is None and chosen_coding("br") is None
    assert chosen_coding(None) is None and chosen_coding("") is None


def test_compresses_only_when_enabled_large_enough_and_not_already_encoded():
    headers = [("Content-Type", "application/json")]
    assert compress(None, "gzip", headers, BODY) == (headers, BODY)
    assert compress(len(BODY) + 1, "gzip", headers, BODY) == (headers, BODY)
    encoded = [("Content-Encoding", "br")]
    assert compress(0, "gzip", encoded, BODY) == (encoded, BODY)
    new_headers, body = compress(len(BODY), "gzip", headers, BODY)
    assert ("Content-Encoding", "gzip") in new_headers and gzip.decompress(body) == BODY
    new_headers, body = compress(0, "deflate", headers, BODY)
    assert ("Content-Encoding", "deflate") in new_headers and zlib.decompress(body) == BODY
