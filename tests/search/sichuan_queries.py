"""Citizens' questions about real items of a Sichuan district catalog (../shared/data/, see its
NOTICE), asked of the demo catalog with those 1,135 items added as guides: real names are long,
official and close to each other (…注销审批, …变更登记, …（县级）), unlike the demo's.

Written from the item names alone, before any was run. ``SICHUAN_QUERIES``: (question, expected
titles); a question counts when one of its titles is in the first ten results.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "sczwfw_guangan_catalog_1135.json"
if not DATA.is_file():
    DATA = Path("/work/shared/data/sczwfw_guangan_catalog_1135.json")

SICHUAN_QUERIES = [
    ("出租车道路运输证换发", ["巡游出租汽车道路运输证核发（换发）"]),
    ("烟草零售许可证歇业怎么办", ["烟草专卖零售许可证歇业"]),
    ("养老院备案", ["养老机构设立备案"]),
    ("公墓建设审批", ["建设社会公共墓地审批"]),
    ("物业服务合同备案", ["临时管理规约和前期物业服务合同备案"]),
    ("拖拉机牌证丢了补领", ["拖拉机/联合收割机补领、换领牌证"]),
    ("探矿权注销", ["探矿权注销登记"]),
    ("取水许可证到期延续", ["取水许可证延续审批"]),
    ("雷击灾害鉴定", ["雷电灾害鉴定"]),
    ("红字增值税专用发票怎么开", ["红字增值税专用发票开具申请（县级行使）"]),
    ("营业性演出许可证延续", ["文艺表演团体《营业性演出许可证》延续审批"]),
    ("集体户口怎么管理", ["集体户口管理"]),
    ("人民调解员补贴", ["人民调解员补贴发放"]),
    ("股权出质变更", ["股权出质变更登记"]),
    ("突发环境事件应急预案怎么备案", ["突发环境事件应急预案备案"]),
    ("动物检疫合格证", ["动物及动物产品检疫合格证核发"]),
    ("文物认定找谁", ["文物认定"]),
    ("网吧注销审批", ["互联网上网服务营业场所经营单位注销审批"]),
]


def sichuan_items():
    """(department, item name) of the real catalog, in its order (two names occur twice)."""
    items = []
    for department in json.loads(DATA.read_text(encoding="utf-8")):
        for group in department["items"]:
            for item in group["sub_items"]:
                items.append((department["department"], item["name"]))
    return items


def add_sichuan_guides():
    """The real items as live guides (see ``add_named_guides``). Returns the guides."""
    return add_named_guides(sichuan_items())


def add_named_guides(items):
    """(department, name) items as live guides, each under a department page of its own
    department's name, with its name as title and a one-line summary (the catalog has names
    only), indexed as an import indexes what it wrote. Returns the guides."""
    from modelsearch.backends import get_search_backend
    from wagtail.models import Page

    from catalog.bulk_pages import add_live_children
    from catalog.models import CatalogIndexPage, DepartmentPage, ServiceGuidePage
    from catalog.slugs import pinyin_slug
    from search.indexing import learn_words

    catalog = CatalogIndexPage.objects.get()
    by_department = {}
    for serial, (department, name) in enumerate(items):
        by_department.setdefault(department, []).append(ServiceGuidePage(
            title=name, slug=f"{pinyin_slug(name)[:40]}-{serial}",
            item_code=f"SC5116020000{serial:06d}", summary=f"{department}办理：{name}。",
            accepting_unit=department))
    departments = add_live_children(catalog, [
        DepartmentPage(title=f"广安{name}", slug=f"sc-{index}")
        for index, name in enumerate(by_department)])
    guides = []
    for department, (name, pages) in zip(departments, by_department.items()):
        guides += add_live_children(Page.objects.get(pk=department.pk).specific, pages)
    learn_words(ServiceGuidePage, [guide.pk for guide in guides])
    backend = get_search_backend()
    backend.add_bulk(DepartmentPage, departments)
    backend.add_bulk(ServiceGuidePage, guides)
    if hasattr(backend, "refresh_index"):
        backend.refresh_index()
    return guides


def measure_sichuan(answers):
    """(recall@10, MRR, misses) of ``SICHUAN_QUERIES`` for {query: (titles, honest)}."""
    reciprocal, misses = [], []
    for query, expected in SICHUAN_QUERIES:
        titles = answers.get(query, ([], False))[0]
        ranks = [titles.index(e) + 1 for e in expected if e in titles]
        reciprocal.append(1 / min(ranks) if ranks else 0.0)
        if not ranks:
            misses.append((query, expected, titles[:3]))
    return (sum(bool(r) for r in reciprocal) / len(reciprocal),
            sum(reciprocal) / len(reciprocal), misses)
