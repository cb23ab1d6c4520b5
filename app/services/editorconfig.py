"""The ``.editorconfig`` definition for one file, as Gogs' ``getEditorconfig`` answers it.

Only the root ``.editorconfig`` of the default branch counts (as in Gogs). It is
parsed by the ``editorconfig`` library (EditorConfig's own Python core): its
parser reads a file, so the blob is written to a private temporary directory
and the file is matched as if it lay there; the library's handler then
normalises the values exactly as an editor plugin would see them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import anyio
from editorconfig.exceptions import ParsingError
from editorconfig.handler import EditorConfigHandler
from editorconfig.ini import EditorConfigParser

from app.errors import InvalidInput
from app.git.commit_files import path_problem
from app.services import contents
from app.services.contents import GitHandle

CONFIG_NAME = ".editorconfig"


@dataclass(frozen=True)
class Definition:
    charset: str | None
    indent_style: str | None
    indent_size: str | None
    tab_width: int | None
    end_of_line: str | None
    trim_trailing_whitespace: bool | None
    insert_final_newline: bool | None


def _flag(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get(value or "")


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 6 else None


def parse(text: str, filename: str) -> Definition | None:
    """The definition ``text`` gives ``filename`` (a path from the root); None if none matches."""
    with tempfile.TemporaryDirectory(prefix="ingot-editorconfig-") as directory:
        config = Path(directory) / CONFIG_NAME
        config.write_text(text, encoding="utf-8")
        target = str(Path(directory) / filename)
        parser = EditorConfigParser(target)
        try:
            parser.read(str(config))
        except ParsingError:
            pass  # the lines that parse still count, as in editors
        handler = EditorConfigHandler(target)
        handler.options = parser.options
        handler.preprocess_values()
        found = dict(handler.options)
    if not found:
        return None
    return Definition(
        charset=found.get("charset"),
        indent_style=found.get("indent_style"),
        indent_size=found.get("indent_size"),
        tab_width=_number(found.get("tab_width")),
        end_of_line=found.get("end_of_line"),
        trim_trailing_whitespace=_flag(found.get("trim_trailing_whitespace")),
        insert_final_newline=_flag(found.get("insert_final_newline")),
    )


async def definition(git: GitHandle, branch: str, filename: str) -> Definition | None:
    """The root ``.editorconfig`` of ``branch`` applied to ``filename``; None without either."""
    filename = filename.strip("/")
    problem = path_problem(filename)
    if problem:
        raise InvalidInput(f"The file name {problem}.", field="filename")
    found = await contents.resolve(git, f"{branch}:{CONFIG_NAME}")
    if not isinstance(found, contents.BlobInfo):
        return None
    blobs = await contents.read_blobs(git, [found.oid])
    blob = blobs[0] if blobs else None
    if blob is None:
        return None
    text = bytes(blob.data).decode("utf-8", "replace")
    return await anyio.to_thread.run_sync(parse, text, filename)
