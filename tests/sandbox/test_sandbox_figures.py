"""The sandbox's *Figures* page: the key numbers and the four charts of a period; hostile input never breaks it."""

from __future__ import annotations

import re

import httpx
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from tests.sandbox.conftest import Start


def test_the_figures_page_shows_the_key_numbers_and_the_charts(start_sandbox: Start) -> None:
    server = start_sandbox("nl")
    home = httpx.get(f"{server.url}/", timeout=30)
    assert 'href="/sandbox/figures?as=' in home.text and ">Cijfers</a>" in home.text

    page = httpx.get(f"{server.url}/sandbox/figures", params={"period": "2026-Q4"}, timeout=60)
    assert page.status_code == 200
    assert page.headers["content-security-policy"].startswith("default-src 'self'; img-src 'self' data:")
    assert "<title>Incidentcijfers 2026-Q4</title>" in page.text
    assert "Kerncijfers" in page.text and "SLA gehaald" in page.text
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page.text)
    assert [alt for alt, _ in images] == ["Incidenten per maand en ernst", "Tijd tot oplossing tegenover het SLA",
                                          "SLA en RTO gehaald, per ernst", "Meest getroffen essentiële activiteiten"]
    assert all(len(data) > 4_000 for _, data in images)

    wrong = httpx.get(f"{server.url}/sandbox/figures", params={"period": "<script>x</script>"}, timeout=60)
    assert wrong.status_code == 200
    assert "is geen periode" in wrong.text and "<script>x" not in wrong.text

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(period=st.text(max_size=300), person=st.text(max_size=50))
    def never_an_error(period: str, person: str) -> None:
        answer = httpx.get(f"{server.url}/sandbox/figures", params={"period": period, "as": person}, timeout=60)
        assert answer.status_code == 200

    never_an_error()
    assert httpx.post(f"{server.url}/sandbox/figures", content=b"x" * 100_000, timeout=30).status_code == 405
