"""The query limits: the settings' defaults are the schema's, one rule class per set of limits."""

from __future__ import annotations

import pytest
from graphql import parse

from app.config import load_settings
from schema import check_document
from schema.limits import DEFAULT_LIMITS, Limits, QueryLimits, limits_rule


def test_the_settings_default_to_the_limits_the_schema_ships(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("INGOT_MAX_QUERY_DEPTH", raising=False)
    monkeypatch.delenv("INGOT_MAX_QUERY_COST", raising=False)
    settings = load_settings()
    configured = Limits(depth=settings.max_query_depth, cost=settings.max_query_cost)
    assert configured == DEFAULT_LIMITS


def test_the_environment_sets_depth_and_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INGOT_MAX_QUERY_DEPTH", "5")
    monkeypatch.setenv("INGOT_MAX_QUERY_COST", "700")
    settings = load_settings()
    assert (settings.max_query_depth, settings.max_query_cost) == (5, 700)


def test_equal_limits_share_one_rule_so_validation_stays_cached() -> None:
    assert limits_rule(DEFAULT_LIMITS) is QueryLimits
    low = limits_rule(Limits(depth=3))
    assert low is limits_rule(Limits(depth=3)) and low is not QueryLimits
    assert low.limits == Limits(depth=3)


def test_documents_ingot_ships_are_checked_against_the_defaults() -> None:
    inner = "login"
    for _ in range(3):
        inner = f"repositories(first: 1) {{ nodes {{ owner {{ {inner} }} }} }}"
    assert check_document(parse(f"{{ viewer {{ {inner} }} }}")) == []
    for _ in range(2):
        inner = f"repositories(first: 1) {{ nodes {{ owner {{ {inner} }} }} }}"
    errors = check_document(parse(f"{{ viewer {{ {inner} }} }}"))
    assert errors == ["This query is 17 levels deep; the limit is 12."]
