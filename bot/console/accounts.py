"""Practitioner accounts: creation with validation, and password checks.

Display names are :func:`bot.plaintext.clean`ed text with something visible: families
are told the name of the practitioner who holds their request, and PostgreSQL refuses
a NUL. Passwords are stored only as argon2id hashes. Login takes about the same time
whether or not the username exists, so the login form cannot be used to find out
who has an account.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import plaintext
from bot.models import Practitioner, Role, Team

USERNAME_PATTERN = re.compile(r"[a-z0-9._-]{2,64}")
MIN_PASSWORD_LENGTH = 12
# Longer than any sensible passphrase; stops a huge body from costing a hash.
MAX_PASSWORD_LENGTH = 1024
MAX_DISPLAY_NAME_LENGTH = 120  # the column's length
ACCOUNT_FIELDS = ("username", "name", "team", "role", "password")
# An admin who deactivates their own account could leave the council with no admin.
# The HTML console's deactivate form says the same words.
OWN_ACCOUNT = "You cannot deactivate your own account."

# argon2-cffi's defaults follow RFC 9106's recommended profile. Tests swap in a
# cheaper hasher; every function reads this at call time so that works.
_hasher = PasswordHasher()


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why, for the operator."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True only for the right password; a malformed stored hash counts as a mismatch."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random secret, verified for unknown users to spend the same time."""
    return hasher.hash(secrets.token_urlsafe(32))


def account_fields(body: Mapping[str, object]) -> dict[str, str]:
    """An account request's fields, each text or absent; anything else is refused by name.

    Read before anything turns a value into text: ``str()`` made ``{"a": 1}`` a display
    name ``"{'a': 1}"`` and the number 123456789012 a twelve-character password.
    """
    fields: dict[str, str] = {}
    for name in ACCOUNT_FIELDS:
        value = body.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise AccountError(f'"{name}" must be text.')
        fields[name] = value
    return fields


def validate_username(username: str) -> str:
    # fullmatch, not match with "$": "$" also matches before a trailing newline.
    if not isinstance(username, str) or not USERNAME_PATTERN.fullmatch(username):
        raise AccountError(
            "The username must be 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'."
        )
    return username


def add_practitioner(
    session: Session,
    username: str,
    display_name: str,
    team: Team | str,
    *,
    password: str,
    role: Role | str = Role.PRACTITIONER,
) -> Practitioner:
    """Create an account; every rule is checked before anything is written.

    ``password`` and ``role`` are keyword-only so a caller cannot swap them by position.
    The unique constraint on ``username`` decides duplicates, even under concurrency.
    """
    validate_username(username)
    # One line: the name is shown inline to families and colleagues.
    name = " ".join(plaintext.clean(display_name).split()) if isinstance(display_name, str) else ""
    if not plaintext.has_visible(name):
        raise AccountError("The display name must not be empty.")
    if len(name) > MAX_DISPLAY_NAME_LENGTH:
        raise AccountError(
            f"The display name must be at most {MAX_DISPLAY_NAME_LENGTH} characters."
        )
    try:
        team_value = Team(team).value
    except ValueError:
        teams = ", ".join(t.value for t in Team)
        raise AccountError(f"The team must be one of: {teams}.") from None
    try:
        role_value = Role(role).value
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise AccountError(f"The role must be one of: {roles}.") from None
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at most {MAX_PASSWORD_LENGTH} characters.")
    if session.scalar(select(Practitioner.id).where(Practitioner.username == username)) is not None:
        raise AccountError("That username is already taken.")
    practitioner = Practitioner(
        username=username,
        display_name=name,
        team=team_value,
        role=role_value,
        password_hash=hash_password(password),
        active=True,
    )
    try:
        # A savepoint, so losing a race to the same username leaves the caller's
        # transaction usable.
        with session.begin_nested():
            session.add(practitioner)
    except IntegrityError:
        raise AccountError("That username is already taken.") from None
    return practitioner


def authenticate(session: Session, username: str, password: str) -> Practitioner | None:
    """The active practitioner with these credentials, or None.

    Unknown and inactive users still cost one hash verification, so response time
    does not reveal which usernames exist. A hash made with old parameters is
    replaced by one made with the current ones.
    """
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        return None
    practitioner = None
    if isinstance(username, str) and USERNAME_PATTERN.fullmatch(username):
        practitioner = session.scalars(
            select(Practitioner).where(Practitioner.username == username)
        ).first()
    if practitioner is None:
        verify_password(_dummy_hash(_hasher), password)
        return None
    if not verify_password(practitioner.password_hash, password) or not practitioner.active:
        return None
    if needs_rehash(practitioner.password_hash):
        practitioner.password_hash = hash_password(password)
    return practitioner
