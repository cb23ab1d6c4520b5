"""Tortoise entities: the forge's persistent state."""

from app.models.account import Account, AccountKind, Membership, MembershipRole, case_key
from app.models.activity import Activity, ActivityKind
from app.models.branch_protection import BranchProtectionRule
from app.models.collaborator import Collaborator, CollaboratorPermission
from app.models.email_address import EmailAddress
from app.models.follow import Follow
from app.models.issue import Comment, Issue, IssueState, Label, Milestone, MilestoneState
from app.models.job import Job, JobState
from app.models.pipeline import (
    MAX_STEP_LOG,
    Pipeline,
    PipelineEvent,
    PipelineStatus,
    Secret,
    Step,
    StepLogChunk,
    StepStatus,
)
from app.models.pull_request import (
    Mergeable,
    PullRequest,
    PullRequestComment,
    PullRequestState,
)
from app.models.push import Push, RefUpdate
from app.models.rate_limit import RateLimitWindow
from app.models.release import Release, ReleaseAsset
from app.models.repository import Repository
from app.models.repository_import import ImportState, RepositoryImport
from app.models.repository_mirror import RepositoryMirror
from app.models.runner import JobToken, Runner
from app.models.ssh_key import SshKey
from app.models.team import Team, TeamMember, TeamPermission, TeamRepository
from app.models.token import AccessToken
from app.models.webhook import DeliveryStatus, Webhook, WebhookDelivery

__models__ = [
    Account,
    Membership,
    AccessToken,
    Repository,
    Milestone,
    Issue,
    Comment,
    Label,
    Job,
    RepositoryImport,
    RepositoryMirror,
    RateLimitWindow,
    PullRequest,
    PullRequestComment,
    Push,
    RefUpdate,
    BranchProtectionRule,
    Collaborator,
    Release,
    ReleaseAsset,
    Activity,
    Webhook,
    WebhookDelivery,
    SshKey,
    Pipeline,
    Step,
    StepLogChunk,
    Secret,
    Runner,
    JobToken,
    EmailAddress,
    Follow,
    Team,
    TeamMember,
    TeamRepository,
]

__all__ = [
    "MAX_STEP_LOG",
    "AccessToken",
    "Account",
    "AccountKind",
    "Activity",
    "ActivityKind",
    "BranchProtectionRule",
    "Collaborator",
    "CollaboratorPermission",
    "Comment",
    "DeliveryStatus",
    "EmailAddress",
    "Follow",
    "ImportState",
    "Issue",
    "IssueState",
    "Job",
    "JobState",
    "JobToken",
    "Label",
    "Membership",
    "MembershipRole",
    "Mergeable",
    "Milestone",
    "MilestoneState",
    "Pipeline",
    "PipelineEvent",
    "PipelineStatus",
    "PullRequest",
    "PullRequestComment",
    "PullRequestState",
    "Push",
    "RateLimitWindow",
    "RefUpdate",
    "Release",
    "ReleaseAsset",
    "Repository",
    "RepositoryImport",
    "RepositoryMirror",
    "Runner",
    "Secret",
    "SshKey",
    "Step",
    "StepLogChunk",
    "StepStatus",
    "Team",
    "TeamMember",
    "TeamPermission",
    "TeamRepository",
    "Webhook",
    "WebhookDelivery",
    "case_key",
]
