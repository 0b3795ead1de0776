"""The bell in the top bar: the unread count in one query on the partial index."""

from django import template

from twinning.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, object]:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    return {
        "user": user,
        "count": unread_count(user=user) if user is not None else 0,  # type: ignore[arg-type]
        "current": bool(match and match.namespace == "notifications"),
    }
