"""Which workflow files a pipeline covers, read from its commit and parsed.

Runs in a worker thread (pygit2 is synchronous): ``plan`` reads
``.kod/workflows/*.toml`` directly inside the commit's tree (or the files a
trigger named), parses each with ``app.ci.workflow`` and returns a ``Plan``
that ``app.services.pipeline.queue`` turns into rows. A file that does not
parse is a ``WorkflowError`` in the plan, never an exception: the pipeline
becomes ``error`` with its file, line and reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.ci import workflow as wf
from app.git import directory

# A pipeline runs at most this many files and steps; more is an error pipeline.
MAX_FILES = 50
MAX_STEPS = 200


@dataclass
class Plan:
    """The parsed files of one pipeline (``files`` in the order their steps run)."""

    files: list[str] = field(default_factory=list)
    commit_oid: str = ""
    workflows: list[wf.Workflow] = field(default_factory=list)
    errors: list[wf.WorkflowError] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.files

    def definition(self) -> dict[str, Any]:
        """The snapshot stored on the pipeline (``Pipeline.definition``)."""
        return {
            "workflows": [w.to_json() for w in self.workflows],
            "errors": [{"file": e.file, "line": e.line, "reason": e.reason} for e in self.errors],
        }

    @staticmethod
    def from_definition(files: list[str], definition: dict[str, Any]) -> Plan:
        """The plan a stored snapshot describes (a rerun runs exactly what ran before)."""
        workflows = [
            wf.Workflow(
                file=w["file"],
                timeout=int(w.get("timeout", wf.DEFAULT_TIMEOUT)),
                steps=[wf.StepDefinition(**step) for step in w.get("steps", [])],
            )
            for w in definition.get("workflows", [])
        ]
        errors = [
            wf.WorkflowError(e["file"], int(e["line"]), e["reason"])
            for e in definition.get("errors", [])
        ]
        return Plan(files=list(files), workflows=workflows, errors=errors)


def check_files(files: list[str]) -> list[str]:
    """The requested files, de-duplicated in order; ValueError naming one outside
    ``.kod/workflows/`` (directly inside, ``*.toml``)."""
    wanted: list[str] = []
    for name in files:
        clean = name.removeprefix("./")
        if not wf.is_workflow_path(clean) or "\x00" in clean:
            raise ValueError(
                f"'{name}' is not a workflow file: files must be *.toml directly inside "
                f"{wf.DIRECTORY}/"
            )
        if clean not in wanted:
            wanted.append(clean)
    return wanted


def plan(repo_path: Path, commit_oid: str, files: list[str] | None = None) -> Plan:
    """The workflow files at ``commit_oid`` (all of them, or ``files``), parsed.

    A named file missing from the commit is an error of the plan (line 1)."""
    found = directory.files_in(repo_path, commit_oid, wf.DIRECTORY, wf.SUFFIX, wf.MAX_FILE_BYTES)
    by_path = {f.path: f for f in found}
    names = list(files) if files is not None else [f.path for f in found]
    result = Plan(files=names[:MAX_FILES], commit_oid=commit_oid)
    if len(names) > MAX_FILES:
        result.errors.append(
            wf.WorkflowError(names[MAX_FILES], 1, f"a pipeline runs at most {MAX_FILES} files")
        )
    steps = 0
    for name in result.files:
        blob = by_path.get(name)
        try:
            if blob is None:
                raise wf.WorkflowError(name, 1, "no such file in the commit")
            if blob.data is None:
                raise wf.WorkflowError(
                    name, 1, f"the file is larger than {wf.MAX_FILE_BYTES} bytes"
                )
            parsed = wf.parse_bytes(name, blob.data)
        except wf.WorkflowError as exc:
            result.errors.append(exc)
            continue
        steps += len(parsed.steps)
        if steps > MAX_STEPS:
            result.errors.append(
                wf.WorkflowError(name, 1, f"a pipeline runs at most {MAX_STEPS} steps")
            )
            continue
        result.workflows.append(parsed)
    return result


def plans_for_push(repo_path: Path, updates: list[tuple[str, str, str]]) -> dict[str, Plan]:
    """For each branch a push moved to a commit with workflow files: its plan, by ref."""
    plans = {}
    for ref, _, new in updates:
        if not ref.startswith("refs/heads/") or set(new) == {"0"}:
            continue
        found = plan(repo_path, new)
        if not found.empty:
            plans[ref] = found
    return plans
