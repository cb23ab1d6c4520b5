"""``/{owner}/{repo}/raw/{rev}/{path}``: bytes, types that never execute, caching, visibility."""

from __future__ import annotations

import base64
import socket
from urllib.parse import quote, urlsplit

import httpx
import pytest

from tests.contents.conftest import BIG, PNG, UNICODE_DIR, UNICODE_FILE, Sample, build
from tests.forge import Forge


def raw(forge: Forge, sample: Sample, rest: str, **kwargs: object) -> httpx.Response:
    return forge.client.get(f"{forge.url}/{sample.owner}/{sample.name}/raw/{rest}", **kwargs)  # type: ignore[arg-type]


def assert_sandboxed(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == "default-src 'none'; sandbox"


def test_text_file_is_served_as_plain_text(forge: Forge, sample: Sample) -> None:
    response = raw(forge, sample, "main/src/main.py")
    assert response.status_code == 200
    assert response.content.endswith(b"# done\n")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-length"] == str(len(response.content))
    assert response.headers["content-disposition"] == (
        "inline; filename=\"main.py\"; filename*=UTF-8''main.py"
    )
    assert_sandboxed(response)


def test_image_keeps_its_type_and_markup_does_not(forge: Forge, sample: Sample) -> None:
    png = raw(forge, sample, "main/image.png")
    assert png.status_code == 200 and png.content == PNG
    assert png.headers["content-type"] == "image/png"
    assert_sandboxed(png)
    for name in ["index.html", "logo.svg"]:
        page = raw(forge, sample, f"main/{name}")
        assert page.status_code == 200 and b"<script>" in page.content
        assert page.headers["content-type"] == "text/plain; charset=utf-8", name
        assert_sandboxed(page)


def test_large_file_streams_whole(forge: Forge, sample: Sample) -> None:
    response = raw(forge, sample, "main/big.txt")
    assert response.status_code == 200
    assert response.headers["content-length"] == str(len(BIG))
    assert response.content == BIG


def test_etag_and_if_none_match(forge: Forge, sample: Sample) -> None:
    first = raw(forge, sample, "main/README.md")
    etag = first.headers["etag"]
    blob_oid = forge.gql(
        """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
          object(expression: "main:README.md") { oid } } }""",
        sample.variables,
    )["repository"]["object"]["oid"]
    assert etag == f'"{blob_oid}"'
    again = raw(forge, sample, "main/README.md", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = raw(forge, sample, "main/README.md", headers={"If-None-Match": '"0000"'})
    assert other.status_code == 200


def test_revisions_with_slashes_tags_and_oids(forge: Forge, sample: Sample) -> None:
    feature = raw(forge, sample, "feature/x/feature.txt")
    assert feature.status_code == 200 and feature.content == b"new\n"
    tagged = raw(forge, sample, "v0.1/src/app.py")
    assert tagged.status_code == 200 and b"print('hi')" in tagged.content
    by_oid = raw(forge, sample, f"{sample.commits[0][:10]}/README.md")
    assert by_oid.status_code == 200 and by_oid.content == b"# Sample\n"
    annotated = raw(forge, sample, "v1.0/README.md")
    assert annotated.status_code == 200


def test_unicode_names_are_served_and_encoded(forge: Forge, sample: Sample) -> None:
    path = quote(f"main/{UNICODE_DIR}/{UNICODE_FILE}")
    response = raw(forge, sample, path)
    assert response.status_code == 200 and response.content == "çà et là\n".encode()
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('inline; filename="na_ve caf_ _.txt"; ')
    assert disposition.endswith("filename*=UTF-8''na%C3%AFve%20caf%C3%A9%20%C3%BC.txt")


@pytest.mark.parametrize(
    "rest",
    [
        "main/src",
        "main/",
        "main/missing.txt",
        "nope/README.md",
        "--output=x/README.md",
        "--output=x",
        "%2e%2e/README.md",
        "main/%2e%2e/README.md",
        "main/src/%2e%2e/README.md",
        "main~1/README.md",
        "main..feature/README.md",
        "HEAD@%7B1%7D/README.md",
        "main:README.md",
    ],
)
def test_directories_missing_and_hostile_paths_are_404(
    forge: Forge, sample: Sample, rest: str
) -> None:
    response = raw(forge, sample, rest)
    assert response.status_code == 404, rest
    assert_sandboxed(response)


def test_unnormalised_dot_segments_are_404(forge: Forge, sample: Sample) -> None:
    # httpx would normalise "..", so send the request line by hand.
    address = urlsplit(forge.url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as conn:
        path = f"/{sample.owner}/{sample.name}/raw/main/src/../README.md"
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 404"), reply[:100]
    assert "Traceback" not in forge.log_path.read_text()


def test_private_raw_is_404_to_outsiders_and_served_to_readers(forge: Forge) -> None:
    owner = forge.new_user("owner")
    private = build(forge, owner, private=True)
    outsider = forge.new_user("outsider")
    assert raw(forge, private, "main/README.md").status_code == 404
    assert raw(forge, private, "main/nope.txt").status_code == 404
    header = {"Authorization": f"token {outsider.token}"}
    assert raw(forge, private, "main/README.md", headers=header).status_code == 404
    basic = base64.b64encode(f"x:{owner.token}".encode()).decode()
    for headers, params in [
        ({"Authorization": f"token {owner.token}"}, {}),
        ({"Authorization": f"Bearer {owner.token}"}, {}),
        ({"Authorization": f"Basic {basic}"}, {}),
        ({}, {"token": owner.token}),
    ]:
        response = raw(forge, private, "main/README.md", headers=headers, params=params)
        assert response.status_code == 200 and response.content == b"# Sample\n\nMore.\n"
        assert response.headers["cache-control"] == "private, no-cache"
    bad = raw(forge, private, "main/README.md", headers={"Authorization": "token nope"})
    assert bad.status_code == 401
    unscoped = forge.token_for(owner, ["collaborator:read"])
    narrow = raw(forge, private, "main/README.md", params={"token": unscoped})
    assert narrow.status_code == 404
