"""The composition root: builds the Starlette application."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from tortoise.contrib.starlette import RegisterTortoise

from app.config import Settings, load_settings, tortoise_config
from app.services import repository as repositories
from app.web import graphql, pages, spa


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()
    settings.repositories_dir.mkdir(parents=True, exist_ok=True)
    repositories.configure(settings.repositories_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=tortoise_config(settings)):
            yield

    graphql_endpoint = graphql.make_endpoint(settings)
    routes: list[BaseRoute] = [
        Route("/health", pages.health, methods=["GET"]),
        Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
        Route("/api/{rest:path}", pages.api_not_found),
    ]
    if graphql.GRAPHIQL_DIR.is_dir():
        routes.insert(2, Mount("/graphiql", StaticFiles(directory=graphql.GRAPHIQL_DIR)))
    # The SPA claims "/" and every path no other route claims: keep it last.
    routes += spa.routes() if spa.available() else [Route("/", pages.home, methods=["GET"])]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    return app
