"""Every route a dialect serves is written down in its docs page."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Route

from rest_compat import gogs, isurus, kod, opencodehub

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rest"


def _documented(routes: list[Route], prefix: str, page: str) -> list[str]:
    text = (DOCS / page).read_text()
    missing = []
    for route in routes:
        for method in sorted((route.methods or set()) - {"HEAD"}):
            entry = f"`{method} {prefix}{route.path}`"
            if entry not in text or (route.name and route.name not in text):
                missing.append(f"{entry} ({route.name})")
    return missing


def _table(routes: list[object]) -> list[Route]:
    return [r for r in routes if isinstance(r, Route)]


def test_every_gogs_route_is_documented() -> None:
    assert _documented(_table(gogs.ROUTES), "/api/v1", "gogs.md") == []


def test_every_konnos_route_is_documented() -> None:
    konnos = [r for r in _table(gogs.ROUTES) if r.name in gogs.KONNOS]
    assert len(konnos) == 6
    assert _documented(konnos, "/api/v1", "konnos.md") == []


def test_every_isurus_route_is_documented() -> None:
    assert _documented(_table(isurus.ROUTES), "/isurus/api/v1", "isurus.md") == []


def test_every_kod_route_is_documented() -> None:
    assert _documented(_table(kod.ROUTES), "/kod", "kod.md") == []


def test_every_opencodehub_route_is_documented() -> None:
    assert _documented(_table(opencodehub.TABLE), "", "opencodehub.md") == []
