"""New guides are added in bulk, and are then pages like any other: in the tree, in the editor,
with their history, publishable."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from modelsearch.conf import get_app_config
from modelsearch.backends import get_search_backend
from modelsearch.index import insert_or_update_object
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from catalog.models import ServiceGuidePage, Theme
from catalog.bulk_pages import add_children
from importing.importer import IMPORT_ACTION, apply_plan
from importing.plan import CREATED

from .helpers import dry_run, problems, xlsx

pytestmark = pytest.mark.django_db
NEW = 30


def code(number):
    return f"11999900MB0000001X{9000 + number:05d}"


def new_items(count=NEW):
    """``count`` new items, alternately for two departments, each with a material and a hall."""
    departments = ("示范市公安局", "示范市民政局")
    return xlsx({
        "事项": [["事项编码", "事项名称", "实施主体", "主题"]]
        + [[code(n), f"批量新增事项{n}", departments[n % 2], "证件办理"] for n in range(count)],
        "材料": [["事项编码", "材料名称"]] + [[code(n), "居民身份证"] for n in range(count)],
        "办理地点": [["事项编码", "办事大厅", "窗口"]]
        + [[code(n), "示范市政务服务中心", f"A{n:02d}"] for n in range(count)],
    })


def imported(count=NEW, user=None):
    """Import ``count`` new items; returns the plan and the queries its writing took."""
    plan = dry_run(new_items(count), user=user, keep_pages=True)
    assert plan.ok, problems(plan)
    committed = {}

    def progress(stage, done, total, detail=""):
        if stage == "写入" and done == total:
            committed["queries"] = len(context.captured_queries)

    with CaptureQueriesContext(connection) as context:
        apply_plan(plan, user=user, progress=progress)
    assert plan.counts()[CREATED] == count
    return plan, committed["queries"]


def test_new_guides_are_written_in_a_few_queries_not_dozens_each():
    _plan, queries = imported()
    # A dozen per department and chunk of guides, whatever their number; one by one it was ~33
    # per guide.
    assert queries < 2 * NEW


def test_the_page_tree_stays_consistent(demo):
    children_before = demo.gongan.get_children().count()
    imported()
    assert all(problem == [] for problem in Page.find_problems())
    gongan = Page.objects.get(pk=demo.gongan.pk)
    assert gongan.numchild == children_before + NEW // 2 == gongan.get_children().count()
    last = ServiceGuidePage.objects.get(item_code=code(NEW - 2))
    assert gongan.get_last_child().pk == last.pk
    assert last.url_path == f"{gongan.url_path}{last.slug}/"
    assert last.get_parent().pk == gongan.pk
    assert last.locale_id == gongan.locale_id


def test_a_new_guide_is_a_draft_with_one_logged_revision(demo):
    admin = get_user_model().objects.get(username="admin")
    imported(user=admin)
    guide = ServiceGuidePage.objects.get(item_code=code(3))
    assert (guide.live, guide.has_unpublished_changes) == (False, True)
    assert guide.draft_title == guide.title == "批量新增事项3"
    assert guide.latest_revision == guide.revisions.get()
    assert guide.latest_revision_created_at == guide.latest_revision.created_at
    assert guide.owner == admin and guide.latest_revision.user == admin
    draft = guide.get_latest_revision_as_object()
    assert [block.value["name"] for block in draft.materials] == ["居民身份证"]
    links = draft.hall_links.all()
    assert [(link.hall, link.window) for link in links] == [(demo.city_hall, "A03")]
    assert [link.pk for link in links] == [link.pk for link in guide.hall_links.all()]
    assert [theme.name for theme in guide.themes.all()] == ["证件办理"]
    log = PageLogEntry.objects.filter(page=guide).order_by("timestamp", "pk")
    assert [entry.action for entry in log] == ["wagtail.create", IMPORT_ACTION]
    assert log[1].revision == guide.latest_revision and log[1].data["outcome"] == "draft"


def test_a_new_guide_opens_in_the_editor_shows_its_history_and_publishes(demo, login):
    imported()
    guide = ServiceGuidePage.objects.get(item_code=code(4))
    client = login("admin")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    assert edit.status_code == 200
    assert "批量新增事项4" in edit.content.decode()
    history = client.get(reverse("wagtailadmin_pages:history", args=[guide.pk]))
    assert history.status_code == 200
    assert reverse("wagtailadmin_pages:revisions_view",
                   args=[guide.pk, guide.latest_revision.pk]) in history.content.decode()

    guide.latest_revision.publish()
    guide.refresh_from_db()
    assert guide.live and not guide.has_unpublished_changes
    assert client.get(guide.url).status_code == 200


def test_new_guides_are_indexed_once_the_import_commits(demo):
    imported()
    guide = ServiceGuidePage.objects.get(item_code=code(5))
    entries = get_app_config().get_model("IndexEntry").objects
    assert entries.filter(object_id=str(guide.pk)).exists()
    assert ReferenceIndex.get_references_for_object(guide).filter(
        to_object_id=str(demo.city_hall.pk)).exists()


def test_a_slug_taken_meanwhile_stops_the_whole_group(demo):
    taken = demo.gongan.get_children().first().slug
    pages = [ServiceGuidePage(title="甲", slug="jia-bulk", item_code=code(1)),
             ServiceGuidePage(title="乙", slug=taken, item_code=code(2))]
    count = ServiceGuidePage.objects.count()
    with pytest.raises(ValidationError):
        add_children(demo.gongan, pages)
    assert ServiceGuidePage.objects.count() == count


def test_indexing_in_bulk_writes_what_indexing_one_by_one_writes(demo):
    imported()
    guide = ServiceGuidePage.objects.get(item_code=code(6))
    entries = get_app_config().get_model("IndexEntry").objects.filter(object_id=str(guide.pk))
    columns = ("title", "autocomplete", "body")
    in_bulk = list(entries.values(*columns))
    insert_or_update_object(guide)
    assert list(entries.values(*columns)) == in_bulk


def test_published_new_guides_are_found_by_the_public_search(client):
    plan = dry_run(new_items(4), dry_run=False, publish=True)
    assert plan.ok, problems(plan)
    response = client.get("/search/api/", {"q": "批量新增事项3"})
    assert [hit["item_code"] for hit in response.json()["results"]][:1] == [code(3)]


def test_a_theme_named_twice_in_one_cell_is_linked_once(demo):
    theme = Theme.objects.get(name="证件办理")
    data = xlsx({"事项": [["事项编码", "事项名称", "实施主体", "主题"],
                          [code(1), "主题重复的事项", "示范市公安局", f"{theme.name}、{theme.slug}"]]})
    plan = dry_run(data, dry_run=False)
    assert plan.ok, problems(plan)
    guide = ServiceGuidePage.objects.get(item_code=code(1))
    assert list(guide.themes.all()) == [theme]


def poisoned_backend(monkeypatch, title):
    """The search backend, made to fail on the guide called ``title``, in bulk and alone."""
    backend_class = type(get_search_backend())
    add, add_bulk = backend_class.add, backend_class.add_bulk

    def failing_add(self, obj):
        if obj.title == title:
            raise RuntimeError("index refused")
        return add(self, obj)

    def failing_add_bulk(self, model, objs):
        if any(obj.title == title for obj in objs):
            raise RuntimeError("index refused")
        return add_bulk(self, model, objs)

    monkeypatch.setattr(backend_class, "add", failing_add)
    monkeypatch.setattr(backend_class, "add_bulk", failing_add_bulk)


def indexed(item_code):
    guide = ServiceGuidePage.objects.get(item_code=item_code)
    return get_app_config().get_model("IndexEntry").objects.filter(
        object_id=str(guide.pk)).exists()


def test_a_guide_the_index_refuses_keeps_neither_the_import_nor_the_others_out(demo, monkeypatch):
    poisoned_backend(monkeypatch, "批量新增事项3")
    plan, _queries = imported()  # no exception: the import is committed and reported as done
    assert plan.not_indexed == 1 and plan.report()["not_indexed"] == 1
    assert ServiceGuidePage.objects.filter(item_code__in=[code(n) for n in range(NEW)]).count() == NEW
    assert not indexed(code(3))
    assert all(indexed(code(n)) for n in range(NEW) if n != 3)


def test_the_batch_page_says_how_many_guides_search_cannot_find_yet(demo, login, monkeypatch):
    from importing.batches import create_batch, record_import

    client = login("admin")
    poisoned_backend(monkeypatch, "批量新增事项3")
    plan = dry_run(new_items(4), keep_pages=True)
    batch = create_batch("新增.xlsx", b"", user=get_user_model().objects.get(username="admin"))
    record_import(batch, plan)
    html = client.get(reverse("importing:batch", args=[batch.pk])).content.decode()
    assert "已导入，但有 1 项未能加入站内搜索" in html and "rebuild_search" in html


def _queries_to_change(count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from importing.plan import CHANGED

    from .helpers import demo_workbook, dry_run, saved, set_cell

    workbook = demo_workbook()
    for line in range(2, 2 + count):
        set_cell(workbook["事项"], line, "事项版本", f"8.{count}")
    plan = dry_run(saved(workbook), keep_pages=True)
    assert plan.counts()[CHANGED] == count
    from importing.importer import apply_plan

    with CaptureQueriesContext(connection) as queries:
        apply_plan(plan)
    return len(queries)


@pytest.mark.django_db
def test_changed_guides_are_saved_in_bulk():
    """Each changed guide cost 30 queries when saved one by one; in bulk about half that goes
    (what remains per guide is building its page and the reference index after the commit)."""
    few, many = _queries_to_change(2), _queries_to_change(8)
    assert (many - few) / 6 < 20, (few, many)


def _queries_to_publish_new(count):
    from importing.importer import apply_plan

    rows = [["事项编码", "事项名称", "实施主体"]] + [
        [f"51160200PUB{count:02d}{n:03d}", f"批量发布事项{count}-{n}", "示范市公安局"]
        for n in range(count)]
    plan = dry_run(xlsx({"事项": rows}), keep_pages=True)
    with CaptureQueriesContext(connection) as queries:
        apply_plan(plan, publish=True)
    assert all(ServiceGuidePage.objects.get(item_code=row[0]).live for row in rows[1:])
    return len(queries)


@pytest.mark.django_db
def test_new_guides_are_published_in_bulk():
    """Publishing each new guide with Wagtail's publish took 46 queries a guide."""
    few, many = _queries_to_publish_new(2), _queries_to_publish_new(12)
    assert (many - few) / 10 < 20, (few, many)


