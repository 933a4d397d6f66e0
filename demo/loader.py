"""Build the demo site from the hand-written JSON in ``fixtures/demo/`` (see its SCHEMA.md).

Pages are created through Wagtail's own API (add_child, save_revision, publish) so revisions,
search index entries and permissions are exactly what an editor's work would produce.
"""

import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import Page, Site

from assistance.models import HelperTeam
from catalog.access import provision_department
from catalog.models import (BundleIndexPage, BundleItem, BundlePage, CatalogIndexPage,
                            DepartmentPage, ErrorExample, GuideHall, HallIndexPage, HallPage,
                            ServiceGuidePage, Theme)
from catalog.records import STEP_DEFAULTS, apply_record, as_stream
from catalog.slugs import pinyin_slug
from home.models import HomePage

from .media import form_documents, picture_pair

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"


def is_loaded():
    return CatalogIndexPage.objects.exists()


def _publish(parent, page, user=None):
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


@transaction.atomic
def load_demo(directory=DEMO_DIR, progress=None):
    """Create the demo site; returns counts. Raises ValueError if a catalog already exists."""
    if is_loaded():
        raise ValueError("已存在事项清单，演示数据不再重复加载。")
    progress = progress or (lambda message: None)
    site_data = json.loads((directory / "site.json").read_text(encoding="utf-8"))
    home = _create_home(site_data["site"])
    indexes = site_data["index_pages"]
    catalog = _publish(home, CatalogIndexPage(**indexes["catalog"]))
    hall_index = _publish(home, HallIndexPage(**indexes["halls"]))
    bundle_index = _publish(home, BundleIndexPage(**indexes["bundles"]))

    themes = {}
    for order, theme in enumerate(site_data["themes"]):
        themes[theme["name"]] = Theme.objects.create(sort_order=order, **theme)

    halls = {}
    for hall in site_data["halls"]:
        windows = as_stream(hall.pop("windows", []), "window")
        halls[hall["slug"]] = _publish(hall_index, HallPage(windows=windows, **hall))

    extras = DemoExtras(site_data.get("shared_error_examples", []))
    departments, guides = {}, {}
    for path in sorted((directory / "guides").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = dict(data["department"])
        fields["title"] = fields.pop("name")
        department = _publish(catalog, DepartmentPage(**fields))
        provision_department(department)
        departments[department.slug] = department
        taken = set()
        for record in data["guides"]:
            record = extras.enrich(record, department.collection)
            guide = _create_guide(department, record, themes, halls, taken)
            guides[guide.item_code] = guide
        progress(f"{department.title}：{len(data['guides'])} 项")

    for bundle in site_data["bundles"]:
        _create_bundle(bundle_index, bundle, departments, halls, guides)

    users = _create_users(site_data["users"], departments)
    _create_helper_teams(site_data.get("helper_teams", []), halls)
    return {"departments": len(departments), "guides": len(guides), "halls": len(halls),
            "error_examples": len(extras.examples), "documents": extras.documents_made,
            "bundles": len(site_data["bundles"]), "themes": len(themes), "users": users}


class DemoExtras:
    """Adds reusable error examples (with pictures) and form documents to demo materials.

    Which materials get a shared example follows simple rules in site.json (a 照片 material gets
    the photo-background example…); form documents are made for the first materials whose sample
    text has at least ``MIN_FORM_FIELDS`` filled-in parts, up to ``MAX_FORMS``.
    """

    MIN_FORM_FIELDS = 4
    MAX_FORMS = 16

    def __init__(self, example_data):
        self.rules = []
        self.examples = []
        for data in example_data:
            wrong_image, right_image = picture_pair(data.get("pictures", ""), data["title"])
            example = ErrorExample.objects.create(
                title=data["title"], wrong=data["wrong"], reason=data.get("reason", ""),
                right=data["right"], wrong_image=wrong_image, right_image=right_image,
            )
            self.examples.append(example)
            self.rules.append((example, data))
        self.documents_made = 0

    @staticmethod
    def applies(rule, material):
        """Whether a shared example's rule (site.json) picks this material: a word in its name
        or specification, or a name that *is* such a thing (ends with it, remarks in brackets
        aside: 父母居民身份证 is an ID card, 居民身份证相片 and 《居民身份证申领登记表》 are not)."""
        name = material.get("name", "")
        noun = re.sub(r"[（(].*?[）)]", "", name).strip("《》 ")
        specification = material.get("specification") or ""
        return (any(word in name for word in rule.get("attach_when_name_contains", []))
                or any(noun.endswith(word) for word in rule.get("attach_when_name_ends_with", []))
                or any(word in specification for word in rule.get("attach_when_specification_contains", [])))

    def enrich(self, record, collection):
        materials = []
        for material in record.get("materials", []):
            material = dict(material)
            # Raw stream data: chosen snippets and documents are stored by primary key.
            material["shared_error_examples"] = [
                example.pk for example, rule in self.rules if self.applies(rule, material)
            ]
            sample = material.get("sample_text") or ""
            if (self.documents_made < self.MAX_FORMS * 2
                    and sample.count("【") >= self.MIN_FORM_FIELDS):
                blank, filled = form_documents(material["name"], sample, collection)
                material["blank_form"], material["sample_document"] = blank.pk, filled.pk
                self.documents_made += 2
            materials.append(material)
        return {**record, "materials": materials}


def _create_home(site_data):
    root = Page.get_first_root_node()
    for page in root.get_children():
        if type(page.specific) is Page:  # Wagtail's "Welcome" placeholder
            page.delete()
    home = HomePage(title=site_data["home_title"], slug="home", intro=site_data["home_intro"])
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home,
                  "site_name": site_data["home_title"]},
    )
    return home


