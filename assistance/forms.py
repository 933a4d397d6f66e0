"""The public request form and the status lookup, with messages in Chinese."""

from django import forms

from feedback.forms import CleanTextField, FeedbackForm

from .core import MOBILE, normalise_phone, normalise_reference
from .models import Service, SpecialGroup

NOTE_MAX = 300


def _text(label, max_length, required=True, widget=None):
    return CleanTextField(
        label=label, required=required, max_length=max_length, strip=False, widget=widget,
        error_messages={"required": f"请填写「{label}」。",
                        "max_length": f"「{label}」最多 {max_length} 字，请精简后再提交。"})


class RequestForm(FeedbackForm):
    """FeedbackForm gives the honeypot (``is_bot``)."""

    service = forms.ChoiceField(
        label="需要的服务", choices=Service.choices, widget=forms.RadioSelect,
        error_messages={"required": "请选择需要的服务（帮办、代办、上门或预约非工作日）。",
                        "invalid_choice": "请从列出的服务中选择一项。"})
    name = _text("姓名", 50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = _text("手机号码", 20, widget=forms.TextInput(
        attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    hall = forms.TypedChoiceField(label="希望前往的大厅", coerce=int, required=False,
                                  empty_value=None,
                                  error_messages={"invalid_choice": "请从列出的大厅中选择。"})
    preferred_time = _text("希望办理时间", 100, required=False)
    special_group = forms.ChoiceField(
        label="特殊群体（优先办理）", choices=SpecialGroup.choices, required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "请从列出的选项中选择。"})
    note = _text("补充说明", NOTE_MAX, required=False, widget=forms.Textarea)

    def __init__(self, *args, halls=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].choices = [("", "由工作人员安排")] + [(h.pk, h.title) for h in halls]

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise forms.ValidationError("请填写 11 位手机号码，例如 13800138000，以便工作人员联系您。")
        return phone


class LookupForm(forms.Form):
    reference = forms.CharField(label="受理编号", max_length=30,
                                error_messages={"required": "请填写受理编号。"})
    last4 = forms.CharField(label="手机号码后 4 位", max_length=4, min_length=4,
                            error_messages={"required": "请填写手机号码后 4 位。",
                                            "min_length": "请填写手机号码的后 4 位数字。",
                                            "max_length": "请填写手机号码的后 4 位数字。"})

    def clean_reference(self):
        reference = normalise_reference(self.cleaned_data["reference"])
        if not reference:
            raise forms.ValidationError("受理编号的格式是 BD-日期-6 位字母数字，例如 BD-20261207-7KQ2MX。")
        return reference
