"""Middleware of the application: response headers every page needs, the interface language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
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


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch for everyone, whatever the browser asks for; English only as the user's own choice
    (the header's language button, remembered in a cookie)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
