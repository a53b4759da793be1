"""Response headers every page of the application needs."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Case pages, PDFs and evidence downloads must not stay in a shared computer's browser cache
    (nor in a proxy's): every response of the application says `no-store`, unless its view chose a
policy of its own (the subject-access export already sends `no-store`). Static files are served
    before this middleware runs (WhiteNoise) and keep their long cache lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
