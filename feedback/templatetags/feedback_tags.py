"""``{% feedback_forms guide %}``: the 好差评 and 纠错 forms at the foot of a guide page."""

from django import template

from ..views import forms_context

register = template.Library()


@register.inclusion_tag("feedback/includes/forms.html")
def feedback_forms(guide):
    return forms_context(guide)
