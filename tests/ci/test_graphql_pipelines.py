"""GraphQL: trigger, cancel, rerun; who may; numbers under concurrency; node lookups."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.ci.ci_helpers import (
    CANCEL,
    PIPELINE,
    RERUN,
    add_collaborator,
    owner_name,
    pipelines,
    push_files,
    seeded,
    trigger,
)
from tests.forge import Forge
from tests.git.gitcli import Git, url


def test_owner_can_trigger_a_pipeline_for_a_branch_tip(forge: Forge, tmp_path: Path) -> None:
    user, repo = seeded(forge, tmp_path)
    pipeline = trigger(forge, user.token, repo)
    assert pipeline["number"] == 2
    assert pipeline["status"] == "PENDING"
    assert pipeline["event"] == "MANUAL"
    assert pipeline["branch"] == "main"
    assert pipeline["triggeredBy"] == {"login": user.login}
    first = pipelines(forge, user.token, repo)["nodes"][-1]
    assert pipeline["commitOid"] == first["commitOid"]
    assert first["event"] == "PUSH"


def test_owner_can_trigger_chosen_files_inside_the_workflow_directory(
    forge: Forge, tmp_path: Path
) -> None:
    user, repo = seeded(forge, tmp_path)
    pipeline = trigger(forge, user.token, repo, files=["./.kod/workflows/lint.toml"])
    owner, name = owner_name(repo)
    found = pipelines(forge, user.token, repo)["nodes"][0]
    assert found["number"] == pipeline["number"]
    assert found["files"] == [".kod/workflows/lint.toml"]
    assert [s["name"] for s in found["steps"]["nodes"]] == ["lint"]
    for outside in (
        "README.md",
        ".kod/workflows/../secrets.toml",
        ".kod/workflows/sub/x.toml",
        ".kod/build.toml",
        "/etc/passwd",
    ):
        error = forge.gql_error(
            "mutation($i: TriggerPipelineInput!) { triggerPipeline(input: $i) { pipeline { id } } }",
            {"i": {"repositoryId": repo["id"], "branch": "main", "files": [outside]}},
            token=user.token,
        )
        assert error.codes == ["BAD_USER_INPUT"], outside
        assert error.errors[0]["extensions"]["field"] == "files"
    missing = forge.gql_error(
        "mutation($i: TriggerPipelineInput!) { triggerPipeline(input: $i) { pipeline { status } } }",
        {"i": {"repositoryId": repo["id"], "branch": "nope"}},
        token=user.token,
    )
    assert missing.codes == ["NOT_FOUND"]
    # A named file the commit lacks gives an error pipeline naming it.
    absent = trigger(forge, user.token, repo, files=[".kod/workflows/absent.toml"])
    assert absent["status"] == "ERROR"
    one = forge.gql(PIPELINE, {"o": owner, "n": name, "number": absent["number"]}, user.token)
    assert one["repository"]["pipeline"]["errorMessage"] == (
        ".kod/workflows/absent.toml:1: no such file in the commit"
    )


def test_owner_can_cancel_a_pending_pipeline_and_rerun_it(forge: Forge, tmp_path: Path) -> None:
    user, repo = seeded(forge, tmp_path)
    pending = pipelines(forge, user.token, repo)["nodes"][0]
    cancelled = forge.gql(CANCEL, {"id": pending["id"]}, user.token)["cancelPipeline"]["pipeline"]
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["cancelRequested"] is False
    assert cancelled["finishedAt"] is not None
    assert {s["status"] for s in cancelled["steps"]["nodes"]} == {"CANCELLED"}
    again = forge.gql(CANCEL, {"id": pending["id"]}, user.token)["cancelPipeline"]["pipeline"]
    assert again["status"] == "CANCELLED"  # a finished pipeline stays as it is
    rerun = forge.gql(RERUN, {"id": pending["id"]}, user.token)["rerunPipeline"]["pipeline"]
    assert rerun["number"] == 2
    assert rerun["event"] == "RERUN"
    assert rerun["status"] == "PENDING"
    assert rerun["commitOid"] == pending["commitOid"] and rerun["branch"] == "main"
    assert [s["name"] for s in rerun["steps"]["nodes"]] == [
        s["name"] for s in pending["steps"]["nodes"]
    ]
    node = forge.gql(
        "query($id: ID!) { node(id: $id) { ... on Pipeline { number rerunOf { number } } } }",
        {"id": rerun["id"]},
        user.token,
    )
    assert node["node"] == {"number": 2, "rerunOf": {"number": 1}}


def test_readers_and_outsiders_cannot_run_pipelines(forge: Forge, tmp_path: Path) -> None:
    owner, repo = seeded(forge, tmp_path)
    pending = pipelines(forge, owner.token, repo)["nodes"][0]
    reader, outsider = forge.new_user("rd"), forge.new_user("out")
    add_collaborator(forge, owner, repo, reader.login, "READ")
    for token, code in (
        (reader.token, "FORBIDDEN"),
        (outsider.token, "FORBIDDEN"),
        (forge.token_for(owner, ["repo:read", "repo:write", "workflow:read"]), "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ):
        assert forge.gql_error(CANCEL, {"id": pending["id"]}, token).codes == [code]
        assert forge.gql_error(RERUN, {"id": pending["id"]}, token).codes == [code]
    # Kod's documented token: repo:read and workflow:trigger, no repo:write.
    kod_token = forge.token_for(owner, ["repo:read", "workflow:trigger"])
    assert trigger(forge, kod_token, repo)["status"] == "PENDING"
    # Everyone may read a public repository's pipelines; a token needs workflow:read.
    assert pipelines(forge, None, repo)["totalCount"] == 2
    assert pipelines(forge, outsider.token, repo)["totalCount"] == 2
    narrow = forge.token_for(owner, ["repo:read"])
    assert forge.gql_error(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
        "{ pipelines { totalCount } } }",
        dict(zip(("o", "n"), owner_name(repo), strict=True)),
        narrow,
    ).codes == ["FORBIDDEN"]


def test_outsiders_cannot_see_a_private_repositorys_pipelines(forge: Forge, tmp_path: Path) -> None:
    owner, repo = seeded(forge, tmp_path, private=True)
    pending = pipelines(forge, owner.token, repo)["nodes"][0]
    outsider = forge.new_user("out")
    for token in (outsider.token, None):
        assert pipelines(forge, token, repo) is None
        found = forge.gql("query($id: ID!) { node(id: $id) { id } }", {"id": pending["id"]}, token)
        assert found["node"] is None
        assert forge.gql_error(CANCEL, {"id": pending["id"]}, token).codes == ["NOT_FOUND"]
        assert forge.gql_error(RERUN, {"id": pending["id"]}, token).codes == ["NOT_FOUND"]
        error = forge.gql_error(
            "mutation($i: TriggerPipelineInput!) { triggerPipeline(input: $i) { pipeline { id } } }",
            {"i": {"repositoryId": repo["id"], "branch": "main"}},
            token,
        )
        assert error.codes == ["NOT_FOUND"]


def test_concurrent_pushes_never_share_or_skip_a_number(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user("cc")
    repo = forge.new_repo(user)
    seed = tmp_path / "seed"
    push_files(forge, git, seed, user, repo, {"README.md": "x\n"})
    remote = url(forge, repo["nameWithOwner"], user.token)
    works = []
    for index in range(6):
        work = tmp_path / f"w{index}"
        git.run("clone", "-q", remote, str(work))
        git.run("checkout", "-q", "-b", f"b{index}", cwd=work)
        git.commit(work, ".kod/workflows/ci.toml", f"[step:s]\nrun: echo {index}\n")
        works.append(work)

    def push(index: int) -> None:
        git.run("push", "-q", "origin", f"b{index}", cwd=works[index])

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(push, range(6)))
    found = pipelines(forge, user.token, repo)
    assert sorted(p["number"] for p in found["nodes"]) == [1, 2, 3, 4, 5, 6]
    assert sorted(p["branch"] for p in found["nodes"]) == [f"b{i}" for i in range(6)]
    assert {p["event"] for p in found["nodes"]} == {"PUSH"}
    # Triggers racing each other and a push take numbers from the same counter.
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda i: trigger(forge, user.token, repo, branch=f"b{i}"), range(4)))
    numbers = sorted(p["number"] for p in pipelines(forge, user.token, repo)["nodes"])
    assert numbers == list(range(1, 11))
