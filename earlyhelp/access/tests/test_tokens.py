import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from earlyhelp.access.actions import create_token, revoke_token, user_for_token
from earlyhelp.access.models import ApiToken
from earlyhelp.audit.models import AuditEvent, Verb


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_keeps_only_the_hash_of_a_token(cast):
    token, raw = create_token(cast.referrer, "School MIS")
    assert raw.startswith("eh_") and len(raw) > 40
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = ApiToken.objects.values_list("token_hash", "name").get()
    assert raw not in stored
    assert AuditEvent.objects.filter(verb=Verb.CREATE, object_type="ApiToken").exists()


@pytest.mark.django_db
def test_it_makes_a_different_token_each_time(cast):
    _, first = create_token(cast.referrer, "A")
    _, second = create_token(cast.referrer, "B")
    assert first != second


@pytest.mark.django_db
def test_it_knows_the_user_of_a_live_token_and_no_other(cast):
    token, raw = create_token(cast.referrer, "School MIS")
    assert user_for_token(raw) == cast.referrer
    assert user_for_token(raw + "x") is None
    assert user_for_token("") is None
    assert user_for_token(token.token_hash) is None  # the stored hash is not a token
    revoke_token(token.pk)
    assert user_for_token(raw) is None


@pytest.mark.django_db
def test_it_refuses_a_token_whose_user_has_left(cast):
    _, raw = create_token(cast.referrer, "School MIS")
    cast.referrer.is_active = False
    cast.referrer.save()
    assert user_for_token(raw) is None


@pytest.mark.django_db
def test_it_creates_a_token_from_the_command_and_prints_it_once(cast):
    out, err = run("create", "sam_school", "--name", "Fernhill Primary MIS")
    raw = out.strip()
    assert user_for_token(raw) == cast.referrer
    assert "shown only this once" in err
    listed, _ = run("list")
    assert "Fernhill Primary MIS" in listed and "sam_school" in listed
    assert raw not in listed


@pytest.mark.django_db
def test_it_revokes_a_token_from_the_command(cast):
    token, raw = create_token(cast.referrer, "School MIS")
    out, _ = run("revoke", str(token.pk))
    assert "revoked" in out
    assert user_for_token(raw) is None
    listed, _ = run("list")
    assert "never" in listed


@pytest.mark.django_db
def test_it_says_what_is_wrong_with_a_command(cast):
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        run("create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="There is no token 999"):
        run("revoke", "999")
    with pytest.raises(CommandError, match="Give the token a name"):
        run("create", "sam_school", "--name", " ")
