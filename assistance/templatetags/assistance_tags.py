"""``{% assistance_block guide %}``: what 帮办代办 means for this item, who provides it where, the
委托书 sample and the 申请帮办代办 button, on every guide that offers it (``assisted_service``);
``{% assistance_bundle_block guides %}``: the same offer on a 一件事 page, per item."""

from django import template

from ..views import guide_halls, power_of_attorney_url, request_url

register = template.Library()


@register.inclusion_tag("assistance/includes/guide_block.html")
def assistance_block(guide):
    if not getattr(guide, "assisted_service", False):
        return {"offered": False}
    from ..models import HelperTeam

    halls = guide_halls(guide)
    teams = {}
    for team in HelperTeam.objects.filter(hall__in=[h.pk for h in halls]):
        teams.setdefault(team.hall_id, []).append(team)
    windows = {link.hall_id: link.window for link in guide.live_hall_links}
    return {"offered": True, "guide": guide, "request_url": request_url(guide),
            "attorney_url": power_of_attorney_url(guide),
            "halls": [(hall, windows.get(hall.pk, ""), teams.get(hall.pk, [])) for hall in halls]}


@register.inclusion_tag("assistance/includes/bundle_block.html")
def assistance_bundle_block(guides):
    """On a 一件事 page: the bundle's items that offer 帮办代办, each with its request link (a
    request is for one item: the hall's helpers take it item by item)."""
    offered = [(guide, request_url(guide)) for guide in guides if guide.assisted_service]
    return {"offered": offered}
