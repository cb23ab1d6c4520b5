"""Refusing a multipart upload before its files are read.

The GraphQL multipart spec sends ``operations`` first and the files after it, so
the endpoint can read the operation, ask here whether each ``uploadReleaseAsset``
in it would be allowed, and answer a refusal without accepting the file's bytes.
The mutation checks the same things again when it runs.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    parse,
)

from app.errors import IngotError, NotFound
from app.services import asset as assets
from app.services import node as nodes
from schema.context import Context
from schema.node import decode_global_id

UPLOAD_FIELD = "uploadReleaseAsset"
# The schema's own token limit (MaxTokensLimiter in schema/__init__.py).
MAX_TOKENS = 10_000


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def _upload_fields(document: DocumentNode, selection_set: SelectionSetNode) -> list[FieldNode]:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    found: list[FieldNode] = []
    pending = [selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode) and selection.name.value == UPLOAD_FIELD:
                found.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return found


def _release_id(field: FieldNode, variables: dict[str, Any]) -> Any:
    argument = next((a for a in field.arguments or () if a.name.value == "input"), None)
    if argument is None:
        return None
    value = argument.value
    if isinstance(value, VariableNode):
        given = variables.get(value.name.value)
        return given.get("releaseId") if isinstance(given, dict) else None
    if isinstance(value, ObjectValueNode):
        for item in value.fields:
            if item.name.value != "releaseId":
                continue
            if isinstance(item.value, StringValueNode):
                return item.value.value
            if isinstance(item.value, VariableNode):
                return variables.get(item.value.name.value)
    return None


async def _authorize(context: Context, release_id: str) -> None:
    try:
        _, pk = decode_global_id(release_id, "Release")
    except NotFound:
        raise NotFound("Release not found.", field="releaseId") from None
    found = await nodes.locate(context, "Release", pk)
    # authorize_upload refuses a release that is missing or hidden from the caller.
    repo, release = (found.repository, found.row) if found else (None, None)
    await assets.authorize_upload(context.actor, repo, release)


async def refusal(context: Context, operations: Any) -> tuple[str, IngotError] | None:
    """``(response key, error)`` for the first upload the caller may not make, else None.

    Anything this cannot read (a malformed query, odd variables) is left to the
    normal execution, which reports it.
    """
    if not isinstance(operations, dict) or not isinstance(operations.get("query"), str):
        return None
    variables = operations.get("variables")
    variables = variables if isinstance(variables, dict) else {}
    name = operations.get("operationName")
    try:
        document = parse(operations["query"], no_location=True, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return None
    operation = _operation(document, name if isinstance(name, str) else None)
    if operation is None:
        return None
    for field in _upload_fields(document, operation.selection_set):
        release_id = _release_id(field, variables)
        if not isinstance(release_id, str):
            continue
        try:
            await _authorize(context, release_id)
        except IngotError as exc:
            return (field.alias or field.name).value, exc
    return None
