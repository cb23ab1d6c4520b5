"""Health, the home page, JSON 404s under /api."""

from __future__ import annotations

from tests.forge import Forge


def test_health_answers_ok(forge: Forge) -> None:
    response = forge.client.get(f"{forge.url}/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_home_page_is_served(forge: Forge) -> None:
    response = forge.client.get(f"{forge.url}/")
    assert response.status_code == 200
    assert "Ingot" in response.text


def test_unknown_api_paths_are_json_404(forge: Forge) -> None:
    response = forge.client.get(f"{forge.url}/api/definitely/not/here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
