"""GitHub's GraphQL endpoint for Projects (v2), as far as pmsync uses it.

Not a GraphQL engine: it recognises the four operations by their root field
(`repositoryOwner` with `projectV2(number:)`, `node(id:)`, `addProjectV2ItemById`,
`updateProjectV2ItemFieldValue`) and reads their arguments whether given as
`$variables` or inline literals. Answers have GitHub's shapes: HTTP 200 with `data`,
and for a failure `data` with the failed field null plus an `errors` list carrying
`type`, `path`, `locations` and GitHub's message.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_ARG = re.compile(r"(\w+)\s*:\s*(?:\$(\w+)|\"((?:[^\"\\]|\\.)*)\"|(-?\d+))")
_DEFAULT_FIELDS = ("Title", "Assignees", "Labels", "Linked pull requests", "Milestone", "Repository")


def _gid(kind: str, value: str) -> str:
    return f"{kind}_" + base64.b64encode(value.encode()).decode().rstrip("=")


@dataclass
class SingleSelect:
    id: str
    name: str
    options: dict[str, str]  # option id -> name


@dataclass
class Project:
    id: str
    owner: str
    number: int
    title: str
    selects: list[SingleSelect]
    items: dict[str, str] = field(default_factory=dict)  # content node id -> item id
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # item -> field -> option

    def node(self) -> dict[str, Any]:
        plain = [
            {"id": _gid("PVTF", f"{self.id}:{name}"), "name": name, "dataType": name.upper().replace(" ", "_")}
            for name in _DEFAULT_FIELDS
        ]
        selects = [
            {
                "id": s.id,
                "name": s.name,
                "dataType": "SINGLE_SELECT",
                "options": [{"id": oid, "name": name} for oid, name in s.options.items()],
            }
            for s in self.selects
        ]
        return {"id": self.id, "title": self.title, "fields": {"nodes": plain + selects}}


class FakeProjects:
    """Projects of users and organisations; `content_exists` says whether an issue node id is
    real, `may_write` whether the caller may change projects (token scope, App permission)."""

    def __init__(self, content_exists: Callable[[str], bool]) -> None:
        self._content_exists = content_exists
        self._projects: dict[str, Project] = {}
        self._ids = itertools.count(1)
        self.writable = True

    def add_project(
        self, owner: str, number: int, title: str, selects: dict[str, list[str]]
    ) -> Project:
        """A board with the built-in fields plus these single-select fields and options."""
        pid = _gid("PVT", f"{owner}/{number}")
        fields = [
            SingleSelect(
                _gid("PVTSSF", f"{pid}:{name}"),
                name,
                {f"{next(self._ids):08x}": option for option in options},
            )
            for name, options in selects.items()
        ]
        project = self._projects[pid] = Project(pid, owner, number, title, fields)
        return project

    def project(self, owner: str, number: int) -> Project:
        return next(p for p in self._projects.values() if (p.owner, p.number) == (owner, number))

    def item_values(self, project: Project, content_id: str) -> dict[str, str] | None:
        """The item's single-select values by field and option name, None when not on it."""
        item = project.items.get(content_id)
        if item is None:
            return None
        names = {s.id: s for s in project.selects}
        return {
            names[f].name: names[f].options[o] for f, o in project.values.get(item, {}).items()
        }

    def answer(self, body: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return 400, {"message": "Problems parsing JSON", "documentation_url": _DOCS}
        query = body["query"]
        variables = body.get("variables") or {}
        args: dict[str, Any] = {}
        for name, var, text, number in _ARG.findall(query):
            if var:
                if var in variables:
                    args.setdefault(name, variables[var])
            else:
                args.setdefault(name, json.loads(f'"{text}"') if number == "" else int(number))
        if "addProjectV2ItemById" in query:
            return self._add(args)
        if "updateProjectV2ItemFieldValue" in query:
            return self._update(args)
        if "repositoryOwner" in query:
            return self._by_number(args)
        if re.search(r"\bnode\s*\(", query):
            return self._by_id(args)
        return 200, {"errors": [{"message": "Field is not supported by this fake", "locations": []}]}

    # ------------------------------------------------------------------ operations

    def _by_number(self, args: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        owner, number = str(args.get("login")), args.get("number")
        owned = [p for p in self._projects.values() if p.owner.lower() == owner.lower()]
        if not owned:  # owners exist here only through their projects
            return 200, {"data": {"repositoryOwner": None}}
        found = next((p for p in owned if p.number == number), None)
        if found is None:
            return 200, _error(
                {"repositoryOwner": {"projectV2": None}},
                "NOT_FOUND",
                ["repositoryOwner", "projectV2"],
                f"Could not resolve to a ProjectV2 with the number {number}.",
            )
        return 200, {"data": {"repositoryOwner": {"projectV2": found.node()}}}

    def _by_id(self, args: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        found = self._projects.get(str(args.get("id")))
        if found is None:
            return 200, _not_a_node({"node": None}, ["node"], args.get("id"))
        return 200, {"data": {"node": found.node()}}

    def _writable(self, root: str, args: dict[str, Any]) -> Project | dict[str, Any]:
        """The project a mutation names, or GitHub's error answer."""
        if not self.writable:
            return _error({root: None}, "FORBIDDEN", [root], "Resource not accessible by integration")
        project = self._projects.get(str(args.get("projectId")))
        return project or _not_a_node({root: None}, [root], args.get("projectId"))

    def _add(self, args: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        root = "addProjectV2ItemById"
        project = self._writable(root, args)
        if not isinstance(project, Project):
            return 200, project
        content = str(args.get("contentId"))
        if not self._content_exists(content):
            return 200, _not_a_node({root: None}, [root], content)
        # adding content already on the board answers with its existing item
        item = project.items.setdefault(content, _gid("PVTI", f"{project.id}:{content}"))
        return 200, {"data": {root: {"item": {"id": item}}}}

    def _update(self, args: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        root = "updateProjectV2ItemFieldValue"
        project = self._writable(root, args)
        if not isinstance(project, Project):
            return 200, project
        item = str(args.get("itemId"))
        select = next((s for s in project.selects if s.id == args.get("fieldId")), None)
        option = args.get("singleSelectOptionId")
        if item not in project.items.values():
            return 200, _not_a_node({root: None}, [root], item)
        if select is None or option not in select.options:
            return 200, _error(
                {root: None},
                "UNPROCESSABLE",
                [root],
                f"The single select option Id does not belong to the field ({option})",
            )
        project.values.setdefault(item, {})[select.id] = str(option)
        return 200, {"data": {root: {"projectV2Item": {"id": item}}}}


_DOCS = "https://docs.github.com/graphql"


def _error(data: dict[str, Any], kind: str, path: list[str], message: str) -> dict[str, Any]:
    located = {"type": kind, "path": path, "locations": [{"line": 2, "column": 3}]}
    return {"data": data, "errors": [{**located, "message": message}]}


def _not_a_node(data: dict[str, Any], path: list[str], node: object) -> dict[str, Any]:
    message = f"Could not resolve to a node with the global id of '{node}'"
    return _error(data, "NOT_FOUND", path, message)
