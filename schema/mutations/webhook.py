"""Webhooks: create, update, delete, redeliver a delivery, send a test ping.

Each needs the repository's ADMIN role (owner, site admin, organization owner,
admin collaborator) and ``webhook:write``; whoever cannot read the repository
gets NOT_FOUND. A ``payloadQuery`` is validated here, against the schema and
the server's query limits, before anything is stored.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError, OperationDefinitionNode, parse, validate
from graphql.language import NamedTypeNode, NonNullTypeNode

from app.errors import InvalidInput
from app.services import webhook as webhooks
from app.services import webhook_delivery as deliveries
from schema.context import Info
from schema.graphql_internals import VALIDATION_RULES, core_schema
from schema.limits import Limits, limits_rule
from schema.lookup import in_repository, repository_by_id
from schema.types.webhook import Webhook, WebhookDelivery

_PAYLOAD_QUERY_RULE = "A payloadQuery is one query operation with exactly one variable, $id: ID!."


def check_payload_query(info: Info, document: str | None) -> str | None:
    """The document if it is one query with one ``$id: ID!`` that validates; else
    InvalidInput naming ``payloadQuery`` with the validation message."""
    if not document:
        return document
    try:
        parsed = parse(document, max_tokens=10_000)
    except GraphQLError as exc:
        raise InvalidInput(f"payloadQuery: {exc.message}", field="payloadQuery") from None
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation.value != "query":
        raise InvalidInput(_PAYLOAD_QUERY_RULE, field="payloadQuery")
    variables = operations[0].variable_definitions or ()
    if len(variables) != 1 or variables[0].variable.name.value != "id":
        raise InvalidInput(_PAYLOAD_QUERY_RULE, field="payloadQuery")
    kind = variables[0].type
    if not (
        isinstance(kind, NonNullTypeNode)
        and isinstance(kind.type, NamedTypeNode)
        and kind.type.name.value == "ID"
    ):
        raise InvalidInput(_PAYLOAD_QUERY_RULE, field="payloadQuery")
    settings = info.context.runtime.settings
    limits = Limits(depth=settings.max_query_depth, cost=settings.max_query_cost)
    rules = [*VALIDATION_RULES, limits_rule(limits)]
    errors = validate(core_schema(info.schema), parsed, rules)
    if errors:
        raise InvalidInput(f"payloadQuery: {errors[0].message}", field="payloadQuery")
    return document


@strawberry.input
class CreateWebhookInput:
    repository_id: strawberry.ID
    url: str
    events: list[str] = strawberry.field(default_factory=lambda: ["push"])
    active: bool = True
    content_type: str = "json"
    secret: str | None = None
    payload_query: str | None = None
    type: str = "gogs"


@strawberry.input
class UpdateWebhookInput:
    id: strawberry.ID
    url: str | None = None
    events: list[str] | None = None
    active: bool | None = None
    content_type: str | None = None
    secret: str | None = strawberry.field(
        default=None, description="Null keeps the secret; an empty string removes it."
    )
    payload_query: str | None = strawberry.field(
        default=None, description="Null keeps it; an empty string removes it."
    )
    type: str | None = None


@strawberry.input
class WebhookIdInput:
    id: strawberry.ID


@strawberry.type
class WebhookPayload:
    webhook: Webhook


@strawberry.type
class DeleteWebhookPayload:
    deleted_webhook_id: strawberry.ID


@strawberry.type
class WebhookDeliveryPayload:
    delivery: WebhookDelivery


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(description="Needs ADMIN on the repository and webhook:write.")
    async def create_webhook(self, info: Info, input: CreateWebhookInput) -> WebhookPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        await webhooks.require_manage(info.context.actor, repo, write=True)
        webhook = await webhooks.create_webhook(
            info.context.actor,
            repo,
            info.context.runtime.secrets,
            url=input.url,
            events=input.events,
            active=input.active,
            content_type=input.content_type,
            type=input.type,
            secret=input.secret or "",
            payload_query=check_payload_query(info, input.payload_query) or "",
        )
        return WebhookPayload(webhook=Webhook.of(webhook))

    @strawberry.mutation(description="Changes what is given; the secret only when given.")
    async def update_webhook(self, info: Info, input: UpdateWebhookInput) -> WebhookPayload:
        repo, webhook = await in_repository(info, str(input.id), "Webhook", "id")
        await webhooks.require_manage(info.context.actor, repo, write=True)
        webhook = await webhooks.update_webhook(
            info.context.actor,
            repo,
            webhook,
            info.context.runtime.secrets,
            url=input.url,
            events=input.events,
            active=input.active,
            content_type=input.content_type,
            type=input.type,
            secret=input.secret,
            payload_query=check_payload_query(info, input.payload_query),
        )
        return WebhookPayload(webhook=Webhook.of(webhook))

    @strawberry.mutation(description="Deletes it with its deliveries.")
    async def delete_webhook(self, info: Info, input: WebhookIdInput) -> DeleteWebhookPayload:
        repo, webhook = await in_repository(info, str(input.id), "Webhook", "id")
        await webhooks.delete_webhook(info.context.actor, repo, webhook)
        return DeleteWebhookPayload(deleted_webhook_id=input.id)

    @strawberry.mutation(
        description="Sends a delivery's event again as a new delivery (a new id, attempts "
        "from zero), rendered with the webhook's current settings; the old one stays."
    )
    async def redeliver_webhook_delivery(
        self, info: Info, input: WebhookIdInput
    ) -> WebhookDeliveryPayload:
        repo, delivery = await in_repository(info, str(input.id), "WebhookDelivery", "id")
        fresh = await deliveries.redeliver(info.context.actor, repo, delivery)
        return WebhookDeliveryPayload(delivery=WebhookDelivery.of(fresh))

    @strawberry.mutation(description="Sends a ping event to this webhook now (active or not).")
    async def test_webhook(self, info: Info, input: WebhookIdInput) -> WebhookDeliveryPayload:
        repo, webhook = await in_repository(info, str(input.id), "Webhook", "id")
        delivery = await deliveries.ping(info.context.actor, repo, webhook)
        return WebhookDeliveryPayload(delivery=WebhookDelivery.of(delivery))
