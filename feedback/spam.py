"""Keeping the feedback channel usable without a third-party CAPTCHA.

Three cheap defences, none of which asks anything personal of a citizen:

* a rate limit per client, counted in the Django cache (Redis in production, so every worker
  shares it) in fixed windows: a flood of posts is refused after a few, with a Chinese message
  saying when to try again, and costs the site two cache operations per refused post;
* a honeypot field that people never see and bots fill in;
* size limits: the body is refused unread when too large, each field has a maximum length.

The client key is a salted hash of the address (an IPv6 client is its /64 network), kept in the
cache only for the length of a window.
"""

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

# C0 control characters other than tab and newline, DEL, and the Unicode line/paragraph
# separators: invisible, never typed on purpose, and NUL is refused by PostgreSQL text columns.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def clean_text(value):
    """Text as it will be stored: control characters dropped, line breaks unified, trimmed.

    Markup is kept verbatim on purpose: it is stored as inert text and escaped wherever shown,
    so a report that quotes ``<script>`` is read as written.
    """
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", value).strip()


@dataclass(frozen=True)
class Window:
    """At most ``limit`` posts per ``seconds``."""

    limit: int
    seconds: int

    def describe_wait(self, now):
        """Plain-Chinese wait until this window ends, e.g. '3 分钟' or '45 秒'."""
        left = max(1, self.seconds - int(now) % self.seconds)
        if left >= 3600:
            return f"{(left + 3599) // 3600} 小时"
        if left >= 60:
            return f"{(left + 59) // 60} 分钟"
        return f"{left} 秒"


def default_windows():
    return [Window(limit, seconds) for limit, seconds in settings.ZHINAN_FEEDBACK_RATE_LIMITS]


def client_address(request):
    header = getattr(settings, "ZHINAN_CLIENT_IP_HEADER", "")
    raw = request.META.get(header, "") if header else ""
    raw = raw.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    return raw


def client_key(address):
    """A salted hash of the client's address; IPv6 clients are keyed by their /64 network."""
    try:
        ip = ipaddress.ip_address(address)
        if ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    except ValueError:
        address = address[:64]
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:feedback:{address}".encode())
    return digest.hexdigest()[:24]


class RateLimiter:
    """Fixed-window counters in the cache; ``hit`` counts one attempt and says if it may pass."""

    def __init__(self, windows=None, cache_alias="default", prefix="zhinan:feedback:rate"):
        self.windows = windows if windows is not None else default_windows()
        self.cache = caches[cache_alias]
        self.prefix = prefix

    def hit(self, key, now=None):
        """Count an attempt by ``key``; ``None`` when allowed, else the wait (Chinese) to show."""
        now = time.time() if now is None else now
        for window in self.windows:
            slot = int(now) // window.seconds
            cache_key = f"{self.prefix}:{window.seconds}:{slot}:{key}"
            # add() is atomic: the first attempt of a window creates the counter.
            if self.cache.add(cache_key, 1, timeout=window.seconds + 5):
                count = 1
            else:
                try:
                    count = self.cache.incr(cache_key)
                except ValueError:  # expired between add() and incr()
                    self.cache.set(cache_key, 1, timeout=window.seconds + 5)
                    count = 1
            if count > window.limit:
                return window.describe_wait(now)
        return None


def throttle_message(wait):
    return (f"提交太频繁了，请 {wait}后再试。为防止恶意刷屏，同一网络短时间内只能提交几次意见；"
            "此前成功提交的意见已经收到。如有急事，请拨打政务服务便民热线 12345。")
