"""A local OAuth 2.0 token issuer for the local stack and the tests, shaped like a Cognito user pool: RS256 keys
made at start, the JWKS at `/.well-known/jwks.json` and a client-credentials token endpoint at `/oauth2/token`,
on loopback only. Tokens are minted with PyJWT (an independent implementation, not ours).

    issuer = LocalIssuer().start()
    token = issuer.mint(scope="products/write")      # or POST issuer.token_url as a client would
    key = issuer.add_key("ES256"); issuer.remove_key(old.kid)  # rotation
    issuer.available = False                         # the JWKS answers 503
    issuer.jwks_status = 429                         # ... or this status (429 with Retry-After: 1)
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import urllib.parse
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from . import httpio

DEFAULT_CLIENT_ID = "local-products-client"
SCOPES = ("products/read", "products/write")


class SigningKey:
    def __init__(self, algorithm: str):
        self.algorithm = algorithm
        self.kid = f"{algorithm.lower()}-{uuid.uuid4().hex[:12]}"
        if algorithm == "RS256":
            self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        elif algorithm == "ES256":
            self.private = ec.generate_private_key(ec.SECP256R1())
        else:
            raise ValueError(f"unsupported algorithm {algorithm}")

    def jwk(self) -> dict:
        algorithm = jwt.algorithms.RSAAlgorithm if self.algorithm == "RS256" else jwt.algorithms.ECAlgorithm
        document = json.loads(algorithm.to_jwk(self.private.public_key()))
        document.update({"kid": self.kid, "use": "sig", "alg": self.algorithm})
        return document


class LocalIssuer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, client_id: str = DEFAULT_CLIENT_ID, client_secret: str | None = None,
                 algorithm: str = "RS256"):
        self.host = host
        self.port = port
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.available = True
        # What the JWKS answers while `available`: 200 with the keys, or this error status.
        self.jwks_status = 200
        self.jwks_requests = 0
        # Each JWKS request's X-Amzn-Trace-Id (None without one), in arrival order.
        self.jwks_trace_headers: list[str | None] = []
        self._lock = threading.Lock()
        self.keys: list[SigningKey] = [SigningKey(algorithm)]
        self._server: httpio.QuietThreadingHTTPServer | None = None

    # Addresses ---------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The issuer (`iss`); the function's AUTH_ISSUER."""
        return f"http://{self.host}:{self.port}"

    @property
    def jwks_url(self) -> str:
        return self.url + "/.well-known/jwks.json"

    @property
    def token_url(self) -> str:
        return self.url + "/oauth2/token"

    def function_environment(self) -> dict[str, str]:
        return {"AUTH_MODE": "jwt", "AUTH_ISSUER": self.url, "AUTH_AUDIENCE": self.client_id}

    # Keys --------------------------------------------------------------------------------------------------
    def add_key(self, algorithm: str = "RS256") -> SigningKey:
        key = SigningKey(algorithm)
        with self._lock:
            self.keys.append(key)
        return key

    def remove_key(self, kid: str) -> None:
        with self._lock:
            self.keys = [key for key in self.keys if key.kid != kid]

    @property
    def current_key(self) -> SigningKey:
        with self._lock:
            return self.keys[-1]

    def jwks(self) -> dict:
        with self._lock:
            return {"keys": [key.jwk() for key in self.keys]}

    # Tokens ------------------------------------------------------------------------------------------------
    def claims(self, scope: str | None = " ".join(SCOPES), lifetime: int = 3600, **overrides) -> dict:
        """A Cognito client-credentials access token's claims (`sub` is the client id)."""
        now = int(time.time())
        claims = {
            "sub": self.client_id, "token_use": "access", "scope": scope, "auth_time": now, "iss": self.url,
            "exp": now + lifetime, "iat": now, "version": 2, "jti": str(uuid.uuid4()), "client_id": self.client_id,
        }
        if scope is None:
            del claims["scope"]
        claims.update(overrides)
        return {name: value for name, value in claims.items() if value is not None}

    def mint(self, scope: str | None = " ".join(SCOPES), key: SigningKey | None = None, headers: dict | None = None, **claims) -> str:
        """Signed with `key` (default: the newest published one), which need not be published any more."""
        key = key or self.current_key
        return jwt.encode(self.claims(scope, **claims), key.private, algorithm=key.algorithm, headers={"kid": key.kid, **(headers or {})})

    # Server ------------------------------------------------------------------------------------------------
    def start(self) -> "LocalIssuer":
        issuer = self

        class Handler(httpio.KeepAliveHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.split("?")[0] != "/.well-known/jwks.json":
                    return httpio.send_json(self, 404, {"error": "not_found"})
                with issuer._lock:
                    issuer.jwks_requests += 1
                    issuer.jwks_trace_headers.append(self.headers.get("X-Amzn-Trace-Id"))
                if not issuer.available:
                    return httpio.send_json(self, 503, {"error": "unavailable"})
                if issuer.jwks_status == 429:
                    return httpio.send_json(self, 429, {"error": "too_many_requests"}, {"Retry-After": "1"})
                if issuer.jwks_status != 200:
                    return httpio.send_json(self, issuer.jwks_status, {"error": "refused"})
                httpio.send_json(self, 200, issuer.jwks(), {"Cache-Control": "max-age=300"})

            def do_POST(self) -> None:
                body, _ = httpio.read_body(self, limit=64 * 1024)
                if self.path.split("?")[0] != "/oauth2/token":
                    return httpio.send_json(self, 404, {"error": "not_found"})
                status, answer = issuer.token_response(self.headers.get("Authorization"), body)
                httpio.send_json(self, status, answer, {"Cache-Control": "no-store"})

        self._server = httpio.QuietThreadingHTTPServer((self.host, self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="local-issuer", daemon=True).start()
        return self

    def token_response(self, authorization: str | None, body: bytes) -> tuple[int, dict]:
        """RFC 6749 §4.4 client credentials, as Cognito's /oauth2/token answers it."""
        form = {name: values[-1] for name, values in urllib.parse.parse_qs(body.decode("utf-8", "replace")).items()}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.lower().startswith("basic "):
            try:
                client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
            except ValueError:
                return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type"}
        if client_id != self.client_id or not secrets.compare_digest(client_secret or "", self.client_secret):
            return 401, {"error": "invalid_client"}
        scopes = (form.get("scope") or " ".join(SCOPES)).split()
        if any(scope not in SCOPES for scope in scopes):
            return 400, {"error": "invalid_scope"}
        return 200, {"access_token": self.mint(" ".join(scopes)), "expires_in": 3600, "token_type": "Bearer"}

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "LocalIssuer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def add_bearer(event: dict, token: str) -> dict:
    """A copy of an API Gateway / ALB / function URL event carrying `Authorization: Bearer <token>`, unless it
    already has an Authorization header (then it is returned unchanged)."""
    event = json.loads(json.dumps(event))
    headers = event.get("headers") or {}
    multi = event.get("multiValueHeaders")
    if any(name.lower() == "authorization" for name in list(headers) + list(multi or {})):
        return event
    # HTTP API v2 and function URLs lower-case header names; REST and ALB keep the client's spelling.
    name = "authorization" if event.get("version") == "2.0" else "Authorization"
    headers[name] = f"Bearer {token}"
    event["headers"] = headers
    if isinstance(multi, dict):
        multi[name] = [f"Bearer {token}"]
    return event
