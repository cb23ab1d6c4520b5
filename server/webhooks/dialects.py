"""The dialects' renderers (``rest_compat.hooks``) behind the senders' ``Renderer`` interface.

``rest_compat.hooks`` shapes each webhook type's payload from GraphQL results and
knows its headers; here each becomes a ``Renderer``: its operations run through
``runner.read`` (as the repository reader), its signature comes from
``view.sign``, and a subject the reader cannot see fails the attempt with the
reason (``RenderFailed``) instead of sending anything.
"""

from __future__ import annotations

from typing import Any

from rest_compat import hooks
from rest_compat.hooks import signing
from rest_compat.operations import Operation
from server.webhooks.render import DeliveryView, Rendered, RenderFailed, Runner


class DialectRenderer:
    def __init__(self, webhook_type: str) -> None:
        self.webhook_type = webhook_type
        self._render = hooks.RENDERERS[webhook_type]

    async def render(self, view: DeliveryView, runner: Runner) -> Rendered:
        async def run(operation: Operation, variables: dict[str, Any]) -> dict[str, Any]:
            return await runner.read(operation.document, variables, operation.name)

        delivery = hooks.Delivery(
            type=self.webhook_type,
            content_type=view.content_type,
            sign=view.sign,
            event=view.event,
            action=view.action,
            guid=view.guid,
            facts=view.facts,
            base_url=view.base_url,
        )
        try:
            rendered = await self._render(run, delivery)
        except hooks.SubjectGone as exc:
            raise RenderFailed(str(exc)) from None
        except (KeyError, TypeError, ValueError) as exc:
            # Facts written by an older version, or an event this type cannot show.
            raise RenderFailed(f"Cannot render this {view.event} event: {exc!r}") from None
        return Rendered(rendered.body, rendered.content_type, rendered.headers)

    def headers(self, view: DeliveryView, body: bytes) -> dict[str, str]:
        return signing.headers_for(self.webhook_type, view.event, view.guid, view.sign(body))


def dialect_renderers() -> dict[str, DialectRenderer]:
    """One renderer per webhook type ``rest_compat.hooks`` knows."""
    return {kind: DialectRenderer(kind) for kind in hooks.RENDERERS}
