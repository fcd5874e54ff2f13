"""`[[sources]]`: several sources of every kind, each with its routing defaults; the `[sources]`
table of earlier configurations means the same Markdown source as before."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from syncer.settings import ConfigError, load_settings
from syncer.source_settings import (
    SOURCE_MODELS,
    ConfluenceSource,
    GDocsSource,
    GitSource,
    MarkdownSource,
)

ROUTED = """
[jira]
url = "https://jira.example.com"
[github]
[routing]
default = "jira:OPS"
teams = { payments = "jira:PAY" }
[teams.payments]
leads = ["lead@example.com"]
[teams.sre]
leads = ["sre@example.com"]
"""
TOKENS = {"PMSYNC_JIRA__TOKEN": "t", "PMSYNC_GITHUB__TOKEN": "g"}

ALL_KINDS = """
[[sources]]
name = "handbook"
paths = ["pm", "/abs/more"]

[[sources]]
name = "repo"
kind = "git"
remote = "git@github.com:acme/postmortems.git"
branch = "trunk"
subpath = "incidents"
doc_url = "https://github.com/acme/postmortems/blob/{branch}/{path}"
credential = "postmortems_deploy_key"
team = "sre"

[[sources]]
name = "wiki"
kind = "confluence"
url = "https://acme.atlassian.net/wiki"
email = "pmsync@example.com"
cql = "space = SRE and label = postmortem"
overlap = "15m"
target = "github:acme/sre"

[[sources]]
name = "drive"
kind = "gdocs"
folder = "1AbCdEfG"
shared_drive = "0AbC"
team = "payments"
"""


def load(tmp_path: Path, text: str):
    config = tmp_path / "pmsync.toml"
    config.write_text(text)
    return load_settings(config, environ=TOKENS)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    return caught.value.problems


def test_the_sources_table_is_the_markdown_source_it_always_was(tmp_path):
    s = load(tmp_path, '[sources]\npaths = ["docs"]\ndoc_url = "https://x/{path}"\n' + ROUTED)
    [source] = s.source_configs()
    assert source == MarkdownSource(name="markdown", paths=[tmp_path / "docs"], doc_url="https://x/{path}")
    assert s.sources.paths == [tmp_path / "docs"]


def test_no_sources_at_all_reads_the_default_folder(tmp_path):
    [source] = load(tmp_path, ROUTED).source_configs()
    assert source.kind == "markdown" and source.paths == [tmp_path / "postmortems"]


def test_several_sources_of_every_kind(tmp_path):
    s = load(tmp_path, ALL_KINDS + ROUTED)
    folder, repo, wiki, drive = s.source_configs()
    assert isinstance(folder, MarkdownSource) and folder.paths == [tmp_path / "pm", Path("/abs/more")]
    assert isinstance(repo, GitSource) and (repo.branch, repo.subpath, repo.team) == ("trunk", "incidents", "sre")
    assert isinstance(wiki, ConfluenceSource) and wiki.overlap == timedelta(minutes=15)
    assert wiki.full_listing == timedelta(days=1) and wiki.credential == "confluence_token"
    assert isinstance(drive, GDocsSource) and drive.credential == "gdocs_service_account"
    # routing: a team route wins, then the source's target, then the default
    assert s.target_for("payments", "wiki") == "jira:PAY"
    assert s.target_for(None, "wiki") == "github:acme/sre"
    assert s.target_for(None, "repo") == "jira:OPS"
    assert "github:acme/sre" in s.targets()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[sources]]\nname = "a"\n[[sources]]\nname = "a"\n', "sources[1].name: 'a' is used by another source"),
        ('[[sources]]\nname = "a b"\n', "sources[0].markdown.name: 'a b' is not a source name"),
        ('[[sources]]\nname = "a"\nkind = "svn"\n', "sources[0]: input tag 'svn' found using 'kind' does not match"),
        ('[[sources]]\nname = "g"\nkind = "git"\n', "sources[0].git.remote: required key is missing"),
        ('[[sources]]\nname = "a"\nteam = "nope"\n', "sources[0].team: unknown team 'nope'"),
        ('[[sources]]\nname = "a"\ntarget = "gitlab:x"\n', "sources[0].markdown.target: malformed target 'gitlab:x'"),
        ('[[sources]]\nname = "a"\ntarget = "jira:SRE"\n', "sources[0].target: target 'jira:SRE' needs a [jira] section"),
        ('[[sources]]\nname = "c"\nkind = "confluence"\nurl = "https://w"\ncql = "x"\nemail = "a@b.c"\ncredential = "../key"\n',
         "sources[0].confluence.credential: '../key' is not a credential file name"),
        ('[[sources]]\nname = "c"\nkind = "confluence"\nurl = "https://w"\ncql = "x"\n',
         "sources[0].confluence: Confluence Cloud needs `email`"),
        ('[[sources]]\nname = "c"\nkind = "confluence"\ndeployment = "datacenter"\nurl = "https://w"\ncql = "x"\nemail = "a@b.c"\n',
         "sources[0].confluence: Confluence Data Center takes a personal access token alone"),
        ('[[sources]]\nname = "g"\nkind = "git"\nremote = "x"\ndoc_url = "https://x/{file}"\n',
         "sources[0].git.doc_url: unknown placeholder {file}"),
    ],
)
def test_bad_sources_are_named(tmp_path, text, expected):
    found = problems(tmp_path, text)
    assert any(p.startswith(expected) for p in found), found


EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "pmsync.example.toml"


@pytest.mark.parametrize("kind", sorted(SOURCE_MODELS))
def test_the_example_documents_every_key_of_every_source_kind(kind):
    text = EXAMPLE.read_text()
    common = text.split("[[sources]] entry per source", 1)[1].split("\n#\n", 1)[0]
    model = SOURCE_MODELS[kind]
    if kind == "markdown":
        own = text.split("\n[sources]\n", 1)[1].split("\n\n", 1)[0]
    else:
        own = text.split(f'# kind = "{kind}"\n', 1)[1].split("\n\n", 1)[0]
    for key in model.model_fields:
        found = re.search(rf"^#?\s*{key}\s*=", own + "\n" + common, re.MULTILINE)
        assert found, f"{kind}: {key} is not documented"
