"""Hostile input at the intake, against a running Sirene: wrong tokens, oversized bodies, floods, malformed
bodies. Nothing of it reaches the helpdesk, nothing is a 5xx."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from tests.e2e.intake_world import TOKENS
from tests.e2e.intake_world import IntakeWorld
from tests.e2e.world import wait_for

GOOD = {"title": "Printer on fire"}


def test_wrong_tokens_big_bodies_and_floods_never_reach_the_helpdesk(intake: IntakeWorld) -> None:
    url = intake.server.url
    triaged, incidents = len(intake.triage()), len(intake.incidents())
    for headers in ({}, {"Authorization": "Bearer not-a-token-of-any-source"}, {"Authorization": "Basic c2hvcA=="},
                    {"Authorization": f"Bearer {TOKENS['shop']}x"}, {"Authorization": "Bearer"}):
        refused = intake.client.post(f"{url}/api/v1/reports", json=GOOD, headers=headers)
        assert refused.status_code == 401, headers
        assert refused.json()["error"] == "unauthorized"
    assert intake.client.post(f"{url}/api/v1/alertmanager", json={}).status_code == 401
    assert intake.client.get(f"{url}/report/not-a-token-of-any-source").status_code == 404

    huge = {"title": "x", "description": "y" * (70 * 1024)}
    assert intake.post("/api/v1/reports", "shop", huge).status_code == 413
    chunked = intake.client.post(f"{url}/api/v1/reports", content=iter([b"{" + b" " * 40_000] * 3),
                                 headers={"Authorization": f"Bearer {TOKENS['shop']}"})
    assert chunked.status_code == 413, "a body without Content-Length is cut at the limit too"
    assert intake.post("/api/v1/reports", "shop", content=b"{not json").status_code == 400
    unknown = intake.post("/api/v1/reports", "shop", {"title": "Fine", "colour": "red", "reporter": []})
    assert unknown.status_code == 422 and set(unknown.json()["fields"]) == {"colour", "reporter"}
    invalid = intake.post("/api/v1/reports", "shop", {"title": "", "reporter": {"email": "nope"},
                                                      "detected_at": "2099-01-01T00:00:00Z"})
    assert invalid.status_code == 422
    assert set(invalid.json()["fields"]) == {"title", "reporter.name", "reporter.email", "detected_at"}

    assert len(intake.triage()) == triaged and len(intake.incidents()) == incidents
    log = intake.server.log()
    assert "wrong or missing token (" in log and "refused since start" in log


def test_a_flood_beyond_the_rate_gets_429_and_never_reaches_the_helpdesk(intake: IntakeWorld) -> None:
    triaged, incidents = len(intake.triage()), len(intake.incidents())
    allowed = [intake.post("/api/v1/reports", "flood", {"title": f"Storm {n}"}) for n in range(2)]
    assert [a.status_code for a in allowed] == [201, 201]
    flood = [intake.post("/api/v1/reports", "flood", {"title": f"Storm {n}"}) for n in range(2, 12)]
    assert {a.status_code for a in flood} == {429}
    assert all(int(a.headers["Retry-After"]) > 0 for a in flood)
    assert intake.server.log().count("intake: source flood over its rate") == 1, "logged once per flood"
    references = [a.json()["reference"] for a in allowed]
    # Reports made together may share one grouped triage card (they wait for the helpdesk's pace together).
    wait_for(lambda: all(intake.triage_of(number) for number in references), what="the two allowed reports in triage")
    assert triaged + 1 <= len(intake.triage()) <= triaged + 2
    assert not any("Storm 2" in text for text in intake.triage()), "nothing of the flood reached the helpdesk"
    assert len(intake.incidents()) == incidents + 2
    assert intake.post("/api/v1/reports", "prometheus", {"title": "Another source is not held up"}).status_code == 201


SCALAR = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
JSON = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
REPORTER = st.fixed_dictionaries({}, optional={"name": JSON, "email": JSON, "organisation": JSON})
FIELDS = st.fixed_dictionaries({}, optional={
    "title": st.one_of(st.text(max_size=200), JSON), "description": st.one_of(st.text(max_size=50), JSON),
    "detected_at": st.one_of(st.text(max_size=40), st.datetimes().map(lambda d: d.isoformat()), JSON),
    "reporter": st.one_of(REPORTER, JSON),
    "affected_activities": st.one_of(st.lists(st.text(max_size=10), max_size=5), JSON),
    "suggested_severity": st.one_of(st.sampled_from(["weak", "minor", "major", "crisis", "nope"]), JSON),
    "dedup_key": st.one_of(st.text(max_size=250), JSON), "labels": JSON, "language": JSON,
})
ALERTS = st.fixed_dictionaries({}, optional={
    "status": st.sampled_from(["firing", "resolved", "other"]) | JSON, "groupKey": st.text(max_size=300) | JSON,
    "alerts": st.lists(st.dictionaries(st.sampled_from(["labels", "annotations", "startsAt", "status"]), JSON),
                       max_size=3) | JSON,
    "commonLabels": st.dictionaries(st.text(max_size=80), st.text(max_size=250), max_size=25) | JSON,
    "commonAnnotations": JSON, "title": JSON, "externalURL": JSON,
})


def test_fuzzed_bodies_never_get_a_5xx(intake: IntakeWorld) -> None:
    seen: set[int] = set()

    @example(path="/api/v1/reports", body={"title": "A valid one", "dedup_key": "fuzz"})
    @example(path="/api/v1/alertmanager", body={"status": "firing", "groupKey": "{}:{}", "alerts": []})
    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(path=st.sampled_from(["/api/v1/reports", "/api/v1/alertmanager", "/api/v1/grafana"]),
           body=st.one_of(FIELDS, ALERTS, JSON))
    def post(path: str, body: Any) -> None:
        answer = intake.post(path, "fuzz", content=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json"})
        seen.add(answer.status_code)
        assert answer.status_code < 500, (body, answer.text)
        assert answer.headers["content-type"].startswith("application/json")

    post()
    assert seen & {200, 201} and seen & {400, 422}, seen


def test_the_report_page_takes_no_forged_oversized_or_fuzzed_form(intake: IntakeWorld) -> None:
    url = intake.server.url
    incidents = len(intake.incidents())
    assert intake.client.post(f"{url}/report/{TOKENS['shop']}zz", data={"title": "x", "name": "y"}).status_code == 404
    big = intake.client.post(f"{url}/report/{TOKENS['shop']}", data={"title": "x", "description": "y" * 70_000})
    assert big.status_code == 413
    assert len(intake.incidents()) == incidents

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=st.binary(max_size=300) | st.dictionaries(
        st.sampled_from(["title", "description", "detected_at", "name", "organisation", "email", "lang", "x"]),
        st.text(max_size=60), max_size=8).map(lambda d: urlencode(d).encode()))
    def submit(body: bytes) -> None:
        answer = intake.client.post(f"{url}/report/{TOKENS['fuzz']}", content=body,
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert answer.status_code < 500, (body, answer.text)

    submit()
