from django.urls import path

from . import views

app_name = "entitlements"
urlpatterns = [
    path("", views.start, name="start"),
    path("check-answers/", views.check_answers, name="check_answers"),
    path("results/", views.results, name="results"),
    path("results.pdf", views.results_pdf, name="results_pdf"),
    path("clear/", views.clear, name="clear"),
    path("young-person/", views.young_person, name="young_person"),
    path("estimate/", views.estimate_start, name="estimate_start"),
    path("estimate/<str:key>/", views.estimate, name="estimate"),
    path("<slug:step_key>/", views.question, name="question"),
]
