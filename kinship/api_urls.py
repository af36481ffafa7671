"""HTTP APIs. Each app that has one adds it here: ORUK 3.0 at /api/oruk/ (directory), and
the apps' JSON APIs for partner systems."""

urlpatterns = []
