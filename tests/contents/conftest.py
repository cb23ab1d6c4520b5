"""One sample repository per forge, written with pygit2, shared by the read-only tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge, User

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
BIG = b"0123456789abcdef" * (96 * 1024)  # 1.5 MiB of text
UNICODE_DIR = "with space"
UNICODE_FILE = "naïve café ü.txt"


@dataclass
class Sample:
    owner: str
    name: str
    user: User
    commits: list[str] = field(default_factory=list)
    feature: str = ""
    annotated_tag: str = ""

    @property
    def variables(self) -> dict[str, str]:
        return {"o": self.owner, "n": self.name}


def build(forge: Forge, user: User, private: bool = False) -> Sample:
    repo = forge.new_repo(user, private=private)
    owner, name = repo["nameWithOwner"].split("/")
    sample = Sample(owner, name, user)
    git = Builder(bare_path(forge, repo["nameWithOwner"]))
    files = {
        "README.md": b"# Sample\n",
        "src/app.py": b"def main():\n    print('hi')\n\n\nmain()\n",
        "docs/guide.md": b"Read me.\n",
    }
    sample.commits.append(git.commit(files, "Initial commit\n\nWith a body.\n"))
    files = {
        **files,
        "README.md": b"# Sample\n\nMore.\n",
        "image.png": PNG,
        f"{UNICODE_DIR}/{UNICODE_FILE}": "çà et là\n".encode(),
        "index.html": b"<script>alert(1)</script>\n",
        "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n',
    }
    sample.commits.append(git.commit(files, "Add an image and pages"))
    files = {k: v for k, v in files.items() if k != "src/app.py"}
    files["src/main.py"] = b"def main():\n    print('hi')\n\n\nmain()\n"
    sample.commits.append(git.commit(files, "Rename app.py to main.py"))
    files = {**files, "big.txt": BIG, "src/main.py": files["src/main.py"] + b"# done\n"}
    sample.commits.append(git.commit(files, "Add a big file"))
    for i in range(8):
        files = {**files, "counter.txt": f"{i}\n".encode()}
        sample.commits.append(git.commit(files, f"Count to {i}"))
    sample.feature = git.commit(
        {**files, "feature.txt": b"new\n"}, "Start feature", branch="feature/x"
    )
    git.lightweight_tag("v0.1", sample.commits[0])
    sample.annotated_tag = git.annotated_tag("v1.0", sample.commits[3], "Release 1.0\n")
    return sample


@pytest.fixture(scope="module")
def sample(forge: Forge) -> Sample:
    return build(forge, forge.new_user("owner"))
