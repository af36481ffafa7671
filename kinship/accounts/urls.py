from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("audit/", views.audit_search, name="audit_search"),
]
