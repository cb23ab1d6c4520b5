"""Kod's workflow files: parsing, conditions, interpolation and ``working_dir`` confinement.

The format looks like TOML but is not (``tomllib`` rejects every documented
example): ``key: value`` lines, ``[step:NAME]`` sections run in file order, and
multi-line ``run`` values written as indented lines under ``run:`` (or
``run: |``). Top level: ``timeout: SECONDS`` (default 300). Step properties:
``run`` (required), ``if`` (one of four condition forms), ``working_dir``
(relative, never outside the checkout), ``continue_on_error`` (``true`` or
``false``) and ``image`` (an Ingot extension: the container image the step runs
in when the runner has a container runtime). Blank lines and lines starting
with ``#`` are ignored.

Inside ``run``, a line ``env.NAME = "value"`` sets ``NAME`` for this and every
later step instead of running a command; commands may use ``{branch}``,
``{repo}`` and ``{env.NAME}``. Both are applied by the runner while it runs,
through ``env_assignment`` and ``interpolate`` here, so server and runner agree.

Every error names the file, the line (1-based) and the reason: ``WorkflowError``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DIRECTORY = ".kod/workflows"
SUFFIX = ".toml"
DEFAULT_TIMEOUT = 300
MAX_TIMEOUT = 24 * 3600
MAX_FILE_BYTES = 256 * 1024

_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*:(.*)$")
_SECTION = re.compile(r"\[\s*step\s*:\s*([^\]]*?)\s*\]$")
_STEP_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\- ]{0,99}")
_ENV_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
ENV_NAME = re.compile(_ENV_NAME)
_ENV_ASSIGNMENT = re.compile(rf"env\.({_ENV_NAME})\s*=\s*(?:\"([^\"]*)\"|'([^']*)')$")
_CONDITION = re.compile(rf"(branch|env\.{_ENV_NAME})\s*(==|!=)\s*(?:'([^']*)'|\"([^\"]*)\")$")
_PLACEHOLDER = re.compile(rf"\{{(branch|repo|env\.{_ENV_NAME})\}}")
_STEP_KEYS = ("run", "if", "working_dir", "continue_on_error", "image")


class WorkflowError(ValueError):
    """A workflow file that does not parse: which file, which line, why."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        super().__init__(f"{file}:{line}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


@dataclass
class StepDefinition:
    name: str
    line: int
    commands: list[str] = field(default_factory=list)
    condition: str = ""
    working_dir: str = ""
    continue_on_error: bool = False
    image: str = ""


@dataclass
class Workflow:
    file: str
    timeout: int = DEFAULT_TIMEOUT
    steps: list[StepDefinition] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def is_workflow_path(path: str) -> bool:
    """Whether ``path`` names a workflow file: ``*.toml`` directly inside ``.kod/workflows``."""
    directory, _, name = path.rpartition("/")
    return directory == DIRECTORY and name.endswith(SUFFIX) and name not in ("", SUFFIX)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def env_assignment(line: str) -> tuple[str, str] | None:
    """``(NAME, value)`` for a ``env.NAME = "value"`` run line; None for a command."""
    found = _ENV_ASSIGNMENT.match(line.strip())
    if found is None:
        return None
    value = found.group(2) if found.group(2) is not None else found.group(3)
    return found.group(1), value


def check_condition(condition: str) -> str:
    """The condition if it is one of the four forms; ValueError with the reason otherwise."""
    if _CONDITION.match(condition.strip()) is None:
        raise ValueError(
            f"unsupported condition {condition!r}: use branch == 'x', branch != 'x', "
            "env.VAR == 'x' or env.VAR != 'x'"
        )
    return condition.strip()


def evaluate(condition: str, branch: str, env: dict[str, str]) -> bool:
    """Whether a step with ``if: condition`` runs (an empty condition always does)."""
    if not condition:
        return True
    found = _CONDITION.match(condition.strip())
    if found is None:
        raise ValueError(f"unsupported condition {condition!r}")
    subject, operator = found.group(1), found.group(2)
    expected = found.group(3) if found.group(3) is not None else found.group(4)
    actual = branch if subject == "branch" else env.get(subject[4:], "")
    return (actual == expected) if operator == "==" else (actual != expected)


def interpolate(text: str, branch: str, repo: str, env: dict[str, str]) -> str:
    """``{branch}``, ``{repo}`` and ``{env.NAME}`` replaced (an unset variable is empty)."""

    def value(found: re.Match[str]) -> str:
        key = found.group(1)
        if key == "branch":
            return branch
        if key == "repo":
            return repo
        return env.get(key[4:], "")

    return _PLACEHOLDER.sub(value, text)


def check_working_dir(value: str) -> str:
    """The normalized relative directory; ValueError when it leaves the checkout."""
    if not value or "\x00" in value:
        raise ValueError("working_dir is empty")
    if value.startswith("/") or value.startswith("\\"):
        raise ValueError(f"working_dir {value!r} must be relative to the repository root")
    normal = posixpath.normpath(value)
    if normal == ".." or normal.startswith("../"):
        raise ValueError(f"working_dir {value!r} leaves the repository")
    return normal


