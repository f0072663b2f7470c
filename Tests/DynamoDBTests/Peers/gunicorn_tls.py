"""gunicorn settings for the HTTPS peers: one SSLContext for every connection, as production TLS servers
(and AWS endpoints) keep one, so a client's new connection can resume its TLS session. gunicorn's default
builds a new context, with new session-ticket keys, for each connection, which makes resumption impossible."""

_context = None


def ssl_context(conf, default_ssl_context_factory):
    global _context
    if _context is None:
        _context = default_ssl_context_factory()
    return _context
