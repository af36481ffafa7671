from django.urls import path

from . import staff_views as views

app_name = "advice_staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("log-call/", views.log_call, name="log_call"),
    path("articles/", views.articles, name="articles"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("<int:pk>/", views.enquiry_detail, name="enquiry"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/release/", views.release, name="release"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/advice/", views.add_advice, name="advice"),
    path("<int:pk>/callback/", views.schedule_callback, name="callback"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/message/", views.family_message, name="message"),
    path("<int:pk>/link/existing/", views.link_existing, name="link_existing"),
    path("<int:pk>/link/new/", views.link_new, name="link_new"),
]
