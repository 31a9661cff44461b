from django.urls import path

from . import feeds, views

app_name = "follow"

urlpatterns = [
    path("", views.follow, name="follow"),
    path("mine/", views.mine, name="mine"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("me/<str:token>/", views.manage, name="manage"),
    path("feed/<str:token>.atom", feeds.FollowerFeed(), name="feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
