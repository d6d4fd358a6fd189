"""Front door pages: making a request, the referrer's own requests, the duty queue."""

from django.urls import path

from earlyhelp.referrals.views import frontdoor, submit

app_name = "referrals"
urlpatterns = [
    # Making a request (partners online, the front door on the phone).
    path("new/", submit.start, name="start"),
    path("new/details/", submit.details, name="details"),
    path("new/significant-harm/", submit.significant_harm, name="significant_harm"),
    path("submitted/<str:reference>/", submit.submitted, name="submitted"),
    path("mine/", submit.mine, name="mine"),
    path("mine/<str:reference>/", submit.mine_detail, name="mine_detail"),
    # The front door's work.
    path("queue/", frontdoor.queue, name="queue"),
    path("<str:reference>/", frontdoor.detail, name="detail"),
    path("<str:reference>/people/<int:named_id>/", frontdoor.match, name="match"),
    path("<str:reference>/decide/", frontdoor.decide, name="decide"),
]
