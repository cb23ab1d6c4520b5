"""Pushing workflow files to a live Ingot and reading its pipelines through GraphQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.forge import Forge, User
from tests.git.gitcli import Git, url

BUILD = """timeout: 120

[step:install]
run: echo install

[step:setup]
run:
  env.NODE_ENV = "production"
  echo {env.NODE_ENV}

[step:deploy]
if: "branch == 'main'"
working_dir: ./apps/web
image: alpine:3
run: ./deploy.sh {branch}
continue_on_error: true
"""

PIPELINES = """query($o: String!, $n: String!, $after: String, $status: PipelineStatus) {
  repository(owner: $o, name: $n) {
    pipelines(first: 10, after: $after, status: $status) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id number status event branch commitOid createdAt startedAt finishedAt
              errorMessage files triggeredBy { login }
              steps(first: 20) { totalCount nodes { number name status exitCode startedAt
                                 finishedAt log image commands condition workingDir
                                 continueOnError workflow } } }
    }
  }
}"""

PIPELINE = """query($o: String!, $n: String!, $number: Int!) {
  repository(owner: $o, name: $n) {
    pipeline(number: $number) { id number status event branch commitOid errorMessage
      cancelRequested steps { nodes { number name status log } } }
  }
}"""


def owner_name(repo: dict[str, Any]) -> tuple[str, str]:
    owner, name = repo["nameWithOwner"].split("/")
    return owner, name


def push_files(
    forge: Forge,
    git: Git,
    work: Path,
    user: User,
    repo: dict[str, Any],
    files: dict[str, str],
    branch: str = "main",
) -> str:
    """Commit ``files`` in ``work`` (made on first use) and push ``branch``; the commit."""
    if not (work / ".git").exists():
        git.init(work, branch)
    for name, content in files.items():
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
        git.run("add", "--", name, cwd=work)
    git.run("commit", "-q", "--allow-empty", "-m", "workflows", cwd=work)
    git.run("push", "-q", url(forge, repo["nameWithOwner"], user.token), f"HEAD:{branch}", cwd=work)
    return git.rev(work, "HEAD")


def pipelines(forge: Forge, token: str | None, repo: dict[str, Any], **extra: Any) -> Any:
    owner, name = owner_name(repo)
    data = forge.gql(PIPELINES, {"o": owner, "n": name, **extra}, token=token)
    return data["repository"]["pipelines"] if data["repository"] else None


TRIGGER = """mutation($i: TriggerPipelineInput!) { triggerPipeline(input: $i) {
  pipeline { id databaseId number status event branch commitOid triggeredBy { login } } } }"""
CANCEL = """mutation($id: ID!) { cancelPipeline(input: {pipelineId: $id}) {
  pipeline { id number status cancelRequested finishedAt steps { nodes { status } } } } }"""
RERUN = """mutation($id: ID!) { rerunPipeline(input: {pipelineId: $id}) {
  pipeline { id number status event branch commitOid steps { nodes { name } } } } }"""


def add_collaborator(
    forge: Forge, owner: User, repo: dict[str, Any], login: str, level: str
) -> None:
    forge.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { __typename } }",
        {"i": {"repositoryId": repo["id"], "login": login, "permission": level}},
        token=owner.token,
    )


def trigger(
    forge: Forge, token: str, repo: dict[str, Any], branch: str = "main", **extra: Any
) -> Any:
    data = forge.gql(
        TRIGGER, {"i": {"repositoryId": repo["id"], "branch": branch, **extra}}, token=token
    )
    return data["triggerPipeline"]["pipeline"]


def seeded(forge: Forge, tmp_path: Path, *, private: bool = False) -> tuple[User, dict[str, Any]]:
    """A user and their repository whose main holds two workflow files (one pipeline queued)."""
    user = forge.new_user("ci")
    repo = forge.new_repo(user, private=private)
    push_files(
        forge,
        Git(tmp_path / "home"),
        tmp_path / "seed",
        user,
        repo,
        {
            ".kod/workflows/build.toml": BUILD,
            ".kod/workflows/lint.toml": "[step:lint]\nrun: true\n",
        },
    )
    return user, repo
