"""Checks on a page editor's POST before Wagtail saves it, so bad input is refused, never lost.

Wagtail trusts its own form: a hand-made or truncated POST that lacks a StreamField's
``<name>-count`` is a KeyError deep in the block widgets (a 500), and a save based on an older
revision than the latest one is only warned about by the editor's JavaScript, so a direct POST (or
a browser without the warning) silently replaces a colleague's newer draft. Both are answered
here, from the ``before_edit_page`` / ``before_create_page`` hooks, with a page in Chinese that
says what happened; the conflict page carries the editor's data so that one click saves it anyway.
"""

from django.template.response import TemplateResponse
from wagtail.fields import StreamField

CONFIRM_FIELD = "zhinan_overwrite_confirmed"


def missing_stream_fields(page_class, data):
    """Labels of the StreamFields whose item count the POST lacks (the form cannot be read)."""
    return [
        str(field.verbose_name) for field in page_class._meta.get_fields()
        if isinstance(field, StreamField) and f"{field.name}-count" not in data
    ]


def newer_revision(page, data):
    """The revision saved since the editor loaded the page, or None.

    Judged as Wagtail judges its autosaves (``EditView.is_out_of_date``): by the autosave
    revision the editor's session wrote, else by the revision it was loaded from and that
    revision's time (another session's autosave may have rewritten it). A POST naming neither
    cannot be judged. The editor may confirm the overwrite (``CONFIRM_FIELD``)."""
    latest = page.get_latest_revision()
    if latest is None or data.get(CONFIRM_FIELD):
        return None
    if overwrite := data.get("overwrite_revision_id"):
        return latest if overwrite != str(latest.pk) else None
    loaded = data.get("loaded_revision_id")
    if not loaded:
        return None
    if loaded != str(latest.pk) or data.get("loaded_revision_created_at", "") != latest.created_at.isoformat():
        return latest
    return None


def refuse_incomplete(request, page_class):
    missing = missing_stream_fields(page_class, request.POST)
    if not missing:
        return None
    return TemplateResponse(request, "catalog/admin/edit_refused.html", {
        "title": "提交的内容不完整，未保存",
        "message": "提交的表单缺少以下部分的条目数：" + "、".join(missing)
                   + "。请重新打开编辑页面填写后再保存；如通过脚本提交，请按编辑页面的表单格式提交全部字段。",
    }, status=400)


def refuse_stale(request, page):
    newer = newer_revision(page, request.POST)
    if newer is None:
        return None
    author = newer.user.get_full_name() or newer.user.get_username() if newer.user else "其他人"
    hidden = [(key, value) for key in request.POST for value in request.POST.getlist(key)
              if key != "csrfmiddlewaretoken"]
    return TemplateResponse(request, "catalog/admin/edit_refused.html", {
        "title": "已有更新的版本，您的修改尚未保存",
        "message": f"您打开编辑页面之后，{author} 于 {newer.created_at:%Y-%m-%d %H:%M} 保存了更新的版本。"
                   "直接保存会覆盖其修改。可以先查看最新版本，或确认后仍然保存您的版本。",
        "page": page, "newer": newer, "hidden": hidden, "confirm_field": CONFIRM_FIELD,
    }, status=409)
