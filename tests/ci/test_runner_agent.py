"""The CI agent API by hand: the poll's job, status rules, log limits and masking, job tokens,
and which tokens each side accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ci.runners import agent, create_runner, push, set_secret
from tests.forge import Forge, User
from tests.git.gitcli import Git, url

VALUE = "agent-secret-0123456789"
WORKFLOW = """timeout: 90

[step:build]
run:
  echo building {branch}
  env.MODE = "fast"

[step:deploy]
if: "branch == 'main'"
working_dir: ./web
continue_on_error: true
run: ./deploy.sh
"""


def claim(forge: Forge, token: str, repo: dict[str, Any]) -> dict[str, Any]:
    """Poll until this repository's pipeline comes; others' left-overs are ended as errors."""
    for _ in range(100):
        answer = agent(forge, "POST", "/poll", token)
        assert answer.status_code == 200, answer.text
        job: dict[str, Any] = answer.json()
        if f"{job['org']}/{job['repo']}" == repo["nameWithOwner"]:
            return job
        agent(
            forge, "PUT", f"/pipelines/{job['pipeline_id']}/status", token, json={"status": "error"}
        )
    raise AssertionError("the pipeline never came")


def header(token: str) -> list[str]:
    return ["-c", f"http.extraHeader=Authorization: Bearer {token}"]


def pushed(forge: Forge, tmp: Path, user: User, repo: dict[str, Any]) -> str:
    return push(
        forge, Git(tmp / "home"), tmp / "work", user, repo["nameWithOwner"],
        {".kod/workflows/deploy.toml": WORKFLOW},
    )  # fmt: skip


def test_runner_can_poll_a_job_with_every_documented_field(
    agent_forge: Forge, tmp_path: Path
) -> None:
    user = agent_forge.new_user("agent")
    repo = agent_forge.new_repo(user, private=True)
    set_secret(agent_forge, user, repo, "DEPLOY_KEY", VALUE)
    commit = pushed(agent_forge, tmp_path, user, repo)
    token = create_runner(agent_forge)
    job = claim(agent_forge, token, repo)
    owner, name = repo["nameWithOwner"].split("/")
    assert isinstance(job["pipeline_id"], int)
    assert job["number"] == 1
    assert job["commit_node"] == commit
    assert job["branch"] == "main"
    assert job["event"] == "push"
    assert job["clone_url"] == f"{agent_forge.url}/{owner}/{name}.git"
    assert (job["org"], job["repo"]) == (owner, name)
    assert job["ci_env"] == {
        "CI": "true",
        "CI_PIPELINE_ID": str(job["pipeline_id"]),
        "CI_COMMIT": commit,
        "CI_BRANCH": "main",
        "CI_REPO": repo["nameWithOwner"],
    }
    assert job["timeout"] == 90
    assert job["job_token"].startswith("ingotj_")
    assert job["secrets"] == {"DEPLOY_KEY": VALUE}
    build, deploy = job["steps"]
    assert build == {
        "id": build["id"],
        "number": 1,
        "name": "build",
        "image": "",
        "commands": ["echo building {branch}", 'env.MODE = "fast"'],
        "environment": {},
        "status": "pending",
        "if": "",
        "working_dir": "",
        "continue_on_error": False,
    }
    assert deploy["if"] == "branch == 'main'"
    assert deploy["working_dir"] == "web"
    assert deploy["continue_on_error"] is True
    # Nothing else is pending: 204, also at /api/v1/ci (served beside Gogs).
    response = agent_forge.client.post(
        f"{agent_forge.url}/api/v1/ci/poll", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 204
    assert response.content == b""
    finish(agent_forge, token, job)


def finish(forge: Forge, token: str, job: dict[str, Any]) -> None:
    answer = agent(forge, "PUT", f"/pipelines/{job['pipeline_id']}/status", token,
                   json={"status": "success", "finished_at": "2026-01-20T14:32:10Z"})  # fmt: skip
    assert answer.status_code in (200, 409), answer.text


def test_runner_cannot_make_an_illegal_move(agent_forge: Forge, tmp_path: Path) -> None:
    user = agent_forge.new_user("agent")
    repo = agent_forge.new_repo(user)
    pushed(agent_forge, tmp_path, user, repo)
    token = create_runner(agent_forge)
    job = claim(agent_forge, token, repo)
    step = job["steps"][0]["id"]
    pipeline = job["pipeline_id"]

    def put(path: str, body: dict[str, Any]) -> Any:
        return agent(agent_forge, "PUT", path, token, json=body)

    running = put(
        f"/steps/{step}/status", {"status": "running", "started_at": "2026-01-20T14:30:05Z"}
    )
    assert running.status_code == 200, running.text
    assert running.json() == {"id": step, "number": 1, "name": "build", "status": "running"}
    unknown = put(f"/steps/{step}/status", {"status": "exploded"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "validation_failed"
    assert unknown.json()["error"]["field"] == "status"
    assert put(f"/steps/{step}/status", {}).status_code == 422
    backwards = put(f"/steps/{step}/status", {"status": "pending"})
    assert backwards.status_code == 409
    assert backwards.json()["error"]["code"] == "conflict"
    done = put(f"/steps/{step}/status", {"status": "success", "exit_code": 0})
    assert done.status_code == 200
    assert put(f"/steps/{step}/status", {"status": "failure", "exit_code": 1}).status_code == 409
    assert put("/steps/999999/status", {"status": "running"}).status_code == 404
    assert put(f"/pipelines/{pipeline}/status", {"status": "pending"}).status_code == 409
    ended = put(f"/pipelines/{pipeline}/status", {"status": "failure"})
    assert ended.status_code == 200
    assert ended.json() == {"id": pipeline, "status": "failure"}
    assert put(f"/pipelines/{pipeline}/status", {"status": "success"}).status_code == 409
    later = job["steps"][1]["id"]
    assert put(f"/steps/{later}/status", {"status": "running"}).status_code == 409
    log = agent(agent_forge, "POST", f"/steps/{later}/log", token, content=b"late\n")
    assert log.status_code == 409
    beat = agent(agent_forge, "POST", "/heartbeat", token, json={"pipelines": [pipeline]})
    assert beat.status_code == 200
    assert beat.json() == {"status": "ok", "stop": [pipeline]}
    # Another runner holds none of it.
    other = create_runner(agent_forge)
    assert agent(agent_forge, "PUT", f"/pipelines/{pipeline}/status", other,
                 json={"status": "error"}).status_code == 404  # fmt: skip


def test_runner_cannot_append_more_than_a_megabyte_and_secrets_are_masked_across_appends(
    agent_forge: Forge, tmp_path: Path
) -> None:
    user = agent_forge.new_user("agent")
    repo = agent_forge.new_repo(user)
    set_secret(agent_forge, user, repo, "DEPLOY_KEY", VALUE)
    pushed(agent_forge, tmp_path, user, repo)
    token = create_runner(agent_forge)
    job = claim(agent_forge, token, repo)
    step = job["steps"][0]["id"]
    agent(agent_forge, "PUT", f"/steps/{step}/status", token, json={"status": "running"})

    def append(text: bytes) -> Any:
        return agent(agent_forge, "POST", f"/steps/{step}/log", token, content=text)

    too_big = append(b"x" * (1024 * 1024 + 1))
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "payload_too_large"
    # A runner that does not mask: the forge masks, also a value split between two appends.
    first = append(f"whole={VALUE} part={VALUE[:7]}".encode())
    assert first.status_code == 200
    assert first.json()["bytes_stored"] > 0
    assert append(f"{VALUE[7:]} end\n".encode()).status_code == 200
    beat = agent(agent_forge, "POST", "/heartbeat", token, json={"pipelines": [job["pipeline_id"]]})
    assert beat.json() == {"status": "ok", "stop": []}
    owner, name = repo["nameWithOwner"].split("/")
    log = agent_forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
        "{ pipeline(number: 1) { steps { nodes { log } } } } }",
        {"o": owner, "n": name},
        token=user.token,
    )["repository"]["pipeline"]["steps"]["nodes"][0]["log"]
    assert log == "whole=*** part=*** end\n"
    finish(agent_forge, token, job)


def test_job_token_reads_only_its_repository_and_only_while_it_runs(
    agent_forge: Forge, tmp_path: Path
) -> None:
    user = agent_forge.new_user("agent")
    repo = agent_forge.new_repo(user, private=True)
    other = agent_forge.new_repo(user, private=True)
    public = agent_forge.new_repo(user)
    git = Git(tmp_path / "home")
    pushed(agent_forge, tmp_path, user, repo)
    for target in (other, public):
        git.run("push", "-q", url(agent_forge, target["nameWithOwner"], user.token), "HEAD:main",
                cwd=tmp_path / "work")  # fmt: skip
    token = create_runner(agent_forge)
    job = claim(agent_forge, token, repo)
    secret = job["job_token"]

    def ls_remote(full_name: str) -> Any:
        # As the runner sends it: a header on every request (git sends Basic credentials
        # only after a 401, which a public repository never answers).
        return git.run(*header(secret), "ls-remote", url(agent_forge, full_name), check=False)

    assert ls_remote(repo["nameWithOwner"]).returncode == 0
    clone = git.run("clone", "-q", url(agent_forge, repo["nameWithOwner"], secret),
                    str(tmp_path / "clone"), check=False)  # fmt: skip
    assert clone.returncode == 0, clone.stderr
    assert "not found" in ls_remote(other["nameWithOwner"]).stderr
    assert "not found" in ls_remote(public["nameWithOwner"]).stderr
    pushed_back = git.run(
        *header(secret), "push", url(agent_forge, repo["nameWithOwner"]), "HEAD:refs/heads/evil",
        cwd=tmp_path / "work", check=False,
    )  # fmt: skip
    assert pushed_back.returncode != 0
    assert "403" in pushed_back.stderr or "only fetch" in pushed_back.stderr
    # Not a user token anywhere else.
    viewer = agent_forge.post_graphql("{ viewer { login } }", token=secret)
    assert viewer.status_code == 401
    finish(agent_forge, token, job)
    assert ls_remote(repo["nameWithOwner"]).returncode != 0


def test_user_token_cannot_use_the_agent_api(agent_forge: Forge) -> None:
    user = agent_forge.new_user("agent")
    admin = agent_forge.admin
    calls = [
        ("POST", "/poll", {}),
        ("POST", "/heartbeat", {"json": {}}),
        ("PUT", "/steps/1/status", {"json": {"status": "running"}}),
        ("PUT", "/pipelines/1/status", {"json": {"status": "success"}}),
        ("POST", "/steps/1/log", {"content": b"hello"}),
    ]
    for prefix in ("/isurus/api/v1/ci", "/api/v1/ci"):
        for method, path, extra in calls:
            for token in (user.token, admin.token, None):
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                answer = agent_forge.client.request(
                    method, f"{agent_forge.url}{prefix}{path}", headers=headers, **extra
                )
                assert answer.status_code == 401, (prefix, path, answer.text)
                assert answer.json()["error"]["code"] == "unauthorized"
    # The agent mutations behind these routes are a runner's alone in GraphQL too.
    for mutation in (
        "mutation { claimPipeline { job { jobToken } } }",
        "mutation { runnerHeartbeat(input: {}) { stopPipelineIds } }",
        'mutation { appendStepLog(input: {stepId: 1, text: "x"}) { bytesStored } }',
    ):
        assert agent_forge.gql_error(mutation, token=admin.token).codes == ["UNAUTHENTICATED"]


def test_runner_token_cannot_use_user_routes(agent_forge: Forge, tmp_path: Path) -> None:
    token = create_runner(agent_forge)
    user = agent_forge.new_user("agent")
    repo = agent_forge.new_repo(user)
    bearer = {"Authorization": f"Bearer {token}"}
    assert agent_forge.post_graphql("{ viewer { login } }", token=token).status_code == 401
    assert agent_forge.post_graphql("{ runners { name } }", token=token).status_code == 401
    for path in (
        "/api/v1/user",
        f"/api/v1/repos/{repo['nameWithOwner']}",
        "/isurus/api/v1/user",
        f"/isurus/api/v1/repos/{repo['nameWithOwner']}",
        "/kod/repos",
    ):
        answer = agent_forge.client.get(f"{agent_forge.url}{path}", headers=bearer)
        assert answer.status_code == 401, (path, answer.text)
    git = Git(tmp_path / "home")
    listed = git.run(
        *header(token), "ls-remote", url(agent_forge, repo["nameWithOwner"]), check=False
    )
    assert listed.returncode != 0
    # 401: git asks for other credentials.
    assert "could not read Username" in listed.stderr


RUNNERS = (
    "{ runners { id databaseId name capacity lastHeartbeatAt busy createdAt tokenLastEight } }"
)
REVOKE = "mutation($i: RevokeRunnerInput!) { revokeRunner(input: $i) { runner { name } } }"


def test_site_admin_can_list_and_revoke_runners(agent_forge: Forge) -> None:
    token = create_runner(agent_forge, "lister")
    assert agent(agent_forge, "POST", "/heartbeat", token, json={"capacity": 3}).status_code == 200
    admin = agent_forge.admin
    listed = {
        r["tokenLastEight"]: r for r in agent_forge.gql(RUNNERS, token=admin.token)["runners"]
    }
    mine = listed[token[-8:]]
    assert mine["name"] == "lister"
    assert mine["capacity"] == 3
    assert mine["lastHeartbeatAt"] is not None
    assert mine["busy"] == 0
    assert mine["createdAt"]
    user = agent_forge.new_user("agent")
    assert agent_forge.gql_error(RUNNERS, token=user.token).codes == ["FORBIDDEN"]
    assert agent_forge.gql_error(REVOKE, {"i": {"id": mine["id"]}}, token=user.token).codes == [
        "FORBIDDEN"
    ]
    revoked = agent_forge.gql(REVOKE, {"i": {"id": mine["id"]}}, token=admin.token)
    assert revoked["revokeRunner"]["runner"]["name"] == "lister"
    assert agent(agent_forge, "POST", "/poll", token).status_code == 401
    remaining = agent_forge.gql(RUNNERS, token=admin.token)["runners"]
    assert token[-8:] not in {r["tokenLastEight"] for r in remaining}
    again = agent_forge.gql_error(REVOKE, {"i": {"id": mine["id"]}}, token=admin.token)
    assert again.codes == ["NOT_FOUND"]


def test_admin_can_create_a_runner_whose_token_is_the_last_line(agent_forge: Forge) -> None:
    done = agent_forge.cli("admin", "create-runner", "cli-runner")
    assert done.returncode == 0
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("ingotr_") and len(last) == len("ingotr_") + 46
    assert agent(agent_forge, "POST", "/heartbeat", last).status_code == 200
