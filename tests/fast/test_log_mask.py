"""Masking secret values in CI logs, also across chunk boundaries (no server)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.services.log_mask import MASK, Masker


def stream(masker: Masker, chunks: list[str]) -> str:
    return "".join(masker.feed(chunk) for chunk in chunks) + masker.flush()


def test_a_value_is_masked_whole_in_one_chunk() -> None:
    assert Masker(["hunter2"]).mask("pw=hunter2 ok") == f"pw={MASK} ok"


def test_a_value_split_across_chunks_is_masked() -> None:
    masker = Masker(["s3cr3t-value"])
    out = [masker.feed("token: s3c"), masker.feed("r3t-va"), masker.feed("lue done\n")]
    assert "".join(out) == f"token: {MASK} done\n"
    assert not any("s3c" in part for part in out)


def test_ordinary_output_is_not_held_back() -> None:
    masker = Masker(["zzzz-secret"])
    assert masker.feed("building...\n") == "building...\n"
    assert masker.feed("step z") == "step "
    assert masker.feed("ebra\n") == "zebra\n"


def test_the_longer_of_two_overlapping_values_is_masked_whole() -> None:
    assert Masker(["abc", "abcdef"]).mask("xabcdefx abc") == f"x{MASK}x {MASK}"


def test_no_values_pass_text_through() -> None:
    masker = Masker(["", ""])
    assert masker.feed("anything") == "anything"
    assert masker.flush() == ""


def test_a_held_tail_that_was_no_value_comes_out_at_the_end() -> None:
    masker = Masker(["password123"])
    assert masker.feed("pass") == ""
    assert masker.flush() == "pass"


@given(
    st.text(alphabet="ab", min_size=0, max_size=30),
    st.lists(st.integers(min_value=0, max_value=40), max_size=6),
)
def test_no_split_ever_leaks_a_value(text: str, cuts: list[int]) -> None:
    value = "abba"
    whole = text + value + text
    points = sorted({min(c, len(whole)) for c in cuts})
    chunks = [whole[a:b] for a, b in zip([0, *points], [*points, len(whole)], strict=True)]
    out = stream(Masker([value]), chunks)
    assert value not in out
    assert out == Masker([value]).mask(whole)
