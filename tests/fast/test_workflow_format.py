"""Kod's workflow format (app/ci/workflow.py): every documented example and the errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.ci import workflow as wf

F = ".kod/workflows/build.toml"

KOD_EXAMPLE = """timeout: 120

[step:install]
run: npm ci

[step:setup]
run:
  env.NODE_ENV = "production"
  npm run generate

[step:lint]
run: npm run lint
continue_on_error: true

[step:deploy]
if: "branch == 'main'"
working_dir: ./apps/web
run: ./deploy.sh {branch}
"""


def test_the_documented_example_parses_and_is_not_toml() -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(KOD_EXAMPLE)
    parsed = wf.parse(F, KOD_EXAMPLE)
    assert parsed.timeout == 120
    assert [s.name for s in parsed.steps] == ["install", "setup", "lint", "deploy"]
    install, setup, lint, deploy = parsed.steps
    assert install.commands == ["npm ci"]
    assert setup.commands == ['env.NODE_ENV = "production"', "npm run generate"]
    assert lint.continue_on_error is True and install.continue_on_error is False
    assert deploy.condition == "branch == 'main'"
    assert deploy.working_dir == "apps/web"
    assert deploy.commands == ["./deploy.sh {branch}"]
    assert deploy.line == 15


def test_run_pipe_form_and_defaults() -> None:
    parsed = wf.parse(F, "[step:a]\nrun: |\n  echo one\n\n  echo two\nimage: alpine:3\n")
    assert parsed.timeout == wf.DEFAULT_TIMEOUT
    assert parsed.steps[0].commands == ["echo one", "echo two"]
    assert parsed.steps[0].image == "alpine:3"


def test_comments_and_blank_lines_are_ignored() -> None:
    parsed = wf.parse(F, "# build\n\ntimeout: 5\n# the step\n[step:a]\nrun: true\n")
    assert parsed.timeout == 5 and parsed.steps[0].commands == ["true"]


@pytest.mark.parametrize(
    ("condition", "branch", "env", "runs"),
    [
        ("branch == 'main'", "main", {}, True),
        ("branch == 'main'", "dev", {}, False),
        ("branch != 'main'", "dev", {}, True),
        ("env.MODE == 'prod'", "x", {"MODE": "prod"}, True),
        ("env.MODE != 'prod'", "x", {"MODE": "prod"}, False),
        ("env.TOKEN != ''", "x", {}, False),
        ("env.TOKEN != ''", "x", {"TOKEN": "t"}, True),
        ('branch == "main"', "main", {}, True),
        ("", "x", {}, True),
    ],
)
def test_the_four_condition_forms(condition: str, branch: str, env: dict, runs: bool) -> None:
    assert wf.evaluate(condition, branch, env) is runs


def test_interpolation() -> None:
    env = {"NODE_ENV": "production"}
    text = "deploy {branch} {repo} {env.NODE_ENV} {env.UNSET} ${HOME} {other}"
    assert wf.interpolate(text, "main", "hello", env) == (
        "deploy main hello production  ${HOME} {other}"
    )


def test_env_assignment() -> None:
    assert wf.env_assignment('env.NODE_ENV = "production"') == ("NODE_ENV", "production")
    assert wf.env_assignment("env.A='x y'") == ("A", "x y")
    assert wf.env_assignment("npm ci") is None


def test_working_dir_is_confined(tmp_path: Path) -> None:
    (tmp_path / "apps" / "web").mkdir(parents=True)
    assert wf.confine(tmp_path, "./apps/web") == (tmp_path / "apps" / "web").resolve()
    assert wf.confine(tmp_path, "") == tmp_path.resolve()
    (tmp_path / "escape").symlink_to("/")
    for bad in ("../x", "apps/../../x", "/etc", "escape"):
        with pytest.raises(ValueError, match=r"leaves|relative"):
            wf.confine(tmp_path, bad)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("timeout = 5\n[step:a]\nrun: x\n", 1, "expected 'key: value'"),
        ("timeout: soon\n[step:a]\nrun: x\n", 1, "timeout must be"),
        ("timeout: 0\n[step:a]\nrun: x\n", 1, "timeout must be"),
        ("name: x\n[step:a]\nrun: x\n", 1, "unknown top-level key 'name'"),
        ("[step:a]\nrun: x\nif: \"branch ~= 'x'\"\n", 3, "unsupported condition"),
        ("[step:a]\nrun: x\nif: \"branch == 'x' && env.A == 'b'\"\n", 3, "unsupported condition"),
        ("[step:a]\nworking_dir: ../out\nrun: x\n", 2, "leaves the repository"),
        ("[step:a]\nworking_dir: /etc\nrun: x\n", 2, "must be relative"),
        ("[step:a]\nrun: x\ncontinue_on_error: yes\n", 3, "true or false"),
        ("[step:a]\nrun: x\nretries: 3\n", 3, "unknown step property 'retries'"),
        ("[step:a]\nrun: x\nrun: y\n", 3, "run is set twice"),
        ("[step:a]\nif: \"branch == 'x'\"\n", 1, "has no run"),
        ("[step:a]\nrun:\n[step:b]\nrun: y\n", 2, "run has no command"),
        ("[step:a]\nrun: x\n[step:a]\nrun: y\n", 3, "duplicate step name"),
        ("[job:a]\nrun: x\n", 1, "expected a section"),
        ("[step:]\nrun: x\n", 1, "invalid step name"),
        ("  run: x\n", 1, "unexpected indented line"),
        ("[step:a]\nrun: x\n  y\n", 3, "indented lines after a single-line run"),
        ("[step:a]\nrun:\n  env.X = unquoted\n", 3, 'expected env.NAME = "value"'),
        ("timeout: 5\n", 1, "defines no [step:NAME]"),
        ("", 1, "defines no [step:NAME]"),
    ],
)
def test_errors_name_file_line_and_reason(text: str, line: int, reason: str) -> None:
    with pytest.raises(wf.WorkflowError) as caught:
        wf.parse(F, text)
    assert caught.value.file == F
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{F}:{line}: ")


def test_bytes_that_are_not_text() -> None:
    with pytest.raises(wf.WorkflowError) as caught:
        wf.parse_bytes(F, b"[step:a]\nrun: \xff\n")
    assert (caught.value.line, caught.value.reason) == (2, "the file is not UTF-8 text")


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        (".kod/workflows/build.toml", True),
        (".kod/workflows/sub/build.toml", False),
        (".kod/workflows/build.yml", False),
        (".kod/workflows/.toml", False),
        (".kod/build.toml", False),
        ("../.kod/workflows/build.toml", False),
    ],
)
def test_workflow_paths(path: str, ok: bool) -> None:
    assert wf.is_workflow_path(path) is ok
