"""Practitioner accounts: argon2 hashing, validation, authentication."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console import accounts
from bot.console.accounts import AccountError, add_practitioner, authenticate
from bot.models import Practitioner, Role, Team

GOOD_PASSWORD = "a long enough passphrase"


class CountingHasher(PasswordHasher):
    """Counts verifications, to show unknown users cost one too."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.verifications = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verifications += 1
        return super().verify(hash, password)


def test_hash_is_argon2id_and_verifies_only_the_right_password() -> None:
    hashed = accounts.hash_password(GOOD_PASSWORD)

    assert hashed.startswith("$argon2id$")
    assert GOOD_PASSWORD not in hashed
    assert accounts.verify_password(hashed, GOOD_PASSWORD) is True
    assert accounts.verify_password(hashed, GOOD_PASSWORD + "!") is False
    assert accounts.verify_password(hashed, "") is False


def test_production_hasher_uses_rfc9106_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher())

    hashed = accounts.hash_password(GOOD_PASSWORD)

    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_malformed_stored_hash_is_a_mismatch_not_a_crash() -> None:
    assert accounts.verify_password("not-a-hash", GOOD_PASSWORD) is False
    assert accounts.verify_password("$argon2id$v=19$garbage", GOOD_PASSWORD) is False


def test_add_practitioner_stores_a_hash_and_the_enum_values(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        practitioner = add_practitioner(
            session,
            "j.smith",
            "  Jo Smith ",
            Team.CARE_LEAVERS,
            password=GOOD_PASSWORD,
            role="manager",
        )
        practitioner_id = practitioner.id

    with sessions() as session:
        stored = session.get(Practitioner, practitioner_id)
        assert stored is not None
        assert (stored.username, stored.display_name, stored.team, stored.role, stored.active) == (
            "j.smith",
            "Jo Smith",
            "care-leavers",
            "manager",
            True,
        )
        assert stored.password_hash.startswith("$argon2id$")
        assert accounts.verify_password(stored.password_hash, GOOD_PASSWORD)


@pytest.mark.parametrize(
    "username",
    ["a", "Alice", "al ice", "alice\n", "alice!", "x" * 65, "", "élodie", "alice/../bob"],
)
def test_add_practitioner_rejects_bad_usernames(
    sessions: sessionmaker[Session], username: str
) -> None:
    with sessions.begin() as session, pytest.raises(AccountError, match="username"):
        add_practitioner(session, username, "Name", "early-help", password=GOOD_PASSWORD)


@pytest.mark.parametrize("username", ["ab", "jo.smith", "j_smith-2", "x" * 64])
def test_add_practitioner_accepts_good_usernames(
    sessions: sessionmaker[Session], username: str
) -> None:
    with sessions.begin() as session:
        assert (
            add_practitioner(
                session, username, "Name", "early-help", password=GOOD_PASSWORD
            ).username
            == username
        )


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"team": "social-work"}, "team"),
        ({"team": "EARLY-HELP"}, "team"),
        ({"role": "superuser"}, "role"),
        ({"password": "elevenchars"}, "at least 12"),
        ({"password": ""}, "at least 12"),
        ({"password": "x" * 1025}, "at most"),
        ({"display_name": "   "}, "display name"),
        ({"display_name": "x" * 121}, "display name"),
    ],
)
def test_add_practitioner_rejects_invalid_fields_with_a_clear_error(
    sessions: sessionmaker[Session], changes: dict[str, str], complaint: str
) -> None:
    fields: dict[str, Any] = {
        "username": "alice",
        "display_name": "Alice",
        "team": "early-help",
        "role": "practitioner",
        "password": GOOD_PASSWORD,
    }
    fields.update(changes)
    with sessions.begin() as session, pytest.raises(AccountError, match=complaint):
        add_practitioner(session, **fields)
    with sessions() as session:
        assert session.scalars(select(Practitioner)).all() == []


