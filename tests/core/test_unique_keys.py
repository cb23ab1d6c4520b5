"""Names that must be unique whatever their case stay unique under concurrent writers:
a repository's label names, and account e-mail addresses (as in Gitea and Gogs).
The database enforces it; the loser of a race gets CONFLICT naming the field."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.forge import Forge, GraphQLError, unique

CREATE_LABEL = """mutation($i: CreateLabelInput!) { createLabel(input: $i) { label { name } } }"""
UPDATE_VIEWER = (
    """mutation($i: UpdateViewerInput!) { updateViewer(input: $i) { viewer { email } } }"""
)
CREATE_USER = """mutation($i: CreateUserInput!) { createUser(input: $i) { user { login } } }"""
ROUNDS = 4


def _race(forge: Forge, calls: list[tuple[str, dict[str, Any], str]]) -> list[dict[str, Any]]:
    """Send the calls at once; each answer's body (data or errors)."""
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda call: forge.raw(*call), calls))


def _one_wins(answers: list[dict[str, Any]], field: str) -> dict[str, Any]:
    won = [a for a in answers if not a.get("errors")]
    lost = [a for a in answers if a.get("errors")]
    assert len(won) == 1 and len(lost) == len(answers) - 1, answers
    for answer in lost:
        error = GraphQLError(answer["errors"])
        assert error.codes == ["CONFLICT"], answer
        assert error.errors[0]["extensions"]["field"] == field, answer
    return won[0]["data"]


def test_concurrent_labels_differing_only_in_case_conflict(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    for round_ in range(ROUNDS):
        name = f"Bug{round_}"
        calls = [
            (
                CREATE_LABEL,
                {"i": {"repositoryId": repo["id"], "name": n, "color": "#DC2626"}},
                user.token,
            )
            for n in (name, name.lower())
        ]
        _one_wins(_race(forge, calls), "name")
    labels = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
        "{ labels(first: 50) { nodes { name } } } }",
        {"o": user.login, "n": repo["name"]},
        token=user.token,
    )["repository"]["labels"]["nodes"]
    keys = [label["name"].lower() for label in labels]
    assert sorted(keys) == [f"bug{r}" for r in range(ROUNDS)]


def test_renaming_a_label_onto_another_in_other_case_conflicts(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    ids = [
        forge.gql(
            "mutation($i: CreateLabelInput!) { createLabel(input: $i) { label { id } } }",
            {"i": {"repositoryId": repo["id"], "name": name, "color": "#DC2626"}},
            token=user.token,
        )["createLabel"]["label"]["id"]
        for name in ("Bug", "Feature")
    ]
    update = "mutation($i: UpdateLabelInput!) { updateLabel(input: $i) { label { name } } }"
    error = forge.gql_error(update, {"i": {"id": ids[1], "name": "BUG"}}, token=user.token)
    assert error.codes == ["CONFLICT"] and error.errors[0]["extensions"]["field"] == "name"
    # A label may change the case of its own name.
    renamed = forge.gql(update, {"i": {"id": ids[0], "name": "BUG"}}, token=user.token)
    assert renamed["updateLabel"]["label"]["name"] == "BUG"


def test_concurrent_users_taking_one_email_conflict(forge: Forge) -> None:
    for _ in range(ROUNDS):
        first, second = forge.new_user(), forge.new_user()
        email = f"{unique('race')}@example.org"
        calls = [
            (UPDATE_VIEWER, {"i": {"email": address}}, user.token)
            for user, address in ((first, email), (second, email.upper()))
        ]
        won = _one_wins(_race(forge, calls), "email")
        assert won["updateViewer"]["viewer"]["email"].lower() == email
        emails = {
            user.login: forge.gql("{ viewer { email } }", token=user.token)["viewer"]["email"]
            for user in (first, second)
        }
        # The winner has the address; the loser kept their own.
        kept = [e for login, e in emails.items() if e == f"{login}@example.com"]
        assert len(kept) == 1 and email in {e.lower() for e in emails.values()}, emails


def test_new_users_cannot_reuse_an_email(forge: Forge) -> None:
    user = forge.new_user()
    taken = f"{user.login}@EXAMPLE.com"
    login = unique("dup")
    new = {"login": login, "email": taken, "password": "long-enough-pw"}
    error = forge.gql_error(CREATE_USER, {"i": new}, token=forge.admin.token)
    assert error.codes == ["CONFLICT"] and error.errors[0]["extensions"]["field"] == "email"
    assert forge.gql(
        "query($l: String!) { user(login: $l) { login } }", {"l": login}, token=forge.admin.token
    ) == {"user": None}
    # Two admins creating users with one address at once: one account is made.
    email = f"{unique('race')}@example.org"
    calls = [
        (
            CREATE_USER,
            {"i": {"login": unique("c"), "email": email, "password": "long-enough-pw"}},
            forge.admin.token,
        )
        for _ in range(2)
    ]
    _one_wins(_race(forge, calls), "email")
    # The CLI says which field is taken.
    cli = forge.cli(
        "admin", "create-user", unique("cli"), "--email", email, "--password", "a-long-password"
    )
    assert cli.returncode == 1 and "email" in cli.stderr
