"""Named GraphQL operations kept in ``.graphql`` files, parsed and validated at import.

A file may hold several operations (and fragments); each operation becomes
its own document, parsed and validated against the schema (limits included)
once, at import, and executed as it is by every request of its routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DefinitionNode,
    DocumentNode,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    OperationType,
    parse,
    print_ast,
    separate_operations,
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


def _named(document: DocumentNode, source: Path) -> list[str]:
    """The names of the document's operations; every operation must have one."""
    names = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            if definition.name is None:
                raise OperationError(f"{source}: every operation needs a name")
            names.append(definition.name.value)
    return names


def _checked(name: str, document: DocumentNode, source: Path) -> Operation:
    text = print_ast(document)
    parsed = parse(text)
    errors = check_document(parsed)
    if errors:
        raise OperationError(f"{source}: {name}: {'; '.join(errors)}")
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    return Operation(name, text, operation.operation == OperationType.MUTATION, parsed)


def load(directory: Path) -> dict[str, Operation]:
    """Every operation of every ``*.graphql`` file in ``directory``, by name.

    Fragments are shared by all the files of the directory.
    """
    sources: dict[str, Path] = {}
    definitions: list[DefinitionNode] = []
    for path in sorted(directory.glob("*.graphql")):
        try:
            document = parse(path.read_text(encoding="utf-8"))
        except GraphQLSyntaxError as exc:
            raise OperationError(f"{path}: {exc.message}") from None
        for name in _named(document, path):
            if name in sources:
                raise OperationError(f"{path}: operation {name} is defined twice")
            sources[name] = path
        definitions += document.definitions
    # Each operation with the fragments it spreads, directly or through other fragments.
    separated = separate_operations(DocumentNode(definitions=tuple(definitions)))
    return {name: _checked(name, separated[name], path) for name, path in sources.items()}