def _create_guide(department, record, themes, halls, taken):
    guide = apply_record(ServiceGuidePage(), record)
    guide.slug = pinyin_slug(record["title"], taken)
    taken.add(guide.slug)
    guide.themes = [themes[name] for name in record.get("themes", [])]
    # Orderables get their position explicitly (only the admin's forms number them): the first
    # hall is the one the summary box names, and on PostgreSQL unnumbered rows come in any order.
    guide.hall_links = [
        GuideHall(hall=halls[link["hall"]], window=link.get("window", ""), note=link.get("note", ""),
                  sort_order=order)
        for order, link in enumerate(record.get("halls", []))
    ]
    guide.full_clean(exclude=["path", "depth"])
    return _publish(department, guide)


def _create_bundle(index, data, departments, halls, guides):
    bundle = BundlePage(
        title=data["title"], slug=data["slug"], intro=data["intro"],
        lead_department=departments.get(data.get("lead_department")),
        hall=halls.get(data.get("hall")), window=data.get("window", ""),
        combined_time_limit=data.get("combined_time_limit"),
        combined_time_limit_unit=data.get("combined_time_limit_unit", "工作日"),
        visits=data.get("visits", 1), online_url=data.get("online_url", ""),
        steps=as_stream(data.get("steps"), "step", STEP_DEFAULTS), faq=as_stream(data.get("faq"), "qa"),
    )
    bundle.items = [BundleItem(guide=guides[code], sort_order=order)
                    for order, code in enumerate(data["items"])]
    return _publish(index, bundle)


def _create_helper_teams(teams, halls):
    """帮办代办 teams of the demo halls; their members may open the admin (the queue only)."""
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin",
                                          codename="access_admin")
    User = get_user_model()
    for data in teams:
        team = HelperTeam.objects.create(hall=halls[data["hall"]], name=data["name"],
                                         window=data.get("window", ""), phone=data.get("phone", ""))
        members = list(User.objects.filter(username__in=data["members"]))
        team.members.set(members)
        for member in members:
            member.user_permissions.add(access_admin)


def _create_users(users, departments):
    User = get_user_model()
    for data in users:
        user = User.objects.create_user(
            username=data["username"], password=data["password"],
            first_name=data.get("first_name", ""), is_staff=data.get("superuser", False),
            is_superuser=data.get("superuser", False),
        )
        if "department" in data:
            department = departments[data["department"]]
            group = department.reviewers_group if data["role"] == "reviewer" else department.editors_group
            user.groups.add(group)
    return len(users)
