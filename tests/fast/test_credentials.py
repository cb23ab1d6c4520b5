"""The one credential parser: anything broken is MalformedCredentials (401), never a crash."""

from __future__ import annotations

import base64

import pytest

from app.auth.credentials import Credentials, MalformedCredentials, parse


def _basic(raw: bytes) -> dict[str, str]:
    return {"authorization": "Basic " + base64.b64encode(raw).decode()}


def test_well_formed_credentials() -> None:
    assert parse(_basic(b"alice:s3cret:with:colons"), {}) == Credentials(
        "basic", "s3cret:with:colons", "alice"
    )
    assert parse(_basic("jos\u00e9:p\u00e4ss".encode()), {}) == Credentials(
        "basic", "p\u00e4ss", "jos\u00e9"
    )
    assert parse({"authorization": "token abc"}, {}) == Credentials("token", "abc")
    assert parse({"authorization": "Bearer abc"}, {}) == Credentials("token", "abc")
    assert parse({}, {"token": "abc"}) == Credentials("token", "abc")
    assert parse({}, {}) is None


@pytest.mark.parametrize(
    "headers",
    [
        # Starlette decodes header bytes as latin-1: a 0xff byte arrives as "\xff".
        {"authorization": "Basic \xff\xfe"},
        {"authorization": "Basic YWxp\u00e9Y2U6cHc="},
        {"authorization": "Basic !!!not-base64"},
        {"authorization": "Basic YWxpY2U"},  # bad padding
        _basic(b"no-colon"),
        _basic(b"\xff\xfe:\xfd"),  # not UTF-8
        _basic(b"al\x00ice:pw"),
        _basic(b"alice:p\nw"),
        {"authorization": "Bearer a\x00b"},
        {"authorization": "Negotiate abc"},
        {"authorization": "Basic"},
    ],
)
def test_malformed_credentials_are_refused(headers: dict[str, str]) -> None:
    with pytest.raises(MalformedCredentials):
        parse(headers, {})


def test_a_query_token_with_control_characters_is_refused() -> None:
    with pytest.raises(MalformedCredentials):
        parse({}, {"token": "a\x00b"})
