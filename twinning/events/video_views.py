"""The "Join" link of an online event: a redirect to the video room, for those allowed in, when it is open."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from twinning.events.permissions import visible_events
from twinning.events.video import VideoRoomUnavailable, can_join, join_url_for


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def join(request: HttpRequest, pk: int) -> HttpResponse:
    """GET is enough: nothing changes on our side, and BigBlueButton's create is idempotent."""
    event = get_object_or_404(visible_events(request.user), pk=pk)  # type: ignore[arg-type]
    if not can_join(request.user, event, timezone.now()):  # type: ignore[arg-type]
        raise Http404
    try:
        url = join_url_for(event=event, user=request.user)  # type: ignore[arg-type]
    except VideoRoomUnavailable:
        return render(request, "events/video_unavailable.html", {"event": event}, status=503)
    response = HttpResponseRedirect(url)
    response["Referrer-Policy"] = "no-referrer"
    return response
