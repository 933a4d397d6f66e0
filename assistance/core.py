"""Pure rules of a 帮办代办 request: its reference number and who may read its status.

The reference (受理编号) is read aloud and typed on phones, so it is short and avoids letters
that look alike; together with the phone's last four digits it is the only key to the status
page, so its random part must not be guessable: 6 symbols from 32 give a billion numbers a
day, and lookups are rate-limited like the feedback forms.
"""

import hmac
import re
import secrets

from django.utils import timezone

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
RANDOM_LENGTH = 6
REFERENCE = re.compile(r"^BD-\d{8}-[%s]{%d}$" % (ALPHABET, RANDOM_LENGTH))
MOBILE = re.compile(r"^1[3-9]\d{9}$")


def new_reference(today=None):
    day = (today or timezone.localdate()).strftime("%Y%m%d")
    return f"BD-{day}-" + "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))


def normalise_reference(text):
    """What a citizen typed, as stored: upper case, full-width and spaces dropped."""
    text = (text or "").strip().upper().replace("－", "-").replace(" ", "")
    return text if REFERENCE.match(text) else ""


def normalise_phone(text):
    return re.sub(r"[\s-]", "", text or "")


def phone_matches(phone, last4):
    """Constant-time comparison of the stored phone's last four digits with what was typed."""
    last4 = (last4 or "").strip()
    return len(last4) == 4 and len(phone) >= 4 and hmac.compare_digest(phone[-4:], last4)


def mask_phone(phone):
    """138****5678: enough for staff to recognise a caller, not to dial them from a list."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
