"""Every object with a global id is found through the one registry, and shown as its type."""

from __future__ import annotations

from graphql import GraphQLInterfaceType

from app.services import node as nodes
from schema import schema
from schema.graphql_internals import core_schema
from schema.queries import NODE_TYPES


def test_every_node_type_has_a_lookup_and_a_visibility_rule() -> None:
    core = core_schema(schema)
    interface = core.get_type("Node")
    assert isinstance(interface, GraphQLInterfaceType)
    implementations = {t.name for t in core.get_possible_types(interface)}
    assert implementations == set(nodes.KINDS) == set(NODE_TYPES)