def _publish_changed(count, client=None):
    """Change the 受理条件 of the first ``count`` demo guides and import with publish; returns
    the guides, their new text and the queries the import took up to its commit."""
    from importing.importer import apply_plan
    from importing.plan import CHANGED

    from .helpers import demo_workbook, saved, set_cell

    workbook = demo_workbook()
    sheet = workbook["事项"]
    codes, texts = [], []
    for line in range(2, 2 + count):
        codes.append(str(sheet.cell(row=line, column=1).value))
        texts.append(f"批量发布的新受理条件{count}-{line}")
        set_cell(sheet, line, "受理条件", texts[-1])
    plan = dry_run(saved(workbook), keep_pages=True)
    assert plan.counts()[CHANGED] == count, problems(plan)
    committed = {}

    def progress(stage, done, total, detail=""):
        if stage == "写入" and done == total:
            committed["queries"] = len(context.captured_queries)

    with CaptureQueriesContext(connection) as context:
        apply_plan(plan, publish=True, progress=progress)
    return [ServiceGuidePage.objects.get(item_code=c) for c in codes], texts, committed["queries"]


def test_changed_guides_are_published_in_bulk_with_their_history(client):
    """Saved and then published one by one, each changed guide took some 45 queries; published
    together, their revisions, change records, log entries and public pages are all there, and
    what remains per guide is reading its current version and summarising the change."""
    from catalog.models import ChangeRecord

    records_before = ChangeRecord.objects.count()
    guides, texts, few = _publish_changed(3)
    for guide, text in zip(guides, texts):
        assert guide.live and not guide.has_unpublished_changes
        assert guide.live_revision_id == guide.latest_revision_id
        assert text in guide.live_revision.content["conditions"]
        assert guide.change_note == ""  # the next change starts with an empty note
        record = ChangeRecord.objects.filter(guide=guide).first()
        assert record.revision_id == guide.live_revision_id and "受理条件" in record.summary
        assert PageLogEntry.objects.filter(page=guide, action="wagtail.publish",
                                           revision=guide.live_revision).exists()
        assert text in client.get(guide.url).content.decode()
    assert ChangeRecord.objects.count() == records_before + 3
    _guides, _texts, many = _publish_changed(9)
    assert (many - few) / 6 < 30, (few, many)
