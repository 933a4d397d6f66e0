"""An import is searchable the moment it commits: no rebuild_search by hand.

Every word the import brings (material names above all) enters the analysis dictionary before
any of its guides is indexed; indexed in chunks, earlier guides were segmented without the words
of later ones, and a search by a material's exact name missed them until a rebuild.
"""

import pytest

from importing import deferred
from importing.batches import create_batch, plan_batch, confirm_batch
from importing.importer import import_files

from .helpers import problems, xlsx

pytestmark = pytest.mark.django_db
# Material names new to the catalog, overlapping so that words learned from one change how
# another is segmented (real catalogs are full of such names).
MATERIALS = [
    ("51160200SRCH0001", "广安区渔船船员适任证书核发", "渔船船员适任考试合格证明和渔业船舶检验证书复印件"),
    ("51160200SRCH0002", "广安区渔业捕捞许可审批", "船员适任考试合格证"),
    ("51160200SRCH0003", "广安区水产苗种生产审批", "明和渔业船舶"),
    ("51160200SRCH0004", "广安区渔业船舶登记", "检验证书复印"),
]


def workbook():
    items = [["事项编码", "事项名称", "实施主体"]]
    materials = [["事项编码", "材料名称"]]
    for code, title, material in MATERIALS:
        items.append([code, title, "示范市公安局"])
        materials.append([code, material])
    return xlsx({"事项": items, "材料": materials})


@pytest.fixture
def small_chunks(monkeypatch):
    """Index one guide at a time, as a large import's later chunks are."""
    monkeypatch.setattr(deferred, "INDEX_CHUNK", 1)


def test_new_material_names_are_found_at_rank_one_straight_after_import(small_chunks, client):
    plan = import_files([("渔业.xlsx", workbook())], dry_run=False, publish=True)
    assert plan.ok, problems(plan)
    missed = {}
    for code, title, material in MATERIALS:
        found = client.get("/search/api/", {"q": material}).json()
        first = [hit["title"] for hit in found["results"]][:1]
        if first != [title]:
            missed[material] = first
    assert not missed


def test_the_batch_records_when_search_caught_up(small_chunks, client, login):
    batch = create_batch("渔业.xlsx", workbook())
    plan_batch(batch)
    confirm_batch(batch, publish=True)
    batch.refresh_from_db()
    assert batch.search_updated_at is not None
    page = login("admin").get(f"/admin/importing/{batch.pk}/").content.decode()
    assert "搜索已更新" in page
