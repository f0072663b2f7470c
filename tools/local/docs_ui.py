"""Swagger UI at /docs for the local stack, from the swagger-ui-bundle package (nothing fetched at run time).

The page loads `/openapi.json`, which the function itself serves (the document built into it), so what the UI
shows is what the running code answers. "Try it out" calls the same origin. When the document declares a
bearer scheme and the stack has a token to offer (`token()` returns one), the Authorize box is filled in.

    api = LocalAPI(invoke, local_routes=[DocsUI(token=issuer_token).serve])
"""

from __future__ import annotations

import json
import mimetypes
import os
from typing import Callable

from swagger_ui_bundle import swagger_ui_path

from . import httpio

PREFIX = "/docs"
DOCUMENT_URL = "/openapi.json"
# The files the page uses; nothing else under the package is served.
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png", "favicon-16x16.png")

INDEX = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Products API – Swagger UI</title>
    <link rel="stylesheet" type="text/css" href="{prefix}/swagger-ui.css">
    <link rel="icon" type="image/png" href="{prefix}/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="{prefix}/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="{prefix}/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script src="{prefix}/initializer.js" charset="UTF-8"></script>
  </body>
</html>
"""

# `token` is null or the local issuer's token; the bearer scheme's name is read from the document.
INITIALIZER = """window.onload = function () {
  const token = %(token)s;
  window.ui = SwaggerUIBundle({
    url: %(document)s,
    dom_id: "#swagger-ui",
    deepLinking: true,
    displayRequestDuration: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    onComplete: function () {
      if (!token) return;
      const spec = window.ui.specSelectors.specJson().toJS();
      const schemes = (spec.components || {}).securitySchemes || {};
      for (const [name, scheme] of Object.entries(schemes)) {
        if (scheme.type === "http" && String(scheme.scheme).toLowerCase() === "bearer") {
          window.ui.preauthorizeApiKey(name, token);
        }
      }
    },
  });
};
"""


class DocsUI:
    def __init__(self, token: Callable[[], str | None] | None = None, prefix: str = PREFIX):
        self.token = token or (lambda: None)
        self.prefix = prefix
        self.root = str(swagger_ui_path)

    def serve(self, handler) -> bool:
        """Answers GET/HEAD under the prefix; True when it did."""
        path = handler.path.split("?", 1)[0]
        if handler.command not in ("GET", "HEAD") or not (path == self.prefix or path.startswith(self.prefix + "/")):
            return False
        httpio.read_body(handler)
        name = path[len(self.prefix):].lstrip("/")
        include_body = handler.command != "HEAD"
        if name in ("", "index.html"):
            body = INDEX.format(prefix=self.prefix).encode()
            httpio.send(handler, 200, body, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"}, include_body)
        elif name == "initializer.js":
            script = INITIALIZER % {"token": json.dumps(self.token()), "document": json.dumps(DOCUMENT_URL)}
            httpio.send(handler, 200, script.encode(), {"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store"}, include_body)
        elif name in ASSETS:
            with open(os.path.join(self.root, name), "rb") as file:
                body = file.read()
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            httpio.send(handler, 200, body, {"Content-Type": content_type, "Cache-Control": "public, max-age=3600"}, include_body)
        else:
            httpio.send_json(handler, 404, {"message": f"{path} is not part of the docs page"})
        return True
