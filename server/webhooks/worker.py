"""The senders: a few tasks per server process claiming due deliveries and sending them.

``INGOT_WEBHOOK_SENDERS`` tasks (8 by default) run side by side, so a slow
receiver holds one of them for at most the 5 s timeout while the others go
on; none of this runs on a request's path. They wake when a request that
wrote deliveries ends (``runtime.webhooks.wake``) and poll once a second for
deliveries other processes wrote or whose retry time came.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping

from app.auth.secret_box import SecretKeyMismatch
from app.config import redact_url
from app.models import Webhook, WebhookDelivery
from app.services import webhook as webhooks
from app.services import webhook_delivery as outbox
from app.services.runtime import Runtime
from server.webhooks.render import (
    DefaultRenderer,
    DeliveryView,
    Renderer,
    RenderFailed,
    Runner,
    WebhookView,
    render_payload_query,
    sign,
)
from server.webhooks.sender import post

log = logging.getLogger("ingot.webhooks")

POLL_SECONDS = 1.0
PRUNE_SECONDS = 3600.0
USER_AGENT = "Ingot-Webhooks"


class Senders:
    """One dispatcher claims due deliveries, as many as sending slots are free, in one
    transaction; each is sent in a task of its own, so a slow receiver holds one slot."""

    def __init__(self, runtime: Runtime, renderers: Mapping[str, Renderer]) -> None:
        self.runtime = runtime
        self.renderers = renderers
        self.default = DefaultRenderer()
        self._capacity = runtime.settings.webhook_senders
        self._wake = asyncio.Event()
        self._freed = asyncio.Event()
        self._stopping = False
        self._sending: set[asyncio.Task[None]] = set()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        # Named like the job worker's tasks: tests/querylog.py leaves background SQL out.
        self.runtime.webhooks.attach(self._wake)
        self._tasks = [
            asyncio.create_task(self._dispatch(), name="ingot-worker-webhooks"),
            asyncio.create_task(self._prune(), name="ingot-worker-webhooks-prune"),
        ]

    async def stop(self, grace: float = 6.0) -> None:
        """Stop claiming; attempts in flight (each bounded by the 5 s timeout) may finish.

        One cut short keeps its lease and is sent again after it passes.
        """
        self._stopping = True
        self._wake.set()
        self._freed.set()
        running = [*self._tasks, *self._sending]
        if not running:
            return
        _, pending = await asyncio.wait(running, timeout=grace)
        for task in pending:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*pending, return_exceptions=True)

    async def _dispatch(self) -> None:
        full = False
        while not self._stopping:
            free = self._capacity - len(self._sending)
            if free <= 0:
                self._freed.clear()
                await self._freed.wait()
                continue
            self._wake.clear()
            try:
                claimed = await outbox.claim(free, probe=not full)
            except Exception:
                log.exception("claiming webhook deliveries failed")
                claimed = []
            full = len(claimed) == free
            for delivery in claimed:
                task = asyncio.create_task(
                    self._send(delivery), name=f"ingot-worker-webhook-{delivery.id}"
                )
                self._sending.add(task)
                task.add_done_callback(self._done)
            if not claimed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._sending.discard(task)
        self._freed.set()

    async def _send(self, delivery: WebhookDelivery) -> None:
        try:
            await self.deliver(delivery)
        except Exception:
            # Recording failed (the database went away): the lease runs out, it is sent again.
            log.exception("webhook delivery %s failed to record", delivery.guid)

    async def _prune(self) -> None:
        while not self._stopping:
            try:
                await outbox.prune()
            except Exception:
                log.exception("pruning old webhook deliveries failed")
            await asyncio.sleep(PRUNE_SECONDS)

    async def deliver(self, delivery: WebhookDelivery) -> None:
        """One attempt of a claimed delivery, recorded."""
        webhook = await Webhook.get_or_none(id=delivery.webhook_id)
        if webhook is None:
            return  # deleted since; its deliveries went with it
        settings = self.runtime.settings
        if delivery.request_body is None:
            try:
                headers, body = await self._render(webhook, delivery)
            except RenderFailed as exc:
                await self._failed(delivery, str(exc))
                return
            await outbox.freeze_request(delivery, headers, body)
        headers = dict(delivery.request_headers or {})
        outcome = await post(
            webhook.url,
            headers,
            bytes(delivery.request_body or b""),
            allow_private=settings.allow_private_webhooks,
        )
        await outbox.record(delivery, outcome, settings.webhook_retry_delays)
        log.info(
            "webhook delivery %s (%s) to %s, attempt %s: %s",
            delivery.guid,
            delivery.event,
            redact_url(webhook.url),
            delivery.attempts,
            outcome.status if outcome.succeeded else outcome.error,
        )

    async def _failed(self, delivery: WebhookDelivery, reason: str) -> None:
        started = outbox.now()
        failure = outbox.Outcome(started, 0, error=reason)
        await outbox.record(delivery, failure, self.runtime.settings.webhook_retry_delays)
        log.info("webhook delivery %s not sent: %s", delivery.guid, reason)

    async def _render(
        self, webhook: Webhook, delivery: WebhookDelivery
    ) -> tuple[dict[str, str], bytes]:
        try:
            secret = webhooks.secret_of(self.runtime.secrets, webhook)
        except SecretKeyMismatch:
            raise RenderFailed(
                "The webhook's secret does not decrypt with the server key."
            ) from None
        view = DeliveryView(
            id=delivery.id,
            guid=delivery.guid,
            event=delivery.event,
            action=delivery.action,
            facts=dict(delivery.facts or {}),
            webhook=WebhookView(
                id=webhook.id,
                repository_id=webhook.repository_id,
                url=webhook.url,
                type=webhook.type,
                content_type=webhook.content_type,
                events=list(webhook.events or []),
                payload_query=webhook.payload_query,
                creator_id=webhook.creator_id,
                has_secret=bool(secret),
            ),
            base_url=self.runtime.settings.base_url,
            _signer=(lambda body: sign(secret, body)) if secret else (lambda body: None),
        )
        renderer = self.renderers.get(webhook.type, self.default)
        runner = Runner(self.runtime, view)
        if webhook.payload_query:
            rendered = await render_payload_query(view, runner, renderer)
        else:
            rendered = await renderer.render(view, runner)
        headers = {"User-Agent": USER_AGENT, **rendered.headers}
        headers["Content-Type"] = rendered.content_type
        return headers, rendered.body
