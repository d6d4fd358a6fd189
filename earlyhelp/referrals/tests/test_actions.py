import pytest

from earlyhelp.core.testing import request_input
from earlyhelp.referrals.actions import submit_request
from earlyhelp.referrals.models import Channel, RequestForSupport


@pytest.mark.django_db
def test_it_stores_a_request_with_its_people_and_needs(cast):
    request = submit_request(request_input(), by=cast.origin(cast.referrer), channel=Channel.WEB)
    stored = RequestForSupport.objects.get(pk=request.pk)
    assert stored.reference.startswith("RFS-")
    assert [p.given_name for p in stored.people.all()] == ["Chloe", "Kelly"]
    assert sorted(n.code for n in stored.needs.all()) == ["ATT", "PAR"]
    assert stored.suggested_level == 2
