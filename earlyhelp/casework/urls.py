"""Casework pages: each area's views module lists its own URLs."""

from earlyhelp.casework.views import (
    assessment,
    audits,
    closure,
    episodes,
    notes,
    panels,
    plan,
    reviews,
    stepping,
    taf,
    worklists,
)

app_name = "casework"
urlpatterns = [
    *worklists.urlpatterns,
    *episodes.urlpatterns,
    *panels.urlpatterns,
    *taf.urlpatterns,
    *plan.urlpatterns,
    *assessment.urlpatterns,
    *reviews.urlpatterns,
    *notes.urlpatterns,
    *stepping.urlpatterns,
    *closure.urlpatterns,
    *audits.urlpatterns,
]
