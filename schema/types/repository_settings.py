"""A repository's settings beside its contents: external tracker, editor configuration."""

from __future__ import annotations

import strawberry

from app.services.editorconfig import Definition


@strawberry.type(description="The external issue tracker a repository sends its issues to.")
class ExternalIssueTracker:
    url: str
    format: str = strawberry.field(
        description="The URL of one issue, with {user}, {repo} and {index} placeholders."
    )
    style: str = strawberry.field(description="'numeric' or 'alphanumeric' issue names.")


@strawberry.type(description="The .editorconfig properties that apply to one file.")
class EditorConfigDefinition:
    definition: strawberry.Private[Definition]

    @strawberry.field
    def charset(self) -> str | None:
        return self.definition.charset

    @strawberry.field
    def indent_style(self) -> str | None:
        return self.definition.indent_style

    @strawberry.field
    def indent_size(self) -> str | None:
        return self.definition.indent_size

    @strawberry.field
    def tab_width(self) -> int | None:
        return self.definition.tab_width

    @strawberry.field
    def end_of_line(self) -> str | None:
        return self.definition.end_of_line

    @strawberry.field
    def trim_trailing_whitespace(self) -> bool | None:
        return self.definition.trim_trailing_whitespace

    @strawberry.field
    def insert_final_newline(self) -> bool | None:
        return self.definition.insert_final_newline
