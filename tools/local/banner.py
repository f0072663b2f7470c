"""What `make run` (and `make watch`) print once the stack is up: where everything is, three commands to paste,
and how to stop."""

from __future__ import annotations

import shlex

SAMPLE_PRODUCT = '{"name":"Desk lamp","price":39.90,"category":"lighting","tags":["desk"]}'


# Pasted in the repository, this asks the running stack's issuer for a fresh write token.
TOKEN_COMMAND = "make -s token"


def curl_commands(api_url: str, token: str | None = None, token_command: str | None = None) -> list[str]:
    """Health, a create (with the bearer token when the API needs one: a literal `token`, or a shell command
    that prints one), and a list."""
    create = f"curl -s -X POST {api_url}/products -H 'Content-Type: application/json'"
    if token:
        create += f" -H {shlex.quote('Authorization: Bearer ' + token)}"
    elif token_command:
        create += f' -H "Authorization: Bearer $({token_command})"'
    create += f" -d {shlex.quote(SAMPLE_PRODUCT)}"
    return [f"curl -s {api_url}/health", create, f"curl -s '{api_url}/products?limit=5'"]


def banner(stack, token: str | None = None, stop_hint: str = "Ctrl-C stops everything.") -> str:
    api = stack.api_url
    lines = [
        "",
        "Products API (local stack)",
        f"  API              {api}  (stage {stack.api.events.stage})",
        f"  Swagger UI       {api}/docs",
        f"  OpenAPI (JSON)   {api}/openapi.json",
        f"  Runtime API      http://{stack.runtime.address}  (bootstrap pid {stack.runtime.process_id})",
        f"  DynamoDB (moto)  {stack.moto_endpoint}  table {stack.table_name!r}  (moto pid {stack.moto.pid})",
        f"  function         {stack.function.function_name}, timeout {stack.function.timeout_seconds}s, {stack.function.memory_mb} MB",
        *([f"  token issuer     {stack.issuer.url}  (`make token` prints a write token)"] if getattr(stack, "issuer", None) else []),
        *([f"  X-Ray collector  udp://{stack.xray.address}  (one line per traced request below)"] if getattr(stack, "xray", None) else []),
        "",
        "Try it:",
        *(f"  {command}" for command in curl_commands(api, token, TOKEN_COMMAND if getattr(stack, "issuer", None) else None)),
        "",
        stop_hint,
        "",
    ]
    return "\n".join(lines)
