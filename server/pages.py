"""Small endpoints: health, the placeholder home page, JSON 404s under /api."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def api_not_found(request: Request) -> Response:
    return JSONResponse(
        {"message": "Not Found", "url": str(request.url.path), "documentation_url": "/"},
        status_code=404,
    )


HOME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ingot</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 42rem; margin: 3rem auto">
<h1>Ingot</h1>
<p>A self-hosted git forge. The web interface is on its way; until then:</p>
<ul>
<li><a href="/graphql">GraphQL</a> (sign in with the <code>signIn</code> mutation)</li>
<li><code>git clone</code> any public repository at <code>/OWNER/NAME.git</code></li>
</ul>
</body></html>
"""


async def home(request: Request) -> Response:
    return HTMLResponse(HOME)
