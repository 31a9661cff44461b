from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("", views.home, name="home"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("summits/<slug:slug>/", views.summit_detail, name="summit-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
]
