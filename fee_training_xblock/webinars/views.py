"""The personal-link page: open a link, sign in if needed, claim it with one click, go to the webinar.

As Django's password-reset view does, the token is taken from the URL once, kept in
the visitor's session, and the browser is redirected to a URL without it, so it does
not stay in the address bar or travel in Referer headers, and the sign-in round trip
carries no token. Opening the page changes nothing; the Join button (a POST) claims
the link, so link previews and mail scanners cannot use it up.

Who opens it: the signed-in LMS user; in the SDK workbench (the demo), whose learners
are ids on the URL and not accounts, the student id typed on this page.
"""
import logging
import re

from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _
from django.views.decorators.http import require_http_methods

from fee_training_xblock import compat
from fee_training_xblock.core import rendering
from fee_training_xblock.webinars import emails, links
from fee_training_xblock.webinars.domain.tokens import looks_like_token

log = logging.getLogger(__name__)

SESSION_KEY = "fee_training_webinar_link"
STUDENT_ID = re.compile(r"^[A-Za-z0-9_.@+-]{1,64}$")

INVALID = (_("This link is not valid. It may have been replaced by a newer invitation, withdrawn, or mistyped: "
           "open the link in your latest invitation email, or ask the course team."))
REFUSALS = {
    links.TAKEN: (403, _("This link is personal and was already used by another account. Ask the course team "
                         "for your own link.")),
    links.EXPIRED: (410, _("This personal link expired on {when}. Ask the course team for a new one.")),
    links.REVOKED: (410, _("This personal link was withdrawn by the course team. Ask them for a new one.")),
    links.WITHDRAWN: (403, _("The course team withdrew your access to this webinar, so this link does not admit you. "
                             "Contact them if you think this is a mistake.")),
}


def _page(request, status, **context):
    """The link page (templates/webinars/link_page.html) with `context`."""
    context.setdefault("csrf_token", get_token(request))
    html = rendering.render("webinars/link_page.html", context)
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # "no-referrer" would send Origin: null and fail the CSRF check
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD"])
def open_link(request, token):
    """The URL in the invitation: remember the token in the session and continue on the token-free page."""
    if not looks_like_token(token):
        return _page(request, 404, problem=gettext(INVALID))
    request.session[SESSION_KEY] = token
    response = HttpResponseRedirect(reverse("fee_training:webinar_link_page"))
    response["Referrer-Policy"] = "no-referrer"
    return response


def _identity(request, room):
    """(user key, shown name, workbench student id or '') of who opens the link; (None, ...) if unknown yet."""
    if compat.is_workbench_course(room.course_key):
        student = str(request.POST.get("student") or request.GET.get("student") or "").strip()
        return (student or None), student, student
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return str(user.pk), user.get_username(), ""
    return None, "", ""


@require_http_methods(["GET", "HEAD", "POST"])
def link_page(request):
    """Show the link's webinar and a Join button (GET), or claim it and go to the webinar (POST)."""
    token = request.session.get(SESSION_KEY, "")
    link = links.find_by_token(token) if token else None
    if link is None:
        return _page(request, 404, problem=gettext(INVALID))
    room = link.webinar
    base = {"title": room.title, "when": emails.when_text(room.starts_at, room.time_zone),
            "participant": link.participant_name or link.participant_email,
            "workbench": compat.is_workbench_course(room.course_key)}
    user_key, shown_name, student = _identity(request, room)
    if student and not STUDENT_ID.match(student):
        return _page(request, 400, ask_student=True, problem=gettext(
            "Workbench student id: use 1 to 64 letters, digits or . _ @ + - (got '{value}').").format(
                value=student[:64]), **base)
    if user_key is None:
        if base["workbench"]:
            return _page(request, 200, ask_student=True, **base)
        return HttpResponseRedirect(compat.sign_in_url(reverse("fee_training:webinar_link_page")))
    state = links.state_for(link, user_key)
    if request.method != "POST" and state in ("", links.CLAIMED) and links.withdrawn_for(link, user_key):
        state = links.WITHDRAWN  # said before the Join button is pressed, not after (on POST, claim says it)
    if request.method == "POST" and state in ("", links.CLAIMED):
        state, link = links.claim(link, user_key)
    if state in REFUSALS:
        status, message = REFUSALS[state]
        return _page(request, status, problem=gettext(message).format(
            when=emails.when_text(link.expires_at, room.time_zone)), **base)
    if state == links.CLAIMED:
        request.session.pop(SESSION_KEY, None)
        target = compat.unit_url(room.course_key, room.usage_key, student)
        if target:
            return HttpResponseRedirect(target)
        return _page(request, 200, admitted=True, **base)
    return _page(request, 200, name=shown_name, student=student, **base)
