"""Per-route ticket fields: validation of the configuration and template rendering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from syncer.ticket_fields import GitHubRepoFields, JiraProjectFields, render

CONTEXT = {"severity": "SEV2", "team": "payments", "postmortem_id": "INC-7"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("sev-{severity}", "sev-SEV2"),
        ({"value": "{severity}"}, {"value": "SEV2"}),
        (["{team}", "fixed"], ["payments", "fixed"]),
        ("From {postmortem_id} ({team})", "From INC-7 (payments)"),
        (42, 42),
        ({"id": "10001"}, {"id": "10001"}),
    ],
)
def test_templates_fill_in_the_items_postmortem(value, expected):
    assert render(value, CONTEXT) == expected


def test_an_unknown_value_renders_as_empty_text():
    assert render("sev-{severity}", {"severity": None}) == "sev-"


@given(st.text(max_size=200))
def test_text_from_a_document_lands_as_text(severity):
    # braces in a document's severity are never read as placeholders
    assert render("{severity}/{team}", {"severity": severity, "team": "t"}) == f"{severity}/t"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"labels": ["needs review"]}, "contains a space"),
        ({"labels": ["{owner}"]}, "unknown placeholder {owner}"),
        ({"fields": {"severity": "x"}}, "not a custom field id"),
        ({"fields": {"customfield_1": {"value": "{sev}"}}}, "unknown placeholder {sev}"),
        ({"parent": "epic 7"}, "not an issue key"),
        ({"components": ["{"]}, "malformed template"),
        ({"sprint": 3}, "Extra inputs are not permitted"),
    ],
)
def test_jira_project_fields_are_validated(config, message):
    with pytest.raises(ValidationError, match=message):
        JiraProjectFields(**config)


def test_github_repo_fields_are_validated():
    assert GitHubRepoFields(labels=["{team}"], milestone="Q1").milestone == "Q1"
    with pytest.raises(ValidationError, match="unknown placeholder"):
        GitHubRepoFields(labels=["{priority}"])
