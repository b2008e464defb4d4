"""The CSRF token for a form on a cached page (static/js/csrf-token.js fetches it before
submitting): the cached page itself carries none, so no visitor's token is ever shared."""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def csrf_token(request):
    return JsonResponse({"token": get_token(request)})
