"""`requests` with a bearer token: what a real API client sends. The e2e stack runs with AUTH_MODE=jwt and a
local issuer, so every write carries `Authorization: Bearer <token>` from the issuer's token endpoint.

    from authorized import api
    api.post(f"{api_url}/products", json=...)   # same signature as requests.post
"""

from __future__ import annotations

import requests


class Authorized:
    def __init__(self) -> None:
        self.token: str | None = None

    def request(self, method: str, url: str, headers: dict | None = None, **options) -> requests.Response:
        assert self.token, "the e2e conftest sets the token for the session (fixture write_token)"
        return requests.request(method, url, headers={"Authorization": f"Bearer {self.token}", **(headers or {})}, **options)

    def get(self, url: str, **options) -> requests.Response:
        return self.request("GET", url, **options)

    def post(self, url: str, **options) -> requests.Response:
        return self.request("POST", url, **options)

    def put(self, url: str, **options) -> requests.Response:
        return self.request("PUT", url, **options)

    def patch(self, url: str, **options) -> requests.Response:
        return self.request("PATCH", url, **options)

    def delete(self, url: str, **options) -> requests.Response:
        return self.request("DELETE", url, **options)


api = Authorized()


def client_credentials_token(token_url: str, client_id: str, client_secret: str, scope: str | None = None) -> str:
    """What a machine caller does against Cognito: RFC 6749 §4.4 with HTTP Basic client authentication."""
    form = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    response = requests.post(token_url, data=form, auth=(client_id, client_secret), timeout=10)
    response.raise_for_status()
    return response.json()["access_token"]
