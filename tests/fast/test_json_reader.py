"""The one JSON reader: depth, numbers, constants and unstorable strings are InvalidInput."""

from __future__ import annotations

import json

import pytest

from app import json_reader
from app.errors import InvalidInput


def test_nesting_up_to_the_limit_is_read() -> None:
    deepest = "[" * json_reader.MAX_DEPTH + "]" * json_reader.MAX_DEPTH
    assert json_reader.loads(deepest.encode()) is not None
    objects = '{"a":' * json_reader.MAX_DEPTH + "1" + "}" * json_reader.MAX_DEPTH
    assert json_reader.loads(objects)["a"]["a"]["a"] is not None


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 1000 + b"]" * 1000,  # the 2 KB attack
        b"[" * 65 + b"]" * 65,
        b'{"a":' * 65 + b"1" + b"}" * 65,
        b"[" * 2_000_000,  # unterminated: refused without a recursion
        b'{"x": ' + b"[{" * 40 + b"]}" * 40 + b"}",
    ],
)
def test_nesting_past_the_limit_is_refused(raw: bytes) -> None:
    with pytest.raises(InvalidInput, match="nested deeper than 64"):
        json_reader.loads(raw)


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"a": "[" * 500, "b": '\\"[[[' * 100})
    assert json_reader.loads(text)["a"] == "[" * 500


def test_wide_documents_are_read() -> None:
    wide = "[" + ",".join(["[[]]"] * 10_000) + "]"
    assert len(json_reader.loads(wide)) == 10_000


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": "\\ud800"}',
        b'{"\\udfff": 1}',
        b'["ok", ["\\ud83d"]]',
        b'{"a": "x\\u0000y"}',
        b'{"a\\u0000": 1}',
        b"NaN",
        b'{"a": Infinity}',
        b"1" + b"0" * 5000,
        b"\xff\xfe",
        b"{",
        b"",
    ],
)
def test_unusable_json_is_invalid_input(raw: bytes) -> None:
    with pytest.raises(InvalidInput):
        json_reader.loads(raw)


def test_surrogate_pairs_are_characters() -> None:
    assert json_reader.loads(b'{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}


def test_messages_name_the_document() -> None:
    with pytest.raises(InvalidInput, match=r"^'variables' is not accepted"):
        json_reader.loads('{"a": "\\u0000"}', what="'variables'")


def test_check_strings_walks_without_recursion() -> None:
    value: list[object] = ["\x00"]
    for _ in range(10_000):
        value = [value]
    with pytest.raises(InvalidInput, match="NUL"):
        json_reader.check_strings(value)
    json_reader.check_strings({"a": [1, None, {"b": "fine"}]})
