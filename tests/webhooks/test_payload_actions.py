"""The actions Gogs' receivers switch on, end to end: labels, closing, a comment and a
release deleted after the event (rendered from the snapshot the event kept), a pull
request synchronized by a push and merged; the same events as Slack and Discord
messages, and as Kod's and Isurus' bodies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.forge import Forge, User
from tests.webhooks.dialect_flow import Pushed, create_hook, payload
from tests.webhooks.dialect_receiver import Received, Receiver


def run(
    forge: Forge, user: User, field: str, input_type: str, value: dict[str, Any], select: str
) -> Any:
    data = forge.gql(
        f"mutation($i: {input_type}!) {{ {field}(input: $i) {{ {select} }} }}",
        {"i": value},
        token=user.token,
    )
    return data[field]


def by_header(requests: list[Received], header: str) -> dict[str, list[Received]]:
    found: dict[str, list[Received]] = {}
    for request in requests:
        found.setdefault(request.header(header) or "", []).append(request)
    return found


def test_gogs_actions_and_snapshots_reach_receivers(hooks: Forge, tmp_path: Path) -> None:
    owner = hooks.new_user("gogsact")
    repo = hooks.new_repo(owner)
    clone = Pushed(hooks, owner, repo, tmp_path)
    clone.commit("README.md", "hello\n")
    clone.push("main")
    clone.git.run("checkout", "-q", "-b", "topic", cwd=clone.work)
    clone.commit("topic.txt", "one\n")
    clone.push("topic")
    events = ["issues", "issue_comment", "pull_request", "release"]
    with Receiver() as gogs, Receiver() as slack, Receiver() as discord:
        create_hook(hooks, owner.token, repo["id"], gogs.url, events=events)
        create_hook(hooks, owner.token, repo["id"], slack.url, events=events, type="slack")
        create_hook(hooks, owner.token, repo["id"], discord.url, events=events, type="discord")
        label = run(
            hooks,
            owner,
            "createLabel",
            "CreateLabelInput",
            {"repositoryId": repo["id"], "name": "bug", "color": "#ff0000"},
            "label { id }",
        )
        issue = run(
            hooks,
            owner,
            "createIssue",
            "CreateIssueInput",
            {"repositoryId": repo["id"], "title": "Broken"},
            "issue { id number }",
        )["issue"]
        run(
            hooks,
            owner,
            "addLabelsToLabelable",
            "LabelableInput",
            {"labelableId": issue["id"], "labelIds": [label["label"]["id"]]},
            "labelable { id }",
        )
        run(hooks, owner, "closeIssue", "CloseIssueInput", {"issueId": issue["id"]}, "issue { id }")
        comment = run(
            hooks,
            owner,
            "addComment",
            "AddCommentInput",
            {"subjectId": issue["id"], "body": "Short-lived"},
            "comment { id }",
        )
        gogs.wait(4)  # opened, label_updated, closed, comment created
        run(
            hooks,
            owner,
            "deleteIssueComment",
            "DeleteIssueCommentInput",
            {"id": comment["comment"]["id"]},
            "__typename",
        )
        pull = run(
            hooks,
            owner,
            "createPullRequest",
            "CreatePullRequestInput",
            {
                "repositoryId": repo["id"],
                "title": "Topic",
                "headRefName": "topic",
                "baseRefName": "main",
            },
            "pullRequest { id number }",
        )["pullRequest"]
        gogs.wait(6)
        clone.commit("topic.txt", "two\n")
        clone.push("topic")
        gogs.wait(7)
        run(
            hooks,
            owner,
            "mergePullRequest",
            "MergePullRequestInput",
            {"pullRequestId": pull["id"]},
            "pullRequest { id }",
        )
        release = run(
            hooks,
            owner,
            "createRelease",
            "CreateReleaseInput",
            {"repositoryId": repo["id"], "tagName": "v1", "name": "One", "description": "notes"},
            "release { id }",
        )["release"]
        gogs.wait(9)
        run(
            hooks,
            owner,
            "deleteRelease",
            "DeleteReleaseInput",
            {"releaseId": release["id"]},
            "deletedReleaseId",
        )
        requests = gogs.wait(10)
        events_seen = by_header(requests, "X-Gogs-Event")

        actions = [payload(r)["action"] for r in events_seen["issues"]]
        assert sorted(actions) == ["closed", "label_updated", "opened"]
        labeled = next(
            payload(r) for r in events_seen["issues"] if payload(r)["action"] == "label_updated"
        )
        assert [each["name"] for each in labeled["issue"]["labels"]] == ["bug"]
        comments = sorted(
            (payload(r) for r in events_seen["issue_comment"]), key=lambda b: b["action"]
        )
        assert [c["action"] for c in comments] == ["created", "deleted"]
        assert comments[1]["comment"]["body"] == "Short-lived"
        assert comments[1]["comment"]["user"]["username"] == owner.login
        pulls = {payload(r)["action"]: payload(r) for r in events_seen["pull_request"]}
        assert set(pulls) == {"opened", "synchronized", "closed"}
        merged = pulls["closed"]["pull_request"]
        assert (merged["merged"], merged["state"]) == (True, "closed")
        assert merged["merged_by"]["username"] == owner.login
        assert merged["merge_commit_sha"] and merged["merged_at"].endswith("Z")
        releases = {payload(r)["action"]: payload(r) for r in events_seen["release"]}
        assert set(releases) == {"published", "deleted"}
        assert releases["deleted"]["release"]["tag_name"] == "v1"
        assert releases["deleted"]["release"]["author"]["username"] == owner.login

        slack_texts = [payload(r)["text"] for r in slack.wait(10)]
        assert any("New issue created by" in text for text in slack_texts)
        assert any("Pull request merged:" in text for text in slack_texts)
        assert any("Comment deleted by" in text for text in slack_texts)
        titles = [payload(r)["embeds"][0]["title"] for r in discord.wait(10)]
        assert any(title.startswith("Issue labels updated: #") for title in titles)
        assert any(title.startswith("Pull request synchronized: #") for title in titles)


def test_kod_and_isurus_bodies_for_other_events(hooks: Forge) -> None:
    owner = hooks.new_user("kodisu")
    repo = hooks.new_repo(owner)
    with Receiver() as kod, Receiver() as isurus:
        create_hook(hooks, owner.token, repo["id"], kod.url, events=["issues"], type="kod")
        create_hook(hooks, owner.token, repo["id"], isurus.url, events=["issues"], type="isurus")
        issue = run(
            hooks,
            owner,
            "createIssue",
            "CreateIssueInput",
            {"repositoryId": repo["id"], "title": "Hello", "body": "there"},
            "issue { number }",
        )["issue"]
        (from_kod,) = kod.wait(1)
        assert payload(from_kod) == {
            "event": "issues",
            "repo": repo["name"],
            "action": "opened",
            "id": issue["number"],
        }
        assert from_kod.header("X-Kod-Event") == "issues"
        assert from_kod.header("X-Kod-Signature-256") is None
        (from_isurus,) = isurus.wait(1)
        body = payload(from_isurus)
        assert (body["event"], body["action"]) == ("issue", "opened")
        assert body["issue"]["number"] == issue["number"] and body["issue"]["body"] == "there"
        assert from_isurus.header("X-Isurus-Event") == "issue"