def test_add_practitioner_refuses_a_taken_username(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        add_practitioner(session, "alice", "Alice", Team.EARLY_HELP, password=GOOD_PASSWORD)
    with sessions.begin() as session, pytest.raises(AccountError, match="taken"):
        add_practitioner(session, "alice", "Other Alice", Team.SAFEGUARDING, password=GOOD_PASSWORD)


def test_authenticate_accepts_the_right_password_only(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        add_practitioner(session, "alice", "Alice", Team.EARLY_HELP, password=GOOD_PASSWORD)

    with sessions.begin() as session:
        found = authenticate(session, "alice", GOOD_PASSWORD)
        assert found is not None and found.username == "alice"
        assert authenticate(session, "alice", "wrong password!") is None
        assert authenticate(session, "alice", GOOD_PASSWORD.upper()) is None
        assert authenticate(session, "ALICE", GOOD_PASSWORD) is None


def test_authenticate_spends_a_verification_on_unknown_users(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    hasher = CountingHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", hasher)

    with sessions.begin() as session:
        assert authenticate(session, "nobody", GOOD_PASSWORD) is None
        assert authenticate(session, "Not A Valid Name", GOOD_PASSWORD) is None

    assert hasher.verifications == 2


def test_authenticate_refuses_inactive_practitioners(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        add_practitioner(session, "alice", "Alice", Team.EARLY_HELP, password=GOOD_PASSWORD)
    with sessions.begin() as session:
        practitioner = session.scalars(select(Practitioner)).one()
        practitioner.active = False

    with sessions.begin() as session:
        assert authenticate(session, "alice", GOOD_PASSWORD) is None


def test_authenticate_rehashes_when_parameters_change(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    with sessions.begin() as session:
        add_practitioner(session, "alice", "Alice", Team.EARLY_HELP, password=GOOD_PASSWORD)
    with sessions() as session:
        old_hash = session.scalars(select(Practitioner.password_hash)).one()
    assert "t=1" in old_hash

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    )
    with sessions.begin() as session:
        assert authenticate(session, "alice", GOOD_PASSWORD) is not None

    with sessions() as session:
        new_hash = session.scalars(select(Practitioner.password_hash)).one()
    assert new_hash != old_hash
    assert "m=2048,t=2,p=1" in new_hash
    assert accounts.verify_password(new_hash, GOOD_PASSWORD)


def test_authenticate_does_not_rehash_on_a_wrong_password(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    with sessions.begin() as session:
        add_practitioner(session, "alice", "Alice", Team.EARLY_HELP, password=GOOD_PASSWORD)
        old_hash = session.scalars(select(Practitioner.password_hash)).one()

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    )
    with sessions.begin() as session:
        assert authenticate(session, "alice", "not the password") is None
    with sessions() as session:
        assert session.scalars(select(Practitioner.password_hash)).one() == old_hash


def test_roles_and_teams_accept_enum_members(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        practitioner = add_practitioner(
            session, "boss", "Boss", Team.SAFEGUARDING, password=GOOD_PASSWORD, role=Role.ADMIN
        )
        assert (practitioner.team, practitioner.role) == ("safeguarding", "admin")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Eve\u0000", "Eve"),
        ("  Jo\u202e Smith\r\n", "Jo Smith"),
        ("Sam\u0085\u0007 Taylor", "Sam Taylor"),
        ("Ana\tMaria", "Ana Maria"),
    ],
)
def test_add_practitioner_stores_the_display_name_as_plain_text(
    sessions: sessionmaker[Session], typed: str, stored: str
) -> None:
    # PostgreSQL refused the NUL; families are told this name when the request moves.
    with sessions.begin() as session:
        add_practitioner(session, "eve", typed, Team.EARLY_HELP, password=GOOD_PASSWORD)
    with sessions() as session:
        assert session.scalars(select(Practitioner.display_name)).one() == stored


@pytest.mark.parametrize("display_name", ["\u0000", "\u200b\ufeff", "\u202e \u2066", "\r\n"])
def test_add_practitioner_refuses_a_display_name_with_nothing_visible(
    sessions: sessionmaker[Session], display_name: str
) -> None:
    with sessions.begin() as session, pytest.raises(AccountError, match="display name"):
        add_practitioner(session, "eve", display_name, Team.EARLY_HELP, password=GOOD_PASSWORD)
    with sessions() as session:
        assert session.scalars(select(Practitioner)).all() == []


def test_account_fields_keeps_text_and_refuses_anything_else_by_name() -> None:
    body = {"username": "eve", "name": "Eve", "password": GOOD_PASSWORD, "team": None, "x": 1}

    assert accounts.account_fields(body) == {
        "username": "eve",
        "name": "Eve",
        "password": GOOD_PASSWORD,
    }
    for name, value in (("name", {"a": 1}), ("name", ["x"]), ("password", 123456789012)):
        with pytest.raises(AccountError, match=f'"{name}" must be text'):
            accounts.account_fields({**body, name: value})
