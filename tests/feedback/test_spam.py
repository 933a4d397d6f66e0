"""The spam defences as pure functions: text cleaning, waits, client keys, the rate limiter."""

import pytest

from feedback.spam import RateLimiter, Window, clean_text, client_key, throttle_message


def test_control_characters_are_dropped_but_markup_is_kept_verbatim():
    raw = "材料\x00清单\x07有误\r\n<script>alert(1)</script>\u2028 "
    assert clean_text(raw) == "材料清单有误\n<script>alert(1)</script>"


def test_wait_is_said_in_plain_chinese():
    assert Window(10, 600).describe_wait(now=1200) == "10 分钟"
    assert Window(10, 600).describe_wait(now=1200 + 590) == "10 秒"
    assert Window(100, 86400).describe_wait(now=3600) == "23 小时"
    assert "12345" in throttle_message("3 分钟") and "3 分钟后再试" in throttle_message("3 分钟")


def test_ipv6_clients_are_one_client_per_64_network_and_keys_hide_the_address():
    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff::9")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("203.0.113.7") != client_key("203.0.113.8")
    assert "203.0.113.7" not in client_key("203.0.113.7")


@pytest.mark.django_db
def test_rate_limiter_allows_the_limit_then_refuses_until_the_window_ends():
    limiter = RateLimiter([Window(3, 60)])
    results = [limiter.hit("a", now=6000 + i) for i in range(5)]
    assert results[:3] == [None, None, None]
    assert results[3] and results[4]  # a wait to show
    assert limiter.hit("b", now=6005) is None  # another client is not affected
    assert limiter.hit("a", now=6060) is None  # next window
