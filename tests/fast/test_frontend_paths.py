"""The server finds the built SPA and GraphiQL where `make frontend` writes them."""

from __future__ import annotations

from pathlib import Path

from server import graphql, spa

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_serves_the_bundles_from_the_projects_frontend_dist() -> None:
    assert spa.SPA_DIR == ROOT / "frontend" / "dist" / "spa"
    assert graphql.GRAPHIQL_DIR == ROOT / "frontend" / "dist" / "graphiql"
