"""Action items written the many ways real postmortems write them: each case is a short
document shaped like a real one and the item texts pmsync must find in it (and nothing else)."""

from __future__ import annotations

import pytest

from syncer.inline_sections import inline_parts
from tests.postmortems import read_postmortem

STORY = "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n## Root cause\n\nA consumer crashed.\n\n## Closing words\n\n"

CASES = {
    "a strong sub-heading inside a section of lessons lifts it": (
        STORY + "## Lessons learned\n\nQueues need owners. We will name one for each queue.\n\n"
        "### Action items\n\n- Dead-letter queue for poison messages\n- Lag alert at five minutes\n",
        ["We will name one for each queue", "Dead-letter queue for poison messages", "Lag alert at five minutes"],
    ),
    "a bold label inside a section of lessons does not lift it": (
        STORY + "## Lessons learned\n\n**Next steps:**\n\n- Queues are shared by every team\n"
        "- We will add a lag alert at five minutes\n",
        ["We will add a lag alert at five minutes"],
    ),
    "a sub-heading whose details carry their own action label is no item": (
        STORY + "## Lessons learned\n\nWe will answer reporters faster.\n\n"
        "### Talking to the reporter\n\nWe answered slowly.\n\n"
        "**Action taken:**\n\nOur on-call process now requires a reply to reporters within a day.\n",
        ["We will answer reporters faster", "Our on-call process now requires a reply to reporters within a day"],
    ),
    "a numbered sub-heading under an action heading is the item, its middling words no matter": (
        STORY + "# Resulting action\n\n#### 1) Plan for the queue migration\n\n"
        "Two engineers will move the queue to the new cluster.\n\n"
        "#### 2) Consumer health checks\n\nWe need to restart crashed consumers automatically.\n",
        ["Plan for the queue migration", "Consumer health checks"],
    ),
    "a promise after an apology, in the same sentence": (
        STORY + "We are sorry for the wrong estimates we gave and will strive to publish clearer status in the future.\n",
        ["We are sorry for the wrong estimates we gave and will strive to publish clearer status in the future"],
    ),
    "a first-person promise after what was done": (
        STORY + "## Response\n\nI have deleted the old deploy key, and will avoid long-lived keys in the future.\n",
        ["I have deleted the old deploy key, and will avoid long-lived keys in the future"],
    ),
    "what was done about the live incident, then a promise, is no follow-up": (
        "# Status\n\nWe found the faulty node and will replace it within the hour.\n",
        [],
    ),
    "promising the reader the story of the incident is no follow-up": (
        "# Booking outage\n\nWe are sorry for the outage, and will share with you the events that took place "
        "and the steps we are taking to ensure it does not happen again.\n\nI will write about backups in future posts.\n",
        [],
    ),
    "a first-person promise written with a contraction, typographic or not": (
        STORY + "I’ll improve the monitoring to alert when page views drop. I'm going to add a restart test.\n",
        ["I’ll improve the monitoring to alert when page views drop", "I'm going to add a restart test"],
    ),
    "two promises joined in one sentence are two items": (
        STORY + "We will extend the test suite to start without the cache and we are improving our retry budget.\n",
        ["We will extend the test suite to start without the cache", "we are improving our retry budget"],
    ),
    "a lead-in with a parenthesis": (
        STORY + "As a longer-term fix (Q3 2026), we'll move the consumers to their own cluster.\n",
        ["As a longer-term fix (Q3 2026), we'll move the consumers to their own cluster"],
    ),
    "another team's promise told with 'they'": (
        STORY + "## Further mitigations\n\nThe storage team shipped a hot fix. They are also going to review "
        "their use of client libraries.\n\nIncidents are unpleasant, but they will happen.\n",
        ["They are also going to review their use of client libraries"],
    ),
    "a sentence introducing the list names no story, even when it says 'happen again'": (
        STORY + "### Next steps\n\nWe are sorry for the downtime and are taking steps so that this doesn't happen again:\n\n"
        "1. Pin the versions of the packages we import.\n2. Mirror the package registry on our own servers.\n",
        ["Pin the versions of the packages we import", "Mirror the package registry on our own servers"],
    ),
    "a change already made, said with a contraction or with 'since'": (
        STORY + "We've added a readiness probe to the consumer to prevent this from happening again.\n\n"
        "We have since published a release that asks before overwriting a key.\n\nWe restarted the consumer.\n",
        ["We've added a readiness probe to the consumer to prevent this from happening again",
         "We have since published a release that asks before overwriting a key"],
    ),
    "one list entry making several commitments is several items": (
        STORY + "## Next steps\n\n- We've updated the health check to cover the pool, and we've added timeouts to queries.\n"
        "- Longer term, we're moving the cache to its own cluster. We're also exploring a read replica.\n"
        "- We will add a lag alert. This makes a stall visible within minutes.\n",
        ["We've updated the health check to cover the pool", "we've added timeouts to queries",
         "Longer term, we're moving the cache to its own cluster", "We're also exploring a read replica",
         "We will add a lag alert. This makes a stall visible within minutes"],
    ),
    "'update' is a change, updating the reader is not": (
        STORY + "We will update our deploy tooling to validate the configuration.\n\n"
        "We will publish status updates more often during incidents.\n",
        ["We will update our deploy tooling to validate the configuration"],
    ),
    "a promise in the second clause of a sentence about something else": (
        STORY + "We are still assessing which accounts were exposed, and we will contact every affected customer directly.\n",
        ["we will contact every affected customer directly"],
    ),
    "announcing unnamed changes is no item": (
        STORY + "This was unacceptable and we'll be making several changes to make sure it doesn't happen again.\n\n"
        "First, we will cap the retries of the client.\n",
        ["First, we will cap the retries of the client"],
    ),
    "plain text's bullet glyphs are list entries": (
        STORY + "## Follow-up work\n\nWe identified these changes.\n• Move the consumers to their own cluster.\n"
        "• Add a lag alert at five minutes.\n  ◦ page the on-call engineer\n",
        ["Move the consumers to their own cluster", "Add a lag alert at five minutes"],
    ),
    "a parent entry is one item over its details, a label over commitments groups them": (
        STORY + "## Action items\n\n- Add a lag alert at five minutes\n  - using the broker's own metric\n"
        "- Improve how we page for the queue:\n  - Page the platform team for lag\n  - Add the queue to the runbook\n"
        "- Dual monitoring:\n  - Probe the queue from outside\n  - Alert when the probes disagree\n",
        ["Add a lag alert at five minutes", "Page the platform team for lag", "Add the queue to the runbook",
         "Probe the queue from outside", "Alert when the probes disagree"],
    ),
    "a plain-text export: a wrapped action label introduces one step per line": (
        "Service interruption on 3 March\nSummary: Between 10:00 and 11:10 UTC the API returned errors.\n"
        "Root cause: A configuration push removed the database credentials.\n"
        "Next steps: We apologise for the impact. To prevent a recurrence we are taking\nthe following steps:\n"
        "Validate configuration pushes against a schema before they are\napplied to production\n"
        "Stage configuration pushes region by region Adding an alert on credential errors\n"
        "Feedback: tell us how we did.\n",
        ["Validate configuration pushes against a schema before they are applied to production",
         "Stage configuration pushes region by region", "Adding an alert on credential errors"],
    ),
    "a plain-text export: a bare action label, and promises wrapped over lines": (
        "Incident report\nImpact: Uploads failed for an hour.\nRoot cause: A full disk.\n"
        "Next steps:\nAlert on disk usage at 80 percent\nLessons: We will rehearse the disk\n"
        "recovery every quarter.\n",
        ["Alert on disk usage at 80 percent", "We will rehearse the disk recovery every quarter"],
    ),
    "a change written as a sentence over the list of its details is one item": (
        STORY + "## Follow-up\n\nWe've added criteria for pausing the consumers:\n\n"
        "- If messages are lost: pause at once.\n- Otherwise: keep them running.\n\n"
        "Bastion host: configure an external bastion, allowing:\n\n- SSH through one address\n- keys per person\n",
        ["We've added criteria for pausing the consumers", "Bastion host: configure an external bastion, allowing"],
    ),
    "a sentence ending in what the list says introduces the list": (
        STORY + "## Follow-up\n\nGoing forward we will focus on:\n\n- Faster detection of lag\n- Smaller deploys\n\n"
        "**Improved routing:**\n\n- Add a second route\n",
        ["Faster detection of lag", "Smaller deploys", "Add a second route"],
    ),
    "a table whose headers name their field by the head noun": (
        STORY + "## Follow-up\n\n| Proposed fix | Action owner | By when |\n|---|---|---|\n"
        "| Cap the consumer retries | @sam | 2026-05-01 |\n",
        ["Cap the consumer retries"],
    ),
    "items whose whole text is a link": (
        STORY + "## Action items\n\n- [Cap the consumer retries](https://github.com/example/queue/issues/7)\n"
        "- https://github.com/example/queue/issues/8\n",
        ["Cap the consumer retries", "https://github.com/example/queue/issues/8"],
    ),
    "an intention is a promise": (
        STORY + "We are looking into ways to shard the queue. In the future we're looking to add a lag dashboard. "
        "We also plan on retiring the old consumer. We expect to find more work.\n",
        ["We are looking into ways to shard the queue", "In the future we're looking to add a lag dashboard",
         "We also plan on retiring the old consumer"],
    ),
    "sub-headings as items: with nothing under them, or over a list of their details": (
        STORY + "## Action items\n\n### 1. Add a lag alert on the queue\n\n- using the broker's own metric\n"
        "- owner: @kim\n\n### 2. Rotate the consumer logs daily\n\n### 3. Process\n\n#### Review consumer changes twice\n\n"
        "We ask two people.\n",
        ["Add a lag alert on the queue", "Rotate the consumer logs daily", "Review consumer changes twice"],
    ),
    "a bold action label over an introducing sentence, or over a paragraph": (
        "# Queue outage\n\n**Summary:** the job queue stalled.\n\n**Action items:**\n\n"
        "We agreed on these changes in the review meeting last Tuesday afternoon:\n\n- Cap the consumer retries\n\n"
        "**Follow-ups:**\n\nAdd a lag alert on the queue that pages the on-call engineer.\n\n**Impact:**\n\n"
        "Add up the delayed jobs of every customer to see the damage.\n",
        ["Cap the consumer retries", "Add a lag alert on the queue that pages the on-call engineer"],
    ),
    "what is ours will change, an intention to have it done, a change now in place": (
        STORY + "Our next consumer release (v2) will cap its retries. Our customers will see fewer delays. "
        "We intend to have the lag dashboard running in the coming weeks. We will have a better view then. "
        "We now have a staging queue in place, which mirrors production.\n",
        ["Our next consumer release (v2) will cap its retries",
         "We intend to have the lag dashboard running in the coming weeks",
         "We now have a staging queue in place, which mirrors production"],
    ),
    "prose that tells a change made since, by its perfect and what it changed": (
        STORY + "We've set up alerts for when the exporters stop responding, since that is a sign of network trouble.\n",
        ["We've set up alerts for when the exporters stop responding, since that is a sign of network trouble"],
    ),
    "a past step of the response list that says what recurrence it prevents": (
        STORY + "## Our response\n\n1. We suspended all builds.\n2. We rotated the upload tokens.\n"
        "3. We put in changes to the packaging tool to help prevent uploads from forks in the future.\n",
        ["We put in changes to the packaging tool to help prevent uploads from forks in the future"],
    ),
    "a new test told in the passive perfect, after a clause about the fix of the day": (
        STORY + "## Prevention\n\nThe fix for this case was applied to ship v0.2, and an explicit test of the full "
        "upgrade flow has been written.\n",
        ["an explicit test of the full upgrade flow has been written"],
    ),
    "work under way, told without a person": (
        STORY + "In addition to rotating secrets there are also changes coming to how our build runners are managed. "
        "Further isolation of internal hosts is also under way.\n",
        ["In addition to rotating secrets there are also changes coming to how our build runners are managed",
         "Further isolation of internal hosts is also under way"],
    ),
    "a change told by the state it brought": (
        STORY + "Our incident runbook is now easier to find. It asks for a private channel.\n",
        ["Our incident runbook is now easier to find"],
    ),
    "changes made, listed as -ing phrases in one sentence, and a plan after them": (
        STORY + "Over the past week, we have made other improvements to the security of the build platform, "
        "including completely removing shared tokens (which improves auditing, and tracing), moving secrets "
        "to a key management service, and more generally improving our security across the board. "
        "We also plan on retiring classic tokens next year.\n",
        ["completely removing shared tokens (which improves auditing, and tracing)",
         "moving secrets to a key management service", "We also plan on retiring classic tokens next year"],
    ),
    "a promise whose object's relative clause tells readers something": (
        STORY + "In the future we are looking to create a better error page that will inform readers during "
        "maintenance.\n",
        ["In the future we are looking to create a better error page that will inform readers during maintenance"],
    ),
    "a study whose object is the change": (
        STORY + "We are investigating ways to improve the resilience of our queue to reduce the impact of outages.\n",
        ["We are investigating ways to improve the resilience of our queue to reduce the impact of outages"],
    ),
    "a change promised in the passive, naming what it changes": (
        STORY + "## Lessons learned\n\nOur deploy documentation will be updated to cover the queue failover.\n",
        ["Our deploy documentation will be updated to cover the queue failover"],
    ),
    "changes made, told in the passive perfect under a sentence that introduces them": (
        "# Queue outage\n\nThe queue stalled because its certificate expired.\n\n"
        "To prevent this in the future, we've made a few changes:\n\n"
        "1. A daily check has been added to verify every certificate.\n"
        "2. A nightly job has been added that renews the certificates.\n",
        ["A daily check has been added to verify every certificate",
         "A nightly job has been added that renews the certificates"],
    ),
    "a disclosure with no plan: the changes made, listed in the past under what was done": (
        "# Intrusion disclosure\n\n## What happened\n\nA crafted upload ran code on a worker.\n\n"
        "## What we did\n\n- Fixed the upload path that let the code run.\n- Evicted the intruder from the cluster.\n"
        "- Deployed stricter admission rules on the cluster.\n"
        "- Improved our alerting so a signal pages someone within minutes.\n",
        ["Fixed the upload path that let the code run", "Deployed stricter admission rules on the cluster",
         "Improved our alerting so a signal pages someone within minutes"],
    ),
    "work with another party that reviews our own procedures besides the study of the incident": (
        STORY + "We are working with outside security specialists, to investigate the incident as well as review "
        "our access policies and procedures.\n",
        ["We are working with outside security specialists, to investigate the incident as well as review "
         "our access policies and procedures"],
    ),
    "a parent over children that start with verbs outside any short list groups them": (
        STORY + "## Action items\n\n- Work with the platform team on the queue cluster\n"
        "  - Decouple the consumers from the scheduler\n  - Throttle the retries from the web tier\n"
        "  - Codify the failover runbook\n",
        ["Decouple the consumers from the scheduler", "Throttle the retries from the web tier", "Codify the failover runbook"],
    ),
    "a parent over children that start with a verb read more often as a noun, then its object": (
        STORY + "## Action items\n\n- Work with the platform team on capacity\n"
        "  - Double the consumer pool\n  - Load the schema before the consumers start\n"
        "  - Spread the consumers across zones\n",
        ["Double the consumer pool", "Load the schema before the consumers start", "Spread the consumers across zones"],
    ),
    "someone else, or a thing, as the subject of a change to come; not what a change will bring": (
        STORY + "Moving forward @jonah will help us implement rate limits on the queue. All clients will stop "
        "retrying failed jobs. The platform team, with the vendor, will schedule a review of the brokers. "
        "The new brokers will provide proper isolation between tenants. This will allow us to add more nodes. "
        "Users will need to update their clients.\n",
        ["Moving forward @jonah will help us implement rate limits on the queue",
         "All clients will stop retrying failed jobs",
         "The platform team, with the vendor, will schedule a review of the brokers"],
    ),
    "a postmortem in Vietnamese: its timeline is no plan, its action heading is one": (
        "# Sự cố hàng đợi\n\n## Dòng thời gian\n\n- 10:00 Khởi động lại consumer\n\n"
        "## Hạng mục hành động\n\n| Hạng mục | Phụ trách |\n|---|---|\n| Thêm cảnh báo độ trễ hàng đợi | Backend |\n",
        ["Thêm cảnh báo độ trễ hàng đợi"],
    ),
    "a postmortem in Japanese and one in German": (
        "# キュー障害\n\n## タイムライン\n\n- 10:00 再起動\n\n## 再発防止策\n\n- 遅延アラートを追加する\n\n"
        "# Ausfall der Warteschlange\n\n## Zeitlinie\n\n- 10:00 Neustart\n\n## Maßnahmen\n\n"
        "- Alarm für die Verzögerung einrichten\n",
        ["遅延アラートを追加する", "Alarm für die Verzögerung einrichten"],
    ),
    "a change named by its gerund as the subject of what it will bring": (
        STORY + "Adding a lag alert to every queue will page us before consumers stall. A number of smaller "
        "improvements are also being made. Strengthening our runbooks would have shaved minutes off the "
        "recovery. Losing jobs is unacceptable and will hurt our users.\n",
        ["Adding a lag alert to every queue will page us before consumers stall",
         "Strengthening our runbooks would have shaved minutes off the recovery"],
    ),
    "a report run together into one paragraph, its steps numbered after the follow-up label": (
        "# RCA - Queue latency\n\nSummary of impact: Jobs were delayed for an hour. Root cause: A consumer "
        "crashed. Next steps: We are taking steps to improve the platform, and in this case it includes: "
        "1. Add a lag alert to every queue. 2. Restart consumers that stop acking. Provide feedback: "
        "Please take our survey.\n",
        ["Add a lag alert to every queue", "Restart consumers that stop acking"],
    ),
    "plans we have, what we look at doing, and changes made since told in the passive": (
        STORY + "We have plans to start replicating the queue into a second region. We're also looking at what "
        "we can do for automated testing of the consumer. Log rotation has since been configured to run hourly. "
        "The affected consumers have been replaced.\n",
        ["We have plans to start replicating the queue into a second region",
         "We're also looking at what we can do for automated testing of the consumer",
         "Log rotation has since been configured to run hourly"],
    ),
    "work begun on a change, not on studying the cause or redoing what failed": (
        STORY + "We have begun retooling our token system to be more robust. We have begun investigating "
        "the consumer crash. We have begun resending the failed jobs. We've also started the process of "
        "decommissioning the old brokers.\n",
        ["We have begun retooling our token system to be more robust",
         "We've also started the process of decommissioning the old brokers"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_items_real_postmortems_write(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


# Promises amid the story of the incident, told as work under way or begun, without their
# subject, or after their reason: read sentence by sentence in a part that tells what happened.
STORY_PART = "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n## What went wrong\n\n"
UNDER_WAY = {
    "work under way, marked as more beside the fix or aimed at the next time": (
        STORY_PART + "Apart from the shorter timeouts, longer polls between retries, added credentials, we're adding exponential "
        "back-off to the client library. We are currently restarting the consumers. We are now also setting up "
        "regular scans of the queue so we catch a stall early.\n",
        ["Apart from the shorter timeouts, longer polls between retries, added credentials, we're adding exponential back-off "
         "to the client library",
         "We are now also setting up regular scans of the queue so we catch a stall early"],
    ),
    "work said to have begun, or under way as a project": (
        STORY_PART + "Work has also started to pull the scheduler out of the queue service. A project is also "
        "underway to replace the consumer with one that scales. Work is under way to bring the consumers back.\n",
        ["Work has also started to pull the scheduler out of the queue service",
         "A project is also underway to replace the consumer with one that scales"],
    ),
    "a promise whose subject the writer left out, or that follows its reason": (
        STORY_PART + "Will be adding a lag alert to the queue to prevent this from recurring. Will this happen again? "
        "Will update this post when we know more. That's why we're looking into alternatives to the broker "
        "that let us scale consumers.\n",
        ["Will be adding a lag alert to the queue to prevent this from recurring",
         "That's why we're looking into alternatives to the broker that let us scale consumers"],
    ),
    "an organisation's engineers as the subject of a promise": (
        STORY_PART + "To prevent future recurrences of this problem, Acme engineers will change the queue's retry "
        "policy to an adaptive back-off.\n",
        ["To prevent future recurrences of this problem, Acme engineers will change the queue's retry policy "
         "to an adaptive back-off"],
    ),
    "a promise listing its changes as noun phrases after a noun of change, not after another noun": (
        STORY_PART + "Acme engineers will also implement a number of technical and procedural measures, including: "
        "stricter review of queue configuration changes, automatic checks on consumer deploys, and a canary "
        "stage for the broker. We will make improvements to services such as the API, the dashboard and the CLI.\n",
        ["stricter review of queue configuration changes", "automatic checks on consumer deploys",
         "a canary stage for the broker",
         "We will make improvements to services such as the API, the dashboard and the CLI"],
    ),
    "a page printing each update twice tells each promise once; the account of the incident is none": (
        STORY_PART + "We will add a lag alert to the queue. We will provide a more detailed analysis of this "
        "incident once we have completed our internal investigation.\n\n| Update |\n\nWe will add a lag alert "
        "to the queue. We will provide a more detailed analysis of this incident once we have completed our "
        "internal investigation.\n",
        ["We will add a lag alert to the queue"],
    ),
    "a team's promise after what it did, against recurrence": (
        STORY_PART + "The team has fixed the consumer and will add contract tests to catch such bugs early, to "
        "prevent such incidents again. The team found the cause and will deploy the fix.\n",
        ["The team has fixed the consumer and will add contract tests to catch such bugs early, to prevent such "
         "incidents again"],
    ),
    "a change held as planned": (
        STORY_PART + "We have a large upgrade of the broker planned for August that will fix these stalls. "
        "We have maintenance scheduled for tonight.\n",
        ["We have a large upgrade of the broker planned for August that will fix these stalls"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(UNDER_WAY.values()), ids=list(UNDER_WAY))
def test_promises_told_as_work_under_way_or_begun(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


def test_a_flattened_document_gives_each_step_and_promise_its_own_line() -> None:
    text = CASES["a plain-text export: a bare action label, and promises wrapped over lines"][0]
    assert [(item.line, item.found_by) for item in read_postmortem(text).items] == [(5, "paragraph"), (6, "prose")]


def test_a_head_noun_header_gives_the_row_its_owner_and_deadline() -> None:
    text = CASES["a table whose headers name their field by the head noun"][0]
    [item] = read_postmortem(text).items
    assert (item.owner, item.due_text) == ("sam", "2026-05-01")


# Whether an item is done, read from how it is told: a change made (perfect, past, after the
# incident, "in place") is done; one still to come or owed ("in development", "should") is not;
# an unticked box says it itself.
DONE_CASES = {
    "a perfect with a -ied verb and more changes after it": (
        "- We've identified the cause of the lock, added tests, and changed the retry logic\n", True),
    "the state it had, then the change made": (
        "- Our status checks all went to one host. We've updated them to reach every host.\n", True),
    "a time after the incident opening the sentence": (
        "- A week after the incident, we switched the queue to a managed broker\n", True),
    "a test told in the passive perfect": ("- An end-to-end test of the upgrade has been written\n", True),
    "checks told in the simple past passive": ("- Commit checks were implemented in the CI jobs\n", True),
    "another party as the subject of a fix made": ("- Storage clients implemented a fix for the parser\n", True),
    "a staging network now in place": ("- We now have a staging network in place\n", True),
    "an unticked box whose words start with a participle": ("- [ ] automated failover testing\n", False),
    "marked as in development": ("- Automated key rotation (in development)\n", False),
    "work begun on it": ("- We have begun systematically retooling our token system\n", False),
    "a rule about changes tested before": (
        "- Changes that have been tested on staging should be deployed one by one\n", False),
    "an enumeration of changes told as made": (
        "Over the past week, we have made improvements to our tokens, including removing shared tokens and "
        "moving secrets to a key service.\n", True),
    "a need after a clause that reads like a past": (
        "- When we merge into main, we need to deploy it too. This avoids a drift from what is deployed.\n", False),
}  # fmt: skip


def test_changes_listed_as_made_where_there_is_no_plan_are_done() -> None:
    text = CASES["a disclosure with no plan: the changes made, listed in the past under what was done"][0]
    assert all(item.done for item in read_postmortem(text).items)


@pytest.mark.parametrize(("entry", "done"), list(DONE_CASES.values()), ids=list(DONE_CASES))
def test_done_is_read_from_how_the_change_is_told(entry: str, done: bool) -> None:
    items = read_postmortem(STORY.replace("## Closing words", "## Action items") + entry).items
    assert items and all(item.done is done for item in items)


@pytest.mark.parametrize(
    ("heading", "entry", "done"),
    [
        # a heading that says its entries were carried out makes them done, whatever their words
        ("Corrective measures implemented", "Direct metrics monitoring on every node", True),
        ("Completed follow-ups", "Spool usage alert", True),
        # an opening participle before a bare noun names the thing; with a determiner it tells the making
        ("Future prevention", "Automated configuration validation for the monitors", False),
        ("Action items", "Automated the failover test", True),
        # a heading with something still to come says nothing of its entries
        ("Follow-ups done and next", "Spool usage alert", False),
    ],
)  # fmt: skip
def test_done_is_read_from_the_heading_and_the_participle_s_place(heading: str, entry: str, done: bool) -> None:
    [item] = read_postmortem(STORY + f"## {heading}\n\n- {entry}\n").items
    assert item.done is done


@pytest.mark.parametrize(
    ("text", "lines"),
    [("Summary of impact: Jobs were delayed. Root cause: A crash. Next steps: it includes: 1. Add an alert. "
      "2. Restart consumers. Provide feedback: Take our survey.",
      ["Summary of impact: Jobs were delayed.", "Root cause: A crash.", "Next steps: it includes:", "Add an alert.",
       "Restart consumers.", "Provide feedback: Take our survey."]),
     # numbers that do not count up from 1 are no list; one named part is no report
     ("Root cause: A crash in 2024. Next steps: Raise the limit to 3. 5. Done.",
      ["Root cause: A crash in 2024.", "Next steps: Raise the limit to 3. 5. Done."]),
     ("Note: this is one label only. We will add an alert.", None)],
)  # fmt: skip
def test_a_report_run_together_reads_as_its_lines(text: str, lines: list[str] | None) -> None:
    assert inline_parts(text) == lines
