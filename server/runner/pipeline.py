"""One claimed pipeline on the runner: a fresh checkout, then its steps in order.

Kod's rules (``docs/ci.md``): each ``run`` line runs in order and a failing line
fails the step; ``env.NAME = "value"`` lines set a variable for this and every
later step; ``if`` skips a step; ``working_dir`` must stay inside the checkout
(symlinks resolved); a failed step stops the run unless it has
``continue_on_error``; the run's ``timeout`` bounds all of it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.ci import workflow
from app.services.log_mask import Masker
from server.runner.client import AgentClient, AgentError
from server.runner.output import LogStream
from server.runner.process import run_command

log = logging.getLogger("ingot.runner")

CLONE_TIMEOUT = 600.0


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PipelineRun:
    """Runs the job a poll returned; ``stop`` is set when the forge says to stop it."""

    def __init__(
        self, client: AgentClient, job: dict[str, Any], container_runtime: str | None
    ) -> None:
        self.client = client
        self.job = job
        self.id = int(job["pipeline_id"])
        self.container_runtime = container_runtime
        self.stop = asyncio.Event()
        # Set (with ``stop``) when the runner itself is shutting down: that is no cancel.
        self.shutting_down = False
        secrets = job.get("secrets") or {}
        self.secrets: dict[str, str] = {str(k): str(v) for k, v in secrets.items()}
        self.masker_values = list(self.secrets.values())
        self.deadline = time.monotonic() + float(job.get("timeout") or workflow.DEFAULT_TIMEOUT)
        self.variables: dict[str, str] = {}

    async def run(self) -> None:
        try:
            with tempfile.TemporaryDirectory(prefix="ingot-ci-") as scratch:
                checkout = Path(scratch) / "checkout"
                problem = await self._clone(checkout, Path(scratch))
                if problem:
                    await self._finish("error", problem)
                    return
                status = await self._steps(checkout)
                if status == "cancelled" and self.shutting_down:
                    await self._finish("error", "The runner running it was stopped.")
                else:
                    await self._finish(status)
        except Exception:
            log.exception("pipeline %s failed on the runner", self.id)
            await self._finish("error", "The runner failed while running this pipeline.")

    async def _finish(self, status: str, message: str = "") -> None:
        body: dict[str, Any] = {"status": status, "finished_at": _now()}
        if message:
            body["message"] = message
        try:
            await self.client.pipeline_status(self.id, body)
        except AgentError as exc:
            if exc.status != 409:
                log.warning("pipeline %s: reporting %s failed: %s", self.id, status, exc)

    def _git_env(self, home: Path) -> dict[str, str]:
        """git's environment: the job token as a header (never in a URL, argv or
        .git/config), no prompts, no user or system configuration."""
        return {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(home),
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": "http.extraHeader",
            "GIT_CONFIG_VALUE_0": f"Authorization: Bearer {self.job.get('job_token', '')}",
        }

    async def _git(self, env: dict[str, str], *args: str) -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            "git",
            *args,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            out, _ = await asyncio.wait_for(process.communicate(), CLONE_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            return -1, "git timed out"
        return process.returncode or 0, out.decode("utf-8", errors="replace")

    async def _clone(self, checkout: Path, scratch: Path) -> str:
        """A fresh checkout of exactly the job's commit; the reason on failure."""
        env = self._git_env(scratch)
        url, commit = str(self.job["clone_url"]), str(self.job["commit_node"])
        code, out = await self._git(env, "init", "-q", str(checkout))
        if code == 0:
            git_dir = ["-C", str(checkout)]
            code, out = await self._git(
                env, *git_dir, "fetch", "-q", "--no-tags", "--depth=1", url, commit
            )
            if code != 0:
                # A server that refuses a bare commit id: fetch the branches instead.
                code, out = await self._git(
                    env, *git_dir, "fetch", "-q", "--no-tags", url, "+refs/heads/*:refs/ci/*"
                )
            if code == 0:
                code, out = await self._git(env, *git_dir, "checkout", "-q", "--detach", commit)
        if code != 0:
            return f"Cloning {commit[:12]} failed: {Masker(self.masker_values).mask(out)[-500:]}"
        return ""

    def _environment(self, step: dict[str, Any]) -> dict[str, str]:
        """Host < ci_env < the step's environment < env.X values < secrets (Kod: secrets
        override a server variable of the same name)."""
        env = dict(os.environ)
        env.update({str(k): str(v) for k, v in (self.job.get("ci_env") or {}).items()})
        env.update({str(k): str(v) for k, v in (step.get("environment") or {}).items()})
        env.update(self.variables)
        env.update(self.secrets)
        return env

    async def _step_status(self, step: dict[str, Any], body: dict[str, Any]) -> None:
        try:
            await self.client.step_status(int(step["id"]), body)
        except AgentError as exc:
            if exc.status == 409:
                self.stop.set()
            else:
                log.warning("step %s: status %s refused: %s", step["id"], body, exc)

    async def _steps(self, checkout: Path) -> str:
        """Run the steps; the pipeline's final status."""
        failed = False
        for step in self.job.get("steps") or []:
            if self.stop.is_set():
                return "cancelled"
            if failed:
                await self._step_status(step, {"status": "skipped"})
                continue
            env = self._environment(step)
            branch = str(self.job.get("branch") or "")
            try:
                runs = workflow.evaluate(str(step.get("if") or ""), branch, env)
            except ValueError:
                runs = False
            if not runs:
                await self._step_status(step, {"status": "skipped"})
                continue
            result = await self._step(step, checkout, env)
            if result == "cancelled":
                return "cancelled"
            if result == "timeout":
                failed = True
            elif result == "failure" and not step.get("continue_on_error"):
                failed = True
        return "failure" if failed else "success"

    async def _step(self, step: dict[str, Any], checkout: Path, env: dict[str, str]) -> str:
        """Run one step: "success", "failure", "timeout" or "cancelled"."""
        await self._step_status(step, {"status": "running", "started_at": _now()})
        output = LogStream(self.client, int(step["id"]), Masker(self.masker_values), self.stop.set)
        exit_code, result = 0, "success"
        try:
            try:
                cwd = workflow.confine(checkout, str(step.get("working_dir") or ""))
                if not cwd.is_dir():
                    raise ValueError(f"working_dir {step.get('working_dir')!r} does not exist")
            except ValueError as exc:
                await output.write(f"Refused: {exc}\n")
                exit_code, result = 1, "failure"
            else:
                exit_code, result = await self._commands(step, checkout, cwd, env, output)
        finally:
            await output.close()
        if result == "cancelled":
            return result
        status = "success" if result == "success" else "failure"
        body = {"status": status, "exit_code": exit_code, "finished_at": _now()}
        await self._step_status(step, body)
        return result

    async def _commands(
        self,
        step: dict[str, Any],
        checkout: Path,
        cwd: Path,
        env: dict[str, str],
        output: LogStream,
    ) -> tuple[int, str]:
        branch, repo = str(self.job.get("branch") or ""), str(self.job.get("repo") or "")
        for line in step.get("commands") or []:
            assignment = workflow.env_assignment(str(line))
            if assignment is not None:
                name, value = assignment
                value = workflow.interpolate(value, branch, repo, env)
                self.variables[name] = value
                env[name] = self.secrets.get(name, value)
                continue
            command = workflow.interpolate(str(line), branch, repo, env)
            argv = self.argv(step, command, checkout, cwd)
            remaining = self.deadline - time.monotonic()
            outcome = await run_command(
                argv, cwd=str(cwd), env=env, output=output, stop=self.stop, time_limit=remaining
            )
            if outcome.stopped and argv[0] == self.container_runtime:
                await self._remove_containers()
            if outcome.stopped == "cancel":
                return outcome.exit_code, "cancelled"
            if outcome.stopped == "timeout":
                await output.write(
                    f"\nTimed out: the run's timeout ({self.job.get('timeout')} s) passed.\n"
                )
                return outcome.exit_code, "timeout"
            if outcome.exit_code != 0:
                return outcome.exit_code, "failure"
        return 0, "success"

    async def _remove_containers(self) -> None:
        """Killing ``docker run`` does not always stop its container: remove this
        pipeline's by label."""
        runtime = str(self.container_runtime)
        label = f"label=ingot-pipeline={self.id}"
        listing = await asyncio.create_subprocess_exec(
            runtime, "ps", "-q", "--filter", label,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        out, _ = await listing.communicate()
        ids = out.decode().split()
        if ids:
            removal = await asyncio.create_subprocess_exec(
                runtime, "rm", "-f", *ids,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            await removal.wait()

    def argv(self, step: dict[str, Any], command: str, checkout: Path, cwd: Path) -> list[str]:
        """The command line of one run line: a host shell, or a container of the step's
        image (variables passed by name only: no value ever appears in a command line)."""
        image = str(step.get("image") or "")
        if not image or self.container_runtime is None:
            return ["/bin/sh", "-c", command]
        relative = cwd.relative_to(checkout.resolve())
        inside = "/workspace" if relative == Path() else f"/workspace/{relative.as_posix()}"
        passed = [
            *(self.job.get("ci_env") or {}),
            *(step.get("environment") or {}),
            *self.variables,
            *self.secrets,
        ]
        names = [arg for name in dict.fromkeys(passed) for arg in ("-e", str(name))]
        return [
            self.container_runtime, "run", "--rm", "-i", "--init",
            "--label", f"ingot-pipeline={self.id}",
            "-v", f"{checkout.resolve()}:/workspace", "-w", inside,
            *names, image, "sh", "-c", command,
        ]  # fmt: skip
