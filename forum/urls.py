"""/forum/… (public contract: /forum/, /forum/<category>/, /forum/<category>/<id>-<slug>/)."""

from django.urls import path

from forum import feeds, sanction_views, views

app_name = "forum"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("moderation/", views.moderation_queue, name="moderation"),
    # Before the posts' actions below, whose pattern would take these addresses too.
    path("moderation/membres/<int:pk>/", sanction_views.member_moderation, name="member"),
    path(
        "moderation/membres/<int:pk>/lever/",
        sanction_views.member_sanction_lift,
        name="member_sanction_lift",
    ),
    path(
        "moderation/<str:kind>/<int:pk>/<str:action>/",
        views.moderate,
        name="moderate",
    ),
    path("membres/", views.member_suggestions, name="member_suggestions"),
    path("apercu/", views.preview, name="preview"),
    path("images/", views.image_upload, name="image_upload"),
    # Tag slugs keep their accents (« coopérative »).
    path("etiquettes/<str:slug>/", views.tag_detail, name="tag"),
    path("nouveau/", views.thread_create, name="thread_create_anywhere"),
    path("reponse/<int:pk>/", views.reply_permalink, name="reply"),
    path("reponse/<int:pk>/modifier/", views.reply_edit, name="reply_edit"),
    path("reponse/<int:pk>/supprimer/", views.reply_delete, name="reply_delete"),
    path("signaler/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path("reagir/<str:where>/<int:pk>/", views.react, name="react"),
    path("sujet/<int:pk>/repondre/", views.reply_create, name="reply_create"),
    path("sujet/<int:pk>/modifier/", views.thread_edit, name="thread_edit"),
    path("sujet/<int:pk>/solution/", views.solution_set, name="solution"),
    path("sujet/<int:pk>/suivre/", views.thread_follow, name="thread_follow"),
    path("sujet/<int:pk>/premier-non-lu/", views.first_unread, name="first_unread"),
    path("ne-plus-suivre/<str:token>/", views.unfollow, name="unfollow"),
    path("<slug:slug>/", views.category_detail, name="category"),
    path("<slug:slug>/nouveau/", views.thread_create, name="thread_create"),
    path("<slug:slug>/suivre/", views.category_follow, name="category_follow"),
    path("<slug:slug>/flux.atom", feeds.CategoryFeed(), name="category_feed"),
    path("<slug:slug>/<int:pk>-<slug:thread_slug>/", views.thread_detail, name="thread"),
]
