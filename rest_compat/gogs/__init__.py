"""The Gogs REST API v1 (and konnos, a subset of it), mounted at ``/api/v1``.

The route table reads like Gogs' contract (``specs/gogs-openapi.json``), in
its order; each route's ``name`` is the operation id there. Where konnos and
Gogs differ it is written next to the code and in ``docs/rest/konnos.md``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from rest_compat.gogs import (
    admin,
    collaborators,
    comments,
    contents,
    emails,
    file_commits,
    follows,
    forks,
    git,
    hooks,
    issues,
    keys,
    labels,
    markdown,
    milestones,
    orgs,
    releases,
    repositories,
    repository_settings,
    users,
)
from rest_compat.gogs.dialect import GOGS
from rest_compat.route import router

_r = router(GOGS)


async def _version(request: Request) -> Response:
    try:
        number = version("ingot")
    except PackageNotFoundError:
        number = "0+unknown"
    return JSONResponse({"version": number})


ROUTES: list[BaseRoute] = [
    # Repositories
    _r("/repos/search", repositories.search_repositories, "GET", "searchRepos"),
    _r("/user/repos", repositories.viewer_repositories, "GET", "listYourRepos"),
    _r("/user/repos", repositories.create_repository, "POST", "createRepo"),
    _r("/users/{username}/repos", repositories.user_repositories, "GET", "listUserRepos"),
    _r("/orgs/{org}/repos", repositories.organization_repositories, "GET", "listOrgRepos"),
    _r("/org/{org}/repos", repositories.create_organization_repository, "POST", "createOrgRepo"),
    _r("/repos/{owner}/{repo}", repositories.get_repository, "GET", "getRepo"),
    _r("/repos/{owner}/{repo}", repositories.delete_repository, "DELETE", "deleteRepo"),
    _r("/repos/{owner}/{repo}/forks", forks.list_forks, "GET", "listForks"),
    _r("/repos/{owner}/{repo}/forks", forks.create_fork, "POST", "createFork"),
    _r("/repos/migrate", repository_settings.migrate_repository, "POST", "migrateRepo"),
    _r(
        "/repos/{owner}/{repo}/mirror-sync",
        repository_settings.mirror_sync,
        "POST",
        "mirrorSync",
    ),
    _r(
        "/repos/{owner}/{repo}/issue-tracker",
        repository_settings.edit_issue_tracker,
        "PATCH",
        "editIssueTracker",
    ),
    _r("/repos/{owner}/{repo}/wiki", repository_settings.edit_wiki, "PATCH", "editWiki"),
    _r(
        "/repos/{owner}/{repo}/editorconfig/{filename:path}",
        repository_settings.get_editorconfig,
        "GET",
        "getEditorconfig",
    ),
    # Repository git data (branch names, revisions and file paths may hold slashes)
    _r("/repos/{owner}/{repo}/branches", git.list_branches, "GET", "listBranches"),
    _r("/repos/{owner}/{repo}/branches/{branch:path}", git.get_branch, "GET", "getBranch"),
    _r("/repos/{owner}/{repo}/commits/{sha:path}", git.get_commit, "GET", "getCommit"),
    _r(
        "/repos/{owner}/{repo}/raw/{ref}/{filepath:path}",
        contents.get_raw,
        "GET",
        "getRawContent",
    ),
    _r("/repos/{owner}/{repo}/contents/{path:path}", contents.get_contents, "GET", "getContents"),
    _r(
        "/repos/{owner}/{repo}/contents/{path:path}",
        file_commits.put_contents,
        "PUT",
        "putContents",
    ),
    _r("/repos/{owner}/{repo}/git/trees/{sha:path}", git.get_tree, "GET", "getTree"),
    _r("/repos/{owner}/{repo}/tags", git.list_tags, "GET", "listTags"),
    _r("/repos/{owner}/{repo}/commits", git.list_commits, "GET", "getAllCommits"),
    _r("/repos/{owner}/{repo}/git/blobs/{sha:path}", git.get_blob, "GET", "getGitBlob"),
    _r(
        "/repos/{owner}/{repo}/archive/{archive:path}",
        git.download_archive,
        "GET",
        "downloadArchive",
    ),
    # Issues
    _r("/repos/{owner}/{repo}/issues", issues.list_issues, "GET", "listIssues"),
    _r("/repos/{owner}/{repo}/issues", issues.create_issue, "POST", "createIssue"),
    # Before getIssue, whose {index} would take "comments".
    _r(
        "/repos/{owner}/{repo}/issues/comments",
        comments.list_repository_comments,
        "GET",
        "listRepoComments",
    ),
    _r("/repos/{owner}/{repo}/issues/{index}", issues.get_issue, "GET", "getIssue"),
    _r("/repos/{owner}/{repo}/issues/{index}", issues.edit_issue, "PATCH", "editIssue"),
    # Issue comments
    _r(
        "/repos/{owner}/{repo}/issues/{index}/comments",
        comments.list_comments,
        "GET",
        "listIssueComments",
    ),
    _r(
        "/repos/{owner}/{repo}/issues/{index}/comments",
        comments.create_comment,
        "POST",
        "createComment",
    ),
    _r(
        "/repos/{owner}/{repo}/issues/{index}/comments/{id}",
        comments.edit_comment,
        "PATCH",
        "editComment",
    ),
    _r(
        "/repos/{owner}/{repo}/issues/{index}/comments/{id}",
        comments.delete_comment,
        "DELETE",
        "deleteComment",
    ),
    # Labels
    _r("/repos/{owner}/{repo}/labels", labels.list_labels, "GET", "listLabels"),
    _r("/repos/{owner}/{repo}/labels", labels.create_label, "POST", "createLabel"),
    _r("/repos/{owner}/{repo}/labels/{id}", labels.get_label, "GET", "getLabel"),
    _r("/repos/{owner}/{repo}/labels/{id}", labels.edit_label, "PATCH", "updateLabel"),
    _r("/repos/{owner}/{repo}/labels/{id}", labels.delete_label, "DELETE", "deleteLabel"),
    _r(
        "/repos/{owner}/{repo}/issues/{index}/labels",
        labels.list_issue_labels,
        "GET",
        "listIssueLabels",
    ),
    _r(
        "/repos/{owner}/{repo}/issues/{index}/labels",
        labels.add_issue_labels,
        "POST",
        "addIssueLabels",
    ),
    _r(
        "/repos/{owner}/{repo}/issues/{index}/labels",
        labels.replace_issue_labels,
        "PUT",
        "replaceIssueLabels",
    ),
    _r(
        "/repos/{owner}/{repo}/issues/{index}/labels",
        labels.clear_issue_labels,
        "DELETE",
        "removeAllIssueLabels",
    ),
    _r(
        "/repos/{owner}/{repo}/issues/{index}/labels/{id}",
        labels.remove_issue_label,
        "DELETE",
        "removeIssueLabel",
    ),
    # Users
    _r("/users/search", users.search_users, "GET", "searchUsers"),
    _r("/users/{username}", users.get_user, "GET", "getUser"),
    _r("/user", users.viewer, "GET", "getAuthenticatedUser"),
    _r("/users/{username}/tokens", repositories.list_tokens, "GET", "listAccessTokens"),
    _r("/users/{username}/tokens", repositories.create_token, "POST", "createAccessToken"),
    # Emails and followers (issue 18), in the contract's order.
    _r("/user/emails", emails.list_emails, "GET", "listEmails"),
    _r("/user/emails", emails.add_emails, "POST", "addEmails"),
    _r("/user/emails", emails.delete_emails, "DELETE", "deleteEmails"),
    _r("/users/{username}/followers", follows.list_user_followers, "GET", "listUserFollowers"),
    _r("/user/followers", follows.list_my_followers, "GET", "listMyFollowers"),
    _r("/users/{username}/following", follows.list_user_following, "GET", "listUserFollowing"),
    _r("/user/following", follows.list_my_following, "GET", "listMyFollowing"),
    _r("/user/following/{target}", follows.check_following, "GET", "checkFollowing"),
    _r("/user/following/{target}", follows.follow_user, "PUT", "followUser"),
    _r("/user/following/{target}", follows.unfollow_user, "DELETE", "unfollowUser"),
    _r(
        "/users/{username}/following/{target}",
        follows.check_user_following,
        "GET",
        "checkUserFollowing",
    ),
    # Public keys (issue 17)
    _r("/users/{username}/keys", keys.list_user_keys, "GET", "listUserKeys"),
    _r("/user/keys/{id}", keys.get_public_key, "GET", "getPublicKey"),
    _r("/user/keys/{id}", keys.delete_public_key, "DELETE", "deletePublicKey"),
    _r("/user/keys", keys.list_my_keys, "GET", "listMyKeys"),
    _r("/user/keys", keys.create_public_key, "POST", "createPublicKey"),
    # Organizations
    _r("/user/orgs", users.viewer_organizations, "GET", "listMyOrgs"),
    _r("/users/{username}/orgs", users.user_organizations, "GET", "listUserOrgs"),
    _r("/orgs/{org}", users.get_organization, "GET", "getOrg"),
    # Miscellaneous
    Route("/version", _version, methods=["GET"], name="getVersion"),
    _r("/markdown", markdown.render_markdown, "POST", "renderMarkdown"),
    _r("/markdown/raw", markdown.render_markdown_raw, "POST", "renderMarkdownRaw"),
    # Collaborators, releases, milestones, organizations (issue 5), in the contract's order.
    _r(
        "/repos/{owner}/{repo}/collaborators",
        collaborators.list_collaborators,
        "GET",
        "listCollaborators",
    ),
    _r(
        "/repos/{owner}/{repo}/collaborators/{collaborator}",
        collaborators.add_collaborator,
        "PUT",
        "addCollaborator",
    ),
    _r(
        "/repos/{owner}/{repo}/collaborators/{collaborator}",
        collaborators.remove_collaborator,
        "DELETE",
        "removeCollaborator",
    ),
    _r(
        "/repos/{owner}/{repo}/collaborators/{collaborator}",
        collaborators.is_collaborator,
        "GET",
        "isCollaborator",
    ),
    _r("/repos/{owner}/{repo}/keys", keys.list_deploy_keys, "GET", "listDeployKeys"),
    _r("/repos/{owner}/{repo}/keys", keys.create_deploy_key, "POST", "createDeployKey"),
    _r("/repos/{owner}/{repo}/keys/{id}", keys.get_deploy_key, "GET", "getDeployKey"),
    _r("/repos/{owner}/{repo}/keys/{id}", keys.remove_deploy_key, "DELETE", "removeDeployKey"),
    _r("/repos/{owner}/{repo}/releases", releases.list_releases, "GET", "listReleases"),
    # Webhooks, in the contract's order; getHook and testHook are Gitea's.
    _r("/repos/{owner}/{repo}/hooks", hooks.list_hooks, "GET", "listHooks"),
    _r("/repos/{owner}/{repo}/hooks", hooks.create_hook, "POST", "createHook"),
    _r("/repos/{owner}/{repo}/hooks/{id}", hooks.edit_hook, "PATCH", "editHook"),
    _r("/repos/{owner}/{repo}/hooks/{id}", hooks.delete_hook, "DELETE", "deleteHook"),
    _r("/repos/{owner}/{repo}/hooks/{id}", hooks.get_hook, "GET", "getHook"),
    _r("/repos/{owner}/{repo}/hooks/{id}/tests", hooks.test_hook, "POST", "testHook"),
    _r("/repos/{owner}/{repo}/milestones", milestones.list_milestones, "GET", "listMilestones"),
    _r("/repos/{owner}/{repo}/milestones", milestones.create_milestone, "POST", "createMilestone"),
    _r("/repos/{owner}/{repo}/milestones/{id}", milestones.get_milestone, "GET", "getMilestone"),
    _r(
        "/repos/{owner}/{repo}/milestones/{id}",
        milestones.edit_milestone,
        "PATCH",
        "editMilestone",
    ),
    _r(
        "/repos/{owner}/{repo}/milestones/{id}",
        milestones.delete_milestone,
        "DELETE",
        "deleteMilestone",
    ),
    _r("/user/orgs", orgs.create_organization, "POST", "createMyOrg"),
    _r("/orgs/{org}", orgs.edit_organization, "PATCH", "editOrg"),
    _r("/user/issues", issues.viewer_assigned_issues, "GET", "listUserIssues"),
    # Organization members, from Gitea's API (Gogs' contract has none; issue 14).
    # Teams and site administration (issue 18).
    _r("/orgs/{orgname}/teams", admin.list_organization_teams, "GET", "listOrgTeams"),
    _r("/admin/users", admin.create_user, "POST", "adminCreateUser"),
    _r("/admin/users/{username}", admin.edit_user, "PATCH", "adminEditUser"),
    _r("/admin/users/{username}", admin.delete_user, "DELETE", "adminDeleteUser"),
    _r("/admin/users/{username}/repos", admin.create_repository, "POST", "adminCreateRepo"),
    _r("/admin/users/{username}/orgs", admin.create_organization, "POST", "adminCreateOrg"),
    _r("/admin/orgs/{orgname}/teams", admin.create_team, "POST", "adminCreateTeam"),
    _r("/admin/teams/{teamid}/members", admin.list_team_members, "GET", "adminListTeamMembers"),
    _r(
        "/admin/teams/{teamid}/members/{username}",
        admin.add_team_member,
        "PUT",
        "adminAddTeamMember",
    ),
    _r(
        "/admin/teams/{teamid}/members/{username}",
        admin.remove_team_member,
        "DELETE",
        "adminRemoveTeamMember",
    ),
    _r(
        "/admin/teams/{teamid}/repos/{reponame}",
        admin.add_team_repository,
        "PUT",
        "adminAddTeamRepo",
    ),
    _r(
        "/admin/teams/{teamid}/repos/{reponame}",
        admin.remove_team_repository,
        "DELETE",
        "adminRemoveTeamRepo",
    ),
    _r("/orgs/{org}/members", orgs.list_members, "GET", "orgListMembers"),
    _r("/orgs/{org}/public_members", orgs.list_public_members, "GET", "orgListPublicMembers"),
    _r(
        "/orgs/{org}/public_members/{username}",
        orgs.publicize_member,
        "PUT",
        "orgPublicizeMember",
    ),
    _r(
        "/orgs/{org}/public_members/{username}",
        orgs.conceal_member,
        "DELETE",
        "orgConcealMember",
    ),
    # Administration (issue 17)
    _r("/admin/users/{username}/keys", keys.admin_create_user_key, "POST", "adminCreateUserKey"),
]

# The konnos seed document serves these six, under the same names and paths.
KONNOS = (
    "createAccessToken",
    "createRepo",
    "listYourRepos",
    "getRepo",
    "createIssue",
    "listIssues",
)

__all__ = ["GOGS", "KONNOS", "ROUTES"]
