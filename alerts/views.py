"""The visitor's side of alerts: subscribe to a search (from a link on the search page, a
plain form that needs no script), confirm by the mailed link, unsubscribe in one click.

Subscriptions are rate-limited per client address and per e-mail address; the answer never
tells whether an address was already subscribed.
"""

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from search.params import InvalidParameter, parse_link_params

from .emails import send_confirmation
from .forms import HONEYPOT_FIELD, AlertForm
from .models import Alert
from .searches import describe, saved_query

RATE_LIMIT_GROUP = "alert-subscriptions"


def address_key(group, request):
    return request.POST.get("email", "").strip().lower()


def rate_limited(request):
    by_client = is_ratelimited(request, group=RATE_LIMIT_GROUP, key="ip",
                               rate=settings.ALERT_RATE_LIMIT, increment=True)
    by_address = is_ratelimited(request, group=f"{RATE_LIMIT_GROUP}-address", key=address_key,
                                rate=settings.ALERT_ADDRESS_RATE_LIMIT, increment=True)
    return by_client or by_address


@require_http_methods(["GET", "POST"])
def new_alert(request):
    language = get_language()
    query = request.GET if request.method == "GET" else QueryDict(request.POST.get("search", ""))
    try:
        params, _stale = parse_link_params(query, language=language)
    except InvalidParameter as error:
        return render(request, "alerts/new.html", {"error": error.message}, status=400)
    search = saved_query(params)
    form = AlertForm(request.POST or None)
    context = {"form": form, "search": search, "description": describe(search, language)}
    if request.method == "GET" or not form.is_valid():
        return render(request, "alerts/new.html", context,
                      status=400 if form.is_bound else 200)
    if rate_limited(request):
        context["error"] = _("Too many subscriptions: please try again in an hour.")
        return render(request, "alerts/new.html", context, status=429)
    if not form.cleaned_data[HONEYPOT_FIELD]:
        alert = Alert.objects.create(email=form.cleaned_data["email"], search=search,
                                     language=language,
                                     frequency=form.cleaned_data["frequency"])
        send_confirmation(alert)
    return render(request, "alerts/check_inbox.html", context)


def confirm_alert(request, token):
    alert = get_object_or_404(Alert, token=token)
    if alert.confirmed_at is None:
        now = timezone.now()
        alert.confirmed_at = alert.checked_until = now
        alert.save(update_fields=["confirmed_at", "checked_until"])
    return render(request, "alerts/confirmed.html", {
        "alert": alert, "description": describe(alert.search, alert.language)})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click", without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    Alert.objects.filter(token=token).delete()
    return render(request, "alerts/unsubscribed.html", {})
