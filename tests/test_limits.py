"""Rate limits and request bounds."""

from __future__ import annotations

import pytest

LIMITED = {"RATELIMIT_ENABLED": True, "RATELIMIT_CHECK": "3 per minute"}


@pytest.mark.parametrize("app_overrides", [LIMITED])
def test_check_is_rate_limited_per_client_with_retry_after(client, app_overrides):
    codes = [client.post("/api/v1/check", json={"comment": "hello"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.post("/api/v1/check", json={"comment": "hello"})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0
    assert r.get_json()["code"] == 429
    # Another client address has its own bucket.
    other = client.post(
        "/api/v1/check", json={"comment": "hello"}, environ_base={"REMOTE_ADDR": "10.9.8.7"}
    )
    assert other.status_code == 200


@pytest.mark.parametrize("app_overrides", [LIMITED])
def test_healthz_is_never_limited(client, app_overrides):
    assert all(client.get("/healthz").status_code == 200 for _ in range(10))


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "RATELIMIT_CAPTCHA_FAILURES": "3 per minute"}]
)
def test_captcha_guessing_is_cut_off_per_client(client, solve_captcha, article, app_overrides):
    base = {"article_id": article, "name": "Omar", "comment": "On topic about Raqqa"}
    codes = []
    for _ in range(4):
        cid, _answer = solve_captcha("1111")
        r = client.post("/api/v1/comments", json={**base, "captcha_id": cid, "captcha_answer": "2"})
        codes.append(r.status_code)
    assert codes == [422, 422, 422, 429]
    # Even the right answer waits until the window passes: the address is cut off.
    cid, answer = solve_captcha("1111")
    r = client.post("/api/v1/comments", json={**base, "captcha_id": cid, "captcha_answer": answer})
    assert r.status_code == 429


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "RATELIMIT_CAPTCHA_FAILURES": "2 per minute"}]
)
def test_right_answers_do_not_count_as_failures(client, solve_captcha, article, app_overrides):
    base = {"article_id": article, "name": "Omar"}
    for i in range(4):
        cid, answer = solve_captcha()
        r = client.post(
            "/api/v1/comments",
            json={
                **base,
                "comment": f"Comment {i} on Raqqa",
                "captcha_id": cid,
                "captcha_answer": answer,
            },
        )
        assert r.status_code == 201


@pytest.mark.parametrize("app_overrides", [LIMITED])
def test_invented_tokens_share_the_client_address_bucket(client, app_overrides):
    codes = [
        client.post(
            "/api/v1/check",
            json={"comment": "hello"},
            headers={"Authorization": f"Bearer invented-{i}"},
        ).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]


@pytest.mark.parametrize("app_overrides", [LIMITED])
def test_a_real_token_has_its_own_bucket(client, auth, app_overrides):
    for _ in range(3):
        client.post("/api/v1/check", json={"comment": "hello"})
    assert client.post("/api/v1/check", json={"comment": "hello"}).status_code == 429
    r = client.post("/api/v1/check", json={"comment": "hello"}, headers=auth)
    assert r.status_code == 200
