from django.urls import path

from workflows.documents import views

app_name = "documents"
urlpatterns = [
    path("<ref:reference>/documents/", views.document_list, name="list"),
    path("<ref:reference>/documents/issue/<str:kind>/", views.document_issue, name="issue"),
    path("<ref:reference>/documents/<int:pk>/download/", views.document_download,
         name="download"),
    path("<ref:reference>/documents/<int:pk>/sent/", views.document_mark_sent, name="mark_sent"),
    path("<ref:reference>/documents/<int:pk>/supersede/", views.document_supersede,
         name="supersede"),
    path("<ref:reference>/documents/<int:pk>/approve/", views.document_approve, name="approve"),
    path("<ref:reference>/documents/<int:pk>/signed-copy/", views.document_signed_copy,
         name="signed_copy"),
]