def confine(root: Path, working_dir: str) -> Path:
    """Where a step runs: ``root/working_dir`` with symlinks resolved, refused
    (ValueError) if that is outside ``root``. The runner calls it before each step."""
    base = root.resolve()
    if not working_dir:
        return base
    target = (base / check_working_dir(working_dir)).resolve()
    if target != base and base not in target.parents:
        raise ValueError(f"working_dir {working_dir!r} leaves the repository")
    return target


class _Parser:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.splitlines()
        self.workflow = Workflow(file=file)
        self.step: StepDefinition | None = None
        self.seen: set[str] = set()
        self.names: set[str] = set()
        self.index = 0

    def error(self, line: int, reason: str) -> WorkflowError:
        return WorkflowError(self.file, line, reason)

    def parse(self) -> Workflow:
        while self.index < len(self.lines):
            number = self.index + 1
            raw = self.lines[self.index]
            self.index += 1
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if raw[0] in " \t":
                raise self.error(number, "unexpected indented line (only run takes them)")
            if stripped.startswith("["):
                self.section(number, stripped)
                continue
            found = _KEY_VALUE.match(stripped)
            if found is None:
                raise self.error(number, f"expected 'key: value' or [step:NAME], got {stripped!r}")
            key, value = found.group(1), found.group(2).strip()
            if self.step is None:
                self.top_level(number, key, value)
            else:
                self.property(number, key, value)
        self.finish_step()
        if not self.workflow.steps:
            raise self.error(max(len(self.lines), 1), "the workflow defines no [step:NAME]")
        return self.workflow

    def section(self, number: int, text: str) -> None:
        found = _SECTION.match(text)
        if found is None:
            raise self.error(number, f"expected a section '[step:NAME]', got {text!r}")
        name = found.group(1)
        if not _STEP_NAME.fullmatch(name):
            raise self.error(number, f"invalid step name {name!r}")
        if name in self.names:
            raise self.error(number, f"duplicate step name {name!r}")
        self.finish_step()
        self.names.add(name)
        self.step = StepDefinition(name=name, line=number)
        self.seen = set()

    def finish_step(self) -> None:
        if self.step is None:
            return
        if "run" not in self.seen or not self.step.commands:
            raise self.error(self.step.line, f"step {self.step.name!r} has no run")
        self.workflow.steps.append(self.step)
        self.step = None

    def top_level(self, number: int, key: str, value: str) -> None:
        if key != "timeout":
            raise self.error(
                number, f"unknown top-level key {key!r} (only timeout; steps go in [step:NAME])"
            )
        if "timeout" in self.seen:
            raise self.error(number, "timeout is set twice")
        self.seen.add("timeout")
        self.workflow.timeout = self.seconds(number, _unquote(value))

    def seconds(self, number: int, value: str) -> int:
        if not value.isdigit() or not 0 < int(value) <= MAX_TIMEOUT:
            raise self.error(
                number, f"timeout must be a whole number of seconds from 1 to {MAX_TIMEOUT}"
            )
        return int(value)

    def property(self, number: int, key: str, value: str) -> None:
        step = self.step
        assert step is not None
        if key not in _STEP_KEYS:
            known = ", ".join(_STEP_KEYS)
            raise self.error(number, f"unknown step property {key!r} (known: {known})")
        if key in self.seen:
            raise self.error(number, f"{key} is set twice in step {step.name!r}")
        self.seen.add(key)
        if key == "run":
            step.commands = self.run(number, value)
        elif key == "if":
            try:
                step.condition = check_condition(_unquote(value))
            except ValueError as exc:
                raise self.error(number, str(exc)) from None
        elif key == "working_dir":
            try:
                step.working_dir = check_working_dir(_unquote(value))
            except ValueError as exc:
                raise self.error(number, str(exc)) from None
        elif key == "continue_on_error":
            if value not in ("true", "false"):
                raise self.error(number, "continue_on_error must be true or false")
            step.continue_on_error = value == "true"
        else:
            step.image = _unquote(value)
            if not step.image or any(c.isspace() for c in step.image):
                raise self.error(number, f"invalid image {value!r}")

    def run(self, number: int, value: str) -> list[str]:
        block: list[tuple[int, str]] = []
        while self.index < len(self.lines):
            raw = self.lines[self.index]
            if raw.strip() and raw[0] not in " \t":
                break
            self.index += 1
            if raw.strip():
                block.append((self.index, raw.strip()))
        if value and value != "|":
            if block:
                raise self.error(block[0][0], "indented lines after a single-line run")
            block = [(number, value)]
        if not block:
            raise self.error(number, "run has no command")
        for line, command in block:
            if command.startswith("env.") and env_assignment(command) is None:
                raise self.error(line, f'expected env.NAME = "value", got {command!r}')
        return [command for _, command in block]


def parse(file: str, text: str) -> Workflow:
    """The workflow in ``text`` (the content of ``file``); WorkflowError if it does not parse."""
    return _Parser(file, text).parse()


def parse_bytes(file: str, data: bytes) -> Workflow:
    """``parse`` for file content as stored: too large or not UTF-8 is an error at line 1."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkflowError(file, 1, f"the file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WorkflowError(file, line, "the file is not UTF-8 text") from None
    if "\x00" in text:
        raise WorkflowError(file, text[: text.index("\x00")].count("\n") + 1, "NUL in the file")
    return parse(file, text)
