"""Template helpers of the public site shell: guide neighbours, display mode, structured data."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from catalog import browsing

from ..preferences import display_mode

register = template.Library()


@register.simple_tag
def guide_neighbours(guide):
    """{"bundles": the guide's bundles, "related": related guides} for the guide page."""
    return browsing.guide_neighbours(guide)


@register.simple_tag(takes_context=True)
def large_text(context):
    request = context.get("request")
    return bool(request and display_mode(request))


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def guide_schema(guide):
    """schema.org data for a guide: a GovernmentService (who provides it, where and online),
    and an FAQPage when the guide answers questions. Plain dicts; see ``guide_structured_data``."""
    department = guide.department
    service = {
        "@type": "GovernmentService", "name": guide.title, "serviceType": guide.item_type,
        "url": guide.full_url, "identifier": guide.item_code,
        "audience": {"@type": "Audience", "audienceType": "、".join(guide.service_object_kind_list)},
    }
    if guide.summary:
        service["description"] = guide.summary
    if department:
        service["provider"] = {"@type": "GovernmentOrganization", "name": department.title,
                               "url": department.full_url}
    channels = [{"@type": "ServiceChannel", "name": hall["hall"],
                 "serviceLocation": {"@type": "GovernmentOffice", "name": hall["hall"],
                                     "address": hall["address"]}}
                for hall in guide.hall_list]
    if guide.is_online and guide.online_url:
        channels.append({"@type": "ServiceChannel", "name": "网上办理",
                         "serviceUrl": guide.online_url})
    if channels:
        service["availableChannel"] = channels
    graph = [service]
    if guide.faq:
        graph.append({"@type": "FAQPage", "mainEntity": [
            {"@type": "Question", "name": block.value["question"],
             "acceptedAnswer": {"@type": "Answer", "text": block.value["answer"]}}
            for block in guide.faq]})
    return {"@context": "https://schema.org", "@graph": graph}


@register.simple_tag
def guide_structured_data(guide):
    """The guide's schema.org JSON-LD, escaped so no text can close the script element."""
    import json

    data = json.dumps(guide_schema(guide), ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))
