"""Preparing repositories with commits, and talking to the release API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pygit2

from tests.forge import Forge

SIGNATURE = pygit2.Signature("Ingot Tests", "tests@example.com", 1_700_000_000, 0)

CREATE = """mutation($i: CreateReleaseInput!) { createRelease(input: $i) { release {
  id databaseId tagName name description isDraft isPrerelease publishedAt
  author { login } targetCommitish } } }"""
UPLOAD = """mutation($i: UploadReleaseAssetInput!) { uploadReleaseAsset(input: $i) {
  releaseAsset { id name contentType size sha256 downloadCount downloadUrl } } }"""
RELEASES = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  releases(first: 10) { totalCount nodes { tagName isDraft
    releaseAssets(first: 10) { totalCount nodes { name size sha256 downloadCount } } } } } }"""


def repo_path(forge: Forge, repo: dict[str, Any]) -> Path:
    owner, name = repo["nameWithOwner"].lower().split("/")
    return forge.data_dir / "repositories" / owner / f"{name}.git"


def commit(forge: Forge, repo: dict[str, Any], branch: str = "main", text: str = "v1") -> str:
    """Commit one file on ``branch`` of the bare repository, with fixed signatures."""
    git = pygit2.Repository(str(repo_path(forge, repo)))
    builder = git.TreeBuilder()
    builder.insert("README", git.create_blob(text.encode()), pygit2.GIT_FILEMODE_BLOB)
    ref = f"refs/heads/{branch}"
    parents = [git.references[ref].target] if ref in git.references else []
    oid = git.create_commit(ref, SIGNATURE, SIGNATURE, text, builder.write(), parents)
    return str(oid)


def tag_target(forge: Forge, repo: dict[str, Any], tag: str) -> str | None:
    git = pygit2.Repository(str(repo_path(forge, repo)))
    ref = git.references.get(f"refs/tags/{tag}")
    return str(ref.target) if ref else None


def upload(
    url: str,
    token: str | None,
    release_id: str,
    name: str,
    content: bytes,
    content_type: str = "application/octet-stream",
) -> httpx.Response:
    operations = {"query": UPLOAD, "variables": {"i": {"releaseId": release_id, "file": None}}}
    if name:
        operations["variables"]["i"]["name"] = name  # type: ignore[index]
    headers = {"GraphQL-Preflight": "1"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    with httpx.Client(timeout=120) as client:
        return client.post(
            f"{url}/graphql",
            data={
                "operations": json.dumps(operations),
                "map": json.dumps({"0": ["variables.i.file"]}),
            },
            files={"0": (name or "upload.bin", content, content_type)},
            headers=headers,
        )


def uploaded(
    forge: Forge, token: str, release_id: str, name: str, content: bytes
) -> dict[str, Any]:
    response = upload(forge.url, token, release_id, name, content)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    asset: dict[str, Any] = body["data"]["uploadReleaseAsset"]["releaseAsset"]
    return asset


def blobs(data_dir: Path) -> list[Path]:
    root = data_dir / "assets"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
