import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from earlyhelp.core.testing import login


@pytest.mark.django_db
def test_it_explains_a_missing_page_in_the_services_own_layout(client: Client, cast) -> None:
    login(client, cast.front_door)
    response = client.get(reverse("referrals:detail", args=["RFS-9999999"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Fernhill Borough Council" in html
    assert "you may not have a reason to see it" in html


@pytest.mark.django_db
def test_it_says_why_an_action_is_refused(client: Client, cast) -> None:
    login(client, cast.analyst)
    response = client.get(reverse("referrals:start"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do this" in html
    assert "ask your manager or the service administrator" in html


def test_it_has_a_server_error_page_that_needs_no_database() -> None:
    # Django renders it with no context, so it must stand on its own.
    response = server_error(RequestFactory().get("/requests/queue/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "call 999" in html
