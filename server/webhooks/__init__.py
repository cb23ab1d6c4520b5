"""Webhook delivery: the renderers that shape payloads, and the senders that POST them.

The outbox rows are written by ``app.services.webhook_event`` (its docstring
fixes the *facts* format) and claimed through ``app.services.webhook_delivery``.
Rendering needs the schema (dialect payloads are GraphQL results reshaped,
``payloadQuery`` is GraphQL), so the senders live here in the composition root.

Plugging in a dialect
---------------------
A renderer turns one delivery into the request to send. Register one per
webhook ``type`` in the mapping given to ``Senders`` (``server/asgi.py`` passes
``renderers()`` below; add yours to ``RENDERERS``)::

    class GogsRenderer:
        async def render(self, view: DeliveryView, runner: Runner) -> Rendered:
            data = await runner.read(GOGS_PUSH, {"id": ...})   # as the repository reader
            body = json.dumps(shape(view, data)).encode()
            return Rendered(body, "application/json", self.headers(view, body))

        def headers(self, view: DeliveryView, body: bytes) -> dict[str, str]:
            signature = view.sign(body)                        # hex HMAC-SHA256, or None
            return {"X-Gogs-Event": view.event, "X-Gogs-Delivery": view.guid,
                    **({"X-Gogs-Signature": signature} if signature else {})}

- ``render`` runs once, at the first attempt; its headers and body are frozen on
  the delivery and every retry sends the same bytes with the same delivery id.
  The sender adds ``Content-Type`` (from ``Rendered.content_type``) and a
  ``User-Agent`` when the renderer gave none. Raise ``RenderFailed(reason)`` to
  fail the attempt without sending (the reason is recorded).
- ``headers`` gives the dialect's headers for a body someone else made: a
  webhook with a ``payloadQuery`` is sent with that query's ``data`` as JSON
  and these headers.
- ``runner.read(document, variables)`` runs a GraphQL operation (a parsed,
  validated ``DocumentNode`` from a ``.graphql`` file, or a string) as the
  repository reader: it sees the webhook's repository (even private) and what
  anyone may see elsewhere, nothing more. It returns ``data`` or raises
  ``RenderFailed`` with the errors. ``runner.as_creator`` runs as the webhook's
  creator with their current permissions.
- ``view.content_type`` is the webhook's ``json`` or ``form``; ``view.sign(body)``
  signs with the decrypted secret (the secret itself is never in the view).

A ``type`` without a registered renderer gets ``DefaultRenderer``: a minimal
JSON body and ``X-Ingot-*`` headers.
"""

from __future__ import annotations

from server.webhooks.dialects import dialect_renderers
from server.webhooks.render import (
    DefaultRenderer,
    DeliveryView,
    Rendered,
    Renderer,
    RenderFailed,
    Runner,
    WebhookView,
    sign,
)

# The renderer of each webhook type; a type missing here gets DefaultRenderer.
RENDERERS: dict[str, Renderer] = {**dialect_renderers()}


def renderers() -> dict[str, Renderer]:
    """The registry handed to the senders (a copy: two applications share nothing)."""
    return dict(RENDERERS)


__all__ = [
    "RENDERERS",
    "DefaultRenderer",
    "DeliveryView",
    "RenderFailed",
    "Rendered",
    "Renderer",
    "Runner",
    "WebhookView",
    "renderers",
    "sign",
]
