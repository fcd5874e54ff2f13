"""GitHub Projects (v2): each issue pmsync opens is put on its repository's project board.

Projects live only in GitHub's GraphQL API. A board is found by its owner and number
(`repositoryOwner(login:)`, which answers for users and organisations alike, then
`projectV2(number:)`) or by its node id (`node(id:)`); its fields come with it, the
single-select ones with their options. The issue is added with `addProjectV2ItemById`
(adding an issue that is already on the board returns the existing item, so repeating
it is harmless) and the status and priority options are set with
`updateProjectV2ItemFieldValue`. GraphQL reports most failures as HTTP 200 with an
`errors` list; they are raised here as TrackerErrors with GitHub's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adapters.trackers.base import Rejected
from adapters.trackers.boundary import Malformed
from adapters.trackers.github_payloads import Json
from syncer.ticket_fields import PROJECT_BY_NUMBER

_FIELDS = """
fragment board on ProjectV2 {
  id
  title
  fields(first: 100) {
    nodes {
      ... on ProjectV2FieldCommon { id name dataType }
      ... on ProjectV2SingleSelectField { options { id name } }
    }
  }
}"""
BOARD_BY_NUMBER = (
    """query($owner: String!, $number: Int!) {
  repositoryOwner(login: $owner) {
    ... on ProjectV2Owner { projectV2(number: $number) { ...board } }
  }
}"""
    + _FIELDS
)
BOARD_BY_ID = """query($id: ID!) { node(id: $id) { ...board } }""" + _FIELDS
ADD_ITEM = """mutation($project: ID!, $content: ID!) {
  addProjectV2ItemById(input: {projectId: $project, contentId: $content}) { item { id } }
}"""
SET_OPTION = """mutation($project: ID!, $item: ID!, $field: ID!, $option: String!) {
  updateProjectV2ItemFieldValue(
    input: {projectId: $project, itemId: $item, fieldId: $field,
            value: {singleSelectOptionId: $option}}
  ) { projectV2Item { id } }
}"""

# one GraphQL request: (query, variables) -> the answer's `data`
Send = Callable[[str, Json], Json]


@dataclass(frozen=True)
class SelectField:
    id: str
    name: str
    options: dict[str, str]  # case-folded option name -> option id
    names: tuple[str, ...]  # the options as the project spells them


@dataclass(frozen=True)
class Board:
    id: str
    title: str
    fields: dict[str, SelectField]  # case-folded name -> single-select field

    def option(self, field: str, value: str) -> tuple[SelectField, str] | str:
        """The field and option id, or why there is none."""
        found = self.fields.get(field.casefold())
        if found is None:
            return f"project {self.title!r} has no single-select field {field!r}"
        option = found.options.get(value.casefold())
        if option is None:
            choices = ", ".join(repr(name) for name in found.names) or "none"
            return f"field {found.name!r} has no option {value!r} (options: {choices})"
        return found, option


def errors_text(payload: Json) -> str | None:
    """GraphQL's `errors` as one line of GitHub's messages, or None when there are none."""
    errors = payload.get("errors")
    if not errors:
        return None
    messages = [str(e.get("message"))[:300] for e in errors if isinstance(e, dict)] or [
        str(errors)[:300]
    ]
    return "; ".join(messages)


def parse_board(node: object, reference: str) -> Board:
    """The board's id, title and single-select fields from a `...board` answer."""
    if not isinstance(node, dict) or not isinstance(node.get("id"), str):
        raise Rejected(f"GitHub project {reference} not found, or not visible to the token")
    nodes = (node.get("fields") or {}).get("nodes") or []
    fields: dict[str, SelectField] = {}
    for entry in nodes:
        if not isinstance(entry, dict) or not isinstance(entry.get("options"), list):
            continue  # not a single-select field (text, date, iteration, …) or an empty node
        listed = [o for o in entry["options"] if isinstance(o, dict) and "id" in o and "name" in o]
        options = {str(o["name"]).casefold(): str(o["id"]) for o in listed}
        name = str(entry.get("name"))
        names = tuple(str(o["name"]) for o in listed)
        fields[name.casefold()] = SelectField(str(entry.get("id")), name, options, names)
    return Board(node["id"], str(node.get("title") or reference), fields)


class ProjectBoards:
    """Boards read once per run; adding an issue and setting its options."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._boards: dict[str, Board] = {}

    def board(self, reference: str) -> Board:
        known = self._boards.get(reference)
        if known is not None:
            return known
        by_number = PROJECT_BY_NUMBER.fullmatch(reference)
        if by_number:
            owner, number = by_number.groups()
            data = self._send(BOARD_BY_NUMBER, {"owner": owner, "number": int(number)})
            node = ((data.get("repositoryOwner") or {}) if isinstance(data, dict) else {}).get(
                "projectV2"
            )
        else:
            data = self._send(BOARD_BY_ID, {"id": reference})
            node = data.get("node") if isinstance(data, dict) else None
        board = self._boards[reference] = parse_board(node, reference)
        return board

    def add(self, board: Board, content_id: str) -> str:
        """The project item of the issue (the existing one when it is already on the board)."""
        data = self._send(ADD_ITEM, {"project": board.id, "content": content_id})
        item = ((data.get("addProjectV2ItemById") or {}).get("item") or {}).get("id")
        if not isinstance(item, str):
            raise Malformed(f"addProjectV2ItemById answered without an item: {str(data)[:120]}")
        return item

    def set_option(self, board: Board, item: str, field: SelectField, option: str) -> None:
        self._send(
            SET_OPTION,
            {"project": board.id, "item": item, "field": field.id, "option": option},
        )
