"""Performance pages: each area's views module lists its own URLs."""

from earlyhelp.performance.views import dashboard, exports, report, strategy

app_name = "performance"
urlpatterns = [
    *dashboard.urlpatterns,
    *strategy.urlpatterns,
    *report.urlpatterns,
    *exports.urlpatterns,
]
