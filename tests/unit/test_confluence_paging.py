"""Confluence paging: `_links.next` is followed from the API root whatever context it carries."""

from __future__ import annotations

from adapters.sources.confluence import _relative


def test_confluence_next_links_are_followed_whatever_context_they_carry():
    expected = "/rest/api/content/search?cql=x&cursor=abc"
    for link in (
        "/rest/api/content/search?cql=x&cursor=abc",
        "/wiki/rest/api/content/search?cql=x&cursor=abc",
        "/confluence/rest/api/content/search?cql=x&cursor=abc",
        "https://confluence.example.com/confluence/rest/api/content/search?cql=x&cursor=abc",
    ):
        assert _relative(link) == expected
