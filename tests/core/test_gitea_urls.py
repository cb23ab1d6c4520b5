"""A Gitea URL pasted into the address bar lands on our page (a permanent redirect)."""

from __future__ import annotations

import pytest

from server import spa
from tests.forge import Forge


def test_visitor_is_redirected_from_gitea_urls(forge: Forge) -> None:
    if not spa.available():
        pytest.skip("the frontend is not built (make frontend)")
    for gitea, ours in [
        ("/alice/hello/pulls/2?x=1", "/alice/hello/pull/2?x=1"),
        ("/alice/hello/src/branch/main/README.md", "/alice/hello/tree/main/README.md"),
    ]:
        response = forge.client.get(f"{forge.url}{gitea}", follow_redirects=False)
        assert response.status_code == 301, gitea
        assert response.headers["location"] == ours
    assert forge.client.get(f"{forge.url}/alice/hello/pull/2").status_code == 200
