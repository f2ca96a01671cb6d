"""Login brute-force protection that an attacker cannot turn against a victim.

A counter per e-mail address alone would let anyone lock a member out by failing on purpose.
Failures are therefore counted:

- per client IP (an attacker's own address gets blocked);
- per account *and* IP (guessing one account from one address is blocked, the owner logging in
  from elsewhere is not);
- per account for untrusted clients only (a distributed attack on one account is slowed down);
- per trusted device: a browser that logged into this account before carries a signed cookie
  and is counted on its own, so the owner's usual browser keeps working during an attack
  (OWASP "device cookies").

Counters live in the shared cache (Redis in production) so that every worker sees them.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from labo.rate_limits import hit

DEVICE_COOKIE_NAME = "labo_device"
_DEVICE_SALT = "labo.accounts.device-cookie"


def _config(key: str) -> int:
    return settings.LOGIN_THROTTLE[key]


def _digest(value: str) -> str:
    # Keys never hold e-mail addresses in clear: the cache is not a place for personal data.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _normalise(login: str) -> str:
    return (login or "").strip().lower()


@dataclass(frozen=True)
class LoginClient:
    login: str
    ip: str
    trusted_device: bool

    @property
    def counter_keys(self) -> dict[str, str]:
        account = _digest(self.login)
        keys = {"PER_IP": f"login-fail:ip:{_digest(self.ip)}"}
        if self.trusted_device:
            keys["PER_TRUSTED_DEVICE"] = f"login-fail:device:{account}"
        else:
            keys["PER_ACCOUNT_AND_IP"] = f"login-fail:pair:{account}:{_digest(self.ip)}"
            keys["PER_ACCOUNT_UNTRUSTED"] = f"login-fail:account:{account}"
        return keys


def device_cookie_value(login: str) -> str:
    return signing.dumps(_digest(_normalise(login)), salt=_DEVICE_SALT)


def is_trusted_device(request, login: str) -> bool:
    raw = request.COOKIES.get(DEVICE_COOKIE_NAME)
    if not raw:
        return False
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=_config("DEVICE_COOKIE_AGE"))
    except signing.BadSignature:
        return False
    return value == _digest(_normalise(login))


def login_client(request, *, login: str, ip: str) -> LoginClient:
    login = _normalise(login)
    return LoginClient(login=login, ip=ip, trusted_device=is_trusted_device(request, login))


def login_is_blocked(client: LoginClient) -> bool:
    counts = cache.get_many(list(client.counter_keys.values()))
    return any(counts.get(key, 0) >= _config(limit) for limit, key in client.counter_keys.items())


def counter_increment(key: str) -> None:
    hit(key, window=_config("WINDOW_SECONDS"))


def login_failure_record(client: LoginClient) -> None:
    for key in client.counter_keys.values():
        counter_increment(key)


def two_factor_code_key(user) -> str:
    return f"mfa-fail:{user.pk}"


def two_factor_is_blocked(user) -> bool:
    """Wrong authenticator codes, counted per account: only someone who already typed the
    right password reaches this step, so the counter cannot be used to lock a member out."""
    return (cache.get(two_factor_code_key(user)) or 0) >= _config("TWO_FACTOR_PER_ACCOUNT")


def login_success_record(client: LoginClient) -> None:
    """A correct password clears this client's own counters, never the per-IP one (that would
    let an attacker with one valid account reset their budget)."""
    keys = client.counter_keys
    cache.delete_many([key for limit, key in keys.items() if limit != "PER_IP"])
