from forum.trust import visit_record
from labo.permissions import is_member


class ForumVisitMiddleware:
    """Counts the days a member comes (forum.trust), once per day and session: after the
    first request of the day, a look at the session and nothing more."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method == "GET" and is_member(user):
            visit_record(request=request)
        return self.get_response(request)
