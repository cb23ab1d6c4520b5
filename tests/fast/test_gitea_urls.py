"""Gitea's URL forms redirect to ours (server/spa.py)."""

from __future__ import annotations

import pytest

from server.spa import gitea_redirect


@pytest.mark.parametrize(
    ("gitea", "ours"),
    [
        ("/alice/hello/pulls/2", "/alice/hello/pull/2"),
        ("/alice/hello/pulls/2/files", "/alice/hello/pull/2"),
        ("/alice/hello/src/branch/main", "/alice/hello/tree/main"),
        ("/alice/hello/src/branch/feature/x/docs/a.md", "/alice/hello/tree/feature/x/docs/a.md"),
        ("/alice/hello/src/tag/v1.0/README.md", "/alice/hello/tree/v1.0/README.md"),
        ("/alice/hello/src/commit/0123abc/app.py", "/alice/hello/tree/0123abc/app.py"),
        ("/alice/hello/commits/branch/main", "/alice/hello/commits/main"),
    ],
)
def test_gitea_urls_redirect_to_ours(gitea: str, ours: str) -> None:
    assert gitea_redirect(gitea) == ours


@pytest.mark.parametrize(
    "path", ["/alice/hello/pulls", "/alice/hello/pulls/new", "/alice/hello/pull/2", "/alice/src"]
)
def test_our_own_urls_stay(path: str) -> None:
    assert gitea_redirect(path) is None
