"""The two public forms. Field limits are the size limits; the honeypot is ``website``.

Both forms are rendered into cached guide pages, so they carry no per-visitor state other than
the CSRF token the page cache fills in (pagecache/middleware.py).
"""

from django import forms

from .models import Score
from .spam import clean_text

HONEYPOT = "website"
TEXT_MAX = 1000
COMMENT_MAX = 300
CONTACT_MAX = 50


class CleanTextField(forms.CharField):
    """Text with control characters (NUL included) dropped before validation, so a pasted
    invisible character is removed rather than making the whole submission fail."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


def _limited(label, max_length, required=False, widget=None):
    return CleanTextField(
        label=label, required=required, max_length=max_length, strip=False, widget=widget,
        error_messages={
            "max_length": f"「{label}」最多 {max_length} 字（您填写了 %(show_value)d 字），请精简后再提交。",
            "required": f"请填写「{label}」。",
        },
    )


class FeedbackForm(forms.Form):
    website = forms.CharField(required=False, label="网址（请勿填写）")

    @property
    def is_bot(self):
        """The hidden field was filled in: only a program does that."""
        return bool(self.data.get(HONEYPOT, "").strip())


class ErrorReportForm(FeedbackForm):
    section = CleanTextField(required=False, max_length=20)
    text = _limited("哪里有误", TEXT_MAX, required=True, widget=forms.Textarea)
    contact = _limited("联系方式", CONTACT_MAX)


class RatingForm(FeedbackForm):
    score = forms.TypedChoiceField(
        label="评价", choices=Score.choices, coerce=int,
        error_messages={"required": "请选择一个评价等级。",
                        "invalid_choice": "请从五个评价等级中选择一个。"},
    )
    comment = _limited("意见建议", COMMENT_MAX, widget=forms.Textarea)
