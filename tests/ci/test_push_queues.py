"""A push of workflow files queues one pipeline; a broken file gives an error pipeline."""

from __future__ import annotations

from pathlib import Path

from tests.ci.ci_helpers import BUILD, PIPELINE, owner_name, pipelines, push_files
from tests.forge import Forge
from tests.git.gitcli import Git


def test_pusher_can_queue_one_pipeline_with_its_steps(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    commit = push_files(
        forge,
        git,
        tmp_path / "w",
        user,
        repo,
        {
            ".kod/workflows/build.toml": BUILD,
            ".kod/workflows/lint.toml": "[step:lint]\nrun: echo lint\n",
            ".kod/workflows/sub/ignored.toml": "not even parsed",
            ".kod/workflows/notes.txt": "ignored",
        },
    )
    found = pipelines(forge, user.token, repo)
    assert found["totalCount"] == 1
    (pipeline,) = found["nodes"]
    assert pipeline["number"] == 1
    assert pipeline["status"] == "PENDING"
    assert pipeline["event"] == "PUSH"
    assert pipeline["branch"] == "main"
    assert pipeline["commitOid"] == commit
    assert pipeline["startedAt"] is None and pipeline["finishedAt"] is None
    assert pipeline["errorMessage"] == ""
    assert pipeline["triggeredBy"] == {"login": user.login}
    assert pipeline["files"] == [".kod/workflows/build.toml", ".kod/workflows/lint.toml"]
    steps = pipeline["steps"]["nodes"]
    assert [(s["number"], s["name"]) for s in steps] == [
        (1, "install"),
        (2, "setup"),
        (3, "deploy"),
        (4, "lint"),
    ]
    assert all(s["status"] == "PENDING" and s["exitCode"] is None for s in steps)
    assert all(s["log"] == "" for s in steps)
    assert steps[1]["commands"] == ['env.NODE_ENV = "production"', "echo {env.NODE_ENV}"]
    deploy = steps[2]
    assert deploy["condition"] == "branch == 'main'"
    assert deploy["workingDir"] == "apps/web"
    assert deploy["image"] == "alpine:3"
    assert deploy["continueOnError"] is True
    assert deploy["workflow"] == ".kod/workflows/build.toml"


def test_a_push_without_workflow_files_queues_nothing(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    push_files(forge, git, tmp_path / "w", user, repo, {"README.md": "hello\n"})
    assert pipelines(forge, user.token, repo)["totalCount"] == 0


def test_pusher_can_push_a_broken_workflow_and_gets_an_error_pipeline(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    broken = "[step:a]\nrun: echo a\nif: \"branch =~ 'x'\"\n"
    commit = push_files(
        forge, git, tmp_path / "w", user, repo, {".kod/workflows/broken.toml": broken}
    )
    (pipeline,) = pipelines(forge, user.token, repo)["nodes"]
    assert pipeline["commitOid"] == commit  # the push itself went through
    assert pipeline["status"] == "ERROR"
    assert pipeline["finishedAt"] is not None
    assert pipeline["errorMessage"].startswith(
        ".kod/workflows/broken.toml:3: unsupported condition"
    )
    (step,) = pipeline["steps"]["nodes"]
    assert step["status"] == "FAILURE"
    assert step["log"].startswith(".kod/workflows/broken.toml:3: unsupported condition")
    owner, name = owner_name(repo)
    one = forge.gql(PIPELINE, {"o": owner, "n": name, "number": 1}, token=user.token)
    assert one["repository"]["pipeline"]["status"] == "ERROR"
    assert (
        forge.gql(PIPELINE, {"o": owner, "n": name, "number": 2}, token=user.token)["repository"][
            "pipeline"
        ]
        is None
    )


def test_each_push_takes_the_next_number(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    work = tmp_path / "w"
    for round_ in range(3):
        push_files(
            forge,
            git,
            work,
            user,
            repo,
            {".kod/workflows/a.toml": f"[step:s]\nrun: echo {round_}\n"},
        )
    found = pipelines(forge, user.token, repo)
    assert [p["number"] for p in found["nodes"]] == [3, 2, 1]


def test_pusher_can_push_oversized_and_escaping_workflows_and_gets_errors(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    huge = "[step:a]\nrun: echo a\n" + "# padding\n" * 30_000
    escaping = "[step:a]\nworking_dir: apps/../../etc\nrun: ls\n"
    push_files(
        forge,
        git,
        tmp_path / "w",
        user,
        repo,
        {".kod/workflows/huge.toml": huge, ".kod/workflows/out.toml": escaping},
    )
    (pipeline,) = pipelines(forge, user.token, repo)["nodes"]
    assert pipeline["status"] == "ERROR"
    logs = [s["log"] for s in pipeline["steps"]["nodes"]]
    assert logs == [
        ".kod/workflows/huge.toml:1: the file is larger than 262144 bytes\n",
        ".kod/workflows/out.toml:2: working_dir 'apps/../../etc' leaves the repository\n",
    ]
