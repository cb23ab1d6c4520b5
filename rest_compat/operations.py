"""Named GraphQL operations kept in ``.graphql`` files, parsed and validated at import.

A file may hold several operations (and fragments); each operation becomes
its own document, parsed and validated against the schema (limits included)
once, at import, and executed as it is by every request of its routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    parse,
    print_ast,
)

from schema import check_document


class OperationError(RuntimeError):
    """A ``.graphql`` file that does not parse or does not validate against the schema."""


@dataclass(frozen=True)
class Operation:
    name: str
    text: str
    is_mutation: bool
    # Parsed and validated once; every request executes this very document.
    document: DocumentNode


def _reached(
    operation: OperationDefinitionNode, fragments: list[FragmentDefinitionNode]
) -> list[FragmentDefinitionNode]:
    """The fragments an operation spreads, directly or through other fragments."""
    reached: list[FragmentDefinitionNode] = []
    texts = [print_ast(operation)]
    changed = True
    while changed:
        changed = False
        for fragment in fragments:
            spread = f"...{fragment.name.value}"
            if fragment not in reached and any(
                spread + c in t for t in texts for c in (" ", "\n", "}")
            ):
                reached.append(fragment)
                texts.append(print_ast(fragment))
                changed = True
    return reached


def _split(
    document: DocumentNode, source: Path, fragments: list[FragmentDefinitionNode]
) -> dict[str, Operation]:
    found: dict[str, Operation] = {}
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if definition.name is None:
            raise OperationError(f"{source}: every operation needs a name")
        name = definition.name.value
        single = DocumentNode(definitions=(definition, *_reached(definition, fragments)))
        text = print_ast(single)
        parsed = parse(text)
        errors = check_document(parsed)
        if errors:
            raise OperationError(f"{source}: {name}: {'; '.join(errors)}")
        found[name] = Operation(name, text, definition.operation.value == "mutation", parsed)
    return found


def load(directory: Path) -> dict[str, Operation]:
    """Every operation of every ``*.graphql`` file in ``directory``, by name.

    Fragments are shared by all the files of the directory.
    """
    documents: dict[Path, DocumentNode] = {}
    for path in sorted(directory.glob("*.graphql")):
        try:
            documents[path] = parse(path.read_text(encoding="utf-8"))
        except GraphQLSyntaxError as exc:
            raise OperationError(f"{path}: {exc.message}") from None
    fragments = [
        d
        for document in documents.values()
        for d in document.definitions
        if isinstance(d, FragmentDefinitionNode)
    ]
    operations: dict[str, Operation] = {}
    for path, document in documents.items():
        for name, operation in _split(document, path, fragments).items():
            if name in operations:
                raise OperationError(f"{path}: operation {name} is defined twice")
            operations[name] = operation
    return operations
