"""``POST /markdown`` and ``/markdown/raw``: Markdown to sanitized HTML, as ``bodyHTML``.

Gogs' modes: ``gfm`` resolves ``#12`` in the ``context`` repository (``owner/name`` or a
URL ending in it) and ``@login``, with the caller's permissions, and keeps line breaks;
any other mode (and ``raw``) renders a plain document. The answer is ``text/html``, with
the same sandboxing headers as raw files, so a browser shown it runs nothing.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from app.media import SECURITY_HEADERS
from rest_compat import body
from rest_compat.errors import ApiError
from rest_compat.gogs.operations import OPS
from rest_compat.route import Call, Spec

HTML_TYPE = "text/html; charset=utf-8"


def _text(call: Call) -> str:
    text = call.body.get("text")
    if not isinstance(text, str):
        # An empty text is a text (Gogs answers it with an empty page); a missing one is not.
        raise ApiError("BAD_USER_INPUT", "'text' is required.", field="text", constraint="required")
    return text


def _variables(call: Call) -> dict[str, Any]:
    text = _text(call)
    mode = body.text(call.body, "mode") or "markdown"
    context = body.text(call.body, "context") if mode == "gfm" else None
    return {"text": text, "mode": "GFM" if mode == "gfm" else "MARKDOWN", "context": context}


def _raw_variables(call: Call) -> dict[str, Any]:
    return {"text": _text(call), "mode": "MARKDOWN", "context": None}


def _shape(data: dict[str, Any], call: Call) -> Response:
    return Response(data["renderMarkdown"], media_type=HTML_TYPE, headers=SECURITY_HEADERS)


render_markdown = Spec(OPS["RenderMarkdown"], _shape, _variables, reads_body=True)
render_markdown_raw = Spec(OPS["RenderMarkdown"], _shape, _raw_variables, reads_text=True)
