"""Strawberry types, one module per aggregate.

The modules import one another in one direction: leaves (connections, git objects, enums), then
accounts, the shared field resolvers, the aggregates, and repositories last. The few fields that
point back up are described in schema.types.registry.
"""
