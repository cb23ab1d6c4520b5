"""Password guessing is slowed, then refused, per address; the account's owner still gets in."""

from __future__ import annotations

import time

import httpx

from tests.forge import Forge
from tests.ratelimit.conftest import StartLimited

SIGN_IN = (
    "mutation($l: String!, $p: String!) { signIn(input: {login: $l, password: $p}) { token } }"
)
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.9"


def _sign_in(forge: Forge, login: str, password: str, address: str) -> httpx.Response:
    return forge.client.post(
        f"{forge.url}/graphql",
        json={"query": SIGN_IN, "variables": {"l": login, "p": password}},
        headers={"X-Forwarded-For": address},
    )


def _code(response: httpx.Response) -> str | None:
    errors = response.json().get("errors")
    return errors[0]["extensions"]["code"] if errors else None


def _mint(forge: Forge, login: str, password: str, address: str) -> httpx.Response:
    return forge.client.post(
        f"{forge.url}/api/v1/users/{login}/tokens",
        json={"name": f"t{time.monotonic_ns()}"},
        auth=(login, password),
        headers={"X-Forwarded-For": address},
    )


def test_guessing_is_slowed_then_refused_and_the_owner_still_signs_in(
    start_limited: StartLimited,
) -> None:
    # Four failures per address: one free, then waits of 2 and 4 seconds, then refused.
    forge = start_limited(
        anonymous=1000,
        token=1000,
        env={
            "INGOT_TRUSTED_PROXIES": "127.0.0.1",
            "INGOT_SIGN_IN_ADDRESS_LIMIT": "4",
            "INGOT_SIGN_IN_ACCOUNT_LIMIT": "100",
        },
    )
    user = forge.new_user("victim")
    assert _code(_sign_in(forge, user.login, "wrong-1", ATTACKER)) == "UNAUTHENTICATED"
    assert _code(_sign_in(forge, user.login, "wrong-2", ATTACKER)) == "UNAUTHENTICATED"

    waits = []
    for attempt in range(3, 5):
        slowed = _sign_in(forge, user.login, f"wrong-{attempt}", ATTACKER)
        assert _code(slowed) == "RATE_LIMITED", slowed.text
        wait = slowed.json()["errors"][0]["extensions"]["retryAfter"]
        waits.append(wait)
        # Even the right password waits: a refused attempt checks none.
        assert _code(_sign_in(forge, user.login, user.password, ATTACKER)) == "RATE_LIMITED"
        time.sleep(wait + 0.1)
        assert _code(_sign_in(forge, user.login, f"wrong-{attempt}", ATTACKER)) == (
            "UNAUTHENTICATED"
        )
    assert 1 <= waits[0] <= 2 and 3 <= waits[1] <= 4, waits  # backoff doubles

    # Four failures: this address is refused until the window ends, whatever it sends.
    refused = _sign_in(forge, user.login, user.password, ATTACKER)
    assert _code(refused) == "RATE_LIMITED"
    assert refused.json()["errors"][0]["extensions"]["retryAfter"] > 60
    assert refused.json()["data"] is None
    minted = _mint(forge, user.login, user.password, ATTACKER)
    assert minted.status_code == 429, minted.text
    assert set(minted.json()) == {"message", "url"}
    assert int(minted.headers["Retry-After"]) > 60

    # The owner, from another address, signs in and mints a token with the right password.
    allowed = _sign_in(forge, user.login, user.password, OWNER)
    assert allowed.status_code == 200
    assert allowed.json()["data"]["signIn"]["token"]
    minted = _mint(forge, user.login, user.password, OWNER)
    assert minted.status_code == 201, minted.text
    assert minted.json()["sha1"]


def test_failures_for_one_account_from_many_addresses_slow_that_account_only(
    start_limited: StartLimited,
) -> None:
    forge = start_limited(
        anonymous=1000,
        token=1000,
        env={
            "INGOT_TRUSTED_PROXIES": "127.0.0.1",
            "INGOT_SIGN_IN_ADDRESS_LIMIT": "100",
            "INGOT_SIGN_IN_ACCOUNT_LIMIT": "4",
        },
    )
    user = forge.new_user("target")
    other = forge.new_user("bystander")
    for n in range(2):
        assert _code(_sign_in(forge, user.login, "wrong", f"203.0.113.{n + 10}")) == (
            "UNAUTHENTICATED"
        )
    # A distributed guess is slowed for that account, from any address, with Retry-After...
    slowed = _mint(forge, user.login, "wrong", "203.0.113.99")
    assert slowed.status_code == 429, slowed.text
    wait = int(slowed.headers["Retry-After"])
    assert 1 <= wait <= 2
    # ...but never refused for good: after the wait the owner's password works.
    assert _sign_in(forge, other.login, other.password, "203.0.113.99").status_code == 200
    time.sleep(wait + 0.1)
    assert _sign_in(forge, user.login, user.password, OWNER).json()["data"]["signIn"]["token"]
