from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("Bonjour", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello)]
