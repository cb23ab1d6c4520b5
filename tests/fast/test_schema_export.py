"""The committed schema.graphql is the contract; it must match the code."""

from __future__ import annotations

from pathlib import Path

from schema import sdl

ROOT = Path(__file__).resolve().parents[2]


def test_exported_schema_is_up_to_date() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == sdl(), "schema.graphql is stale: run `ingot export-schema`"


def test_schema_uses_the_names_other_tools_rely_on() -> None:
    text = sdl()
    for name in [
        "viewer: User",
        "repository(owner: String!, name: String!): Repository",
        "node(id: ID!): Node",
        "nameWithOwner: String!",
        "isPrivate: Boolean!",
        "createRepository(input: CreateRepositoryInput!): CreateRepositoryPayload!",
        "createIssue(input: CreateIssueInput!): CreateIssuePayload!",
        "createAccessToken(input: CreateAccessTokenInput!)",
        "revokeAccessToken(input: RevokeAccessTokenInput!)",
        "createOrganization(input: CreateOrganizationInput!)",
    ]:
        assert name in text, name
