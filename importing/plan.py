"""Planning an import: what a workbook would do to the catalog, read-only (the dry run).

The planner resolves the departments, halls and themes the workbook names, checks the user's
page permissions (Wagtail's page permission policy, so a department editor reaches only their
own department), compares every item with its guide as it stands — the latest revision, drafts
included, because that is what a new revision builds on — and validates what would be saved
with the guide's own blocks, so that writing never fails on data half-way. It never writes.
"""

import copy
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, partial

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.locks import BasicLock
from wagtail.models import Locale, Page, Revision

from catalog.models import (CatalogIndexPage, DepartmentPage, HallIndexPage, HallPage,
                            ServiceGuidePage, Theme)
from catalog.progress import silent
from catalog.records import CONTACT_GROUPS, PLAIN_FIELDS, STREAMS, apply_record, record_of
from catalog.slugs import pinyin_slug
from catalog.versions import readable

from .diff import diff_cells
from .resources import SHEETS_BY_NAME, ItemResource
from .workbook import ENTRY_NAMES, ITEM_SHEET, Problem, with_hall_titles

CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"
ACTION_LABELS = {CREATED: "新建", CHANGED: "修改", UNCHANGED: "无变化"}
QUERY_CHUNK = 500

# What makes a change 重大变更, listed in the public 更新记录: in the editor's words "材料、流程、
# 时限、收费等变化", i.e. what an applicant must meet, bring, go through, wait for or pay. The
# record keys, as 事项 columns and as sheets; a new guide's first publication is never one.
MAJOR_KEYS = ("conditions", "visits", "legal_time_limit", "promised_time_limit", "charges_fee",
              "materials", "steps", "special_procedures", "fees")
MAJOR_COLUMNS = {ItemResource.fields[key].column_name for key in MAJOR_KEYS
                 if key in ItemResource.fields}
MAJOR_SHEETS = {sheet.sheet: sheet.record_key == "steps"  # sheet → whether its order matters
                for sheet in SHEETS_BY_NAME.values() if sheet.record_key in MAJOR_KEYS}

# Model fields a page validation error may name that are not a column of their own.
FIELD_COLUMNS = {"keywords": "俗称/关键词", "service_object_kinds": "服务对象",
                 "for_individuals": "服务对象", "for_legal_entities": "服务对象",
                 "legal_time_limit_unit": "法定办结时限", "promised_time_limit_unit": "承诺办结时限"}


@dataclass(eq=False)
class Pending:
    """A department, hall or theme the import will create (only with create_missing)."""

    kind: str
    name: str
    obj: object = None

    @property
    def title(self):
        return self.name


@dataclass
class Entry:
    """What the import does to one item; ``build`` etc. are what apply_plan will save."""

    code: str
    title: str
    line: int
    department: str = ""
    action: str = UNCHANGED
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    page_id: int = None
    outcome: str = ""
    major: bool = False  # the change is 重大变更 (see MAJOR_KEYS)
    build: object = field(default=None, repr=False)  # makes the page to save
    parent: object = field(default=None, repr=False)
    themes: list = field(default=None, repr=False)
    halls: list = field(default=None, repr=False)

    def as_dict(self):
        return {"code": self.code, "title": self.title, "line": self.line,
                "department": self.department, "action": self.action,
                "changes": [change.as_list() for change in self.changes], "notes": self.notes,
                "page_id": self.page_id, "outcome": self.outcome}


@dataclass
class Plan:
    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    pending: dict = field(default_factory=lambda: {"department": {}, "hall": {}, "theme": {}})
    root: object = field(default=None, repr=False)
    committed: bool = False  # set by the import the moment its transaction commits
    not_indexed: int = 0  # guides the search index refused after the commit (logged)
    search_updated_at: object = None  # when search had caught up with the import (a datetime)

    @property
    def ok(self):
        return not self.problems

    def counts(self):
        counts = {CREATED: 0, CHANGED: 0, UNCHANGED: 0}
        for entry in self.entries:
            counts[entry.action] += 1
        return counts

    def report(self):
        return {"counts": self.counts(), "problems": [str(p) for p in self.problems],
                "not_indexed": self.not_indexed,
                "entries": [entry.as_dict() for entry in self.entries],
                "pending": {kind: list(items) for kind, items in self.pending.items()}}

    def digest(self):
        """A fingerprint of what the import would do, to tell whether a preview is still true."""
        data = [[e.code, e.action, [c.as_list() for c in e.changes]] for e in self.entries]
        data.append({kind: sorted(items) for kind, items in self.pending.items()})
        encoded = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()


class CatalogIndex:
    """What the names in a workbook refer to: departments, halls and themes by every name used."""

    def __init__(self):
        self.root = CatalogIndexPage.objects.first()
        self.hall_index = HallIndexPage.objects.first()
        departments = list(DepartmentPage.objects.child_of(self.root)) if self.root else []
        self.department_by_path = {d.path: d for d in departments}
        self.departments = _by_names(departments, ("title", "short_name", "slug"))
        halls = list(HallPage.objects.all())
        self.halls = _by_names(halls, ("title", "slug"))
        self.hall_slugs = {hall.pk: hall.slug for hall in halls}
        self.hall_titles = {hall.slug: hall.title for hall in halls}
        themes = list(Theme.objects.all())
        self.themes = _by_names(themes, ("name", "slug"))
        self.themes_by_id = {theme.pk: theme for theme in themes}

    def department_of(self, page):
        return self.department_by_path.get(page.path[:-page.steplen])


def _by_names(objects, attributes):
    names = {}
    for attribute in attributes:  # earlier attributes win: a title beats another's short name
        for obj in objects:
            name = (getattr(obj, attribute) or "").strip()
            if name:
                names.setdefault(name, obj)
    return names


def latest_contents(pages):
    """``{page id: latest revision's content}`` for the pages with a pending draft."""
    drafty = {p.latest_revision_id: p.pk for p in pages
              if p.has_unpublished_changes and p.latest_revision_id}
    return {drafty[pk]: revision.content
            for pk, revision in Revision.objects.in_bulk(list(drafty)).items()}


def latest_versions(pages):
    """Each guide as it stands, for reading records (see ``readable``)."""
    contents = latest_contents(pages)
    themes = {theme.pk: theme for theme in Theme.objects.all()} if contents else {}
    return [readable(page, contents.get(page.pk), themes) for page in pages]


@dataclass
class Current:
    """An existing guide: its row (tree, rights, locks) and its pending draft, if any."""

    row: object
    content: dict = None
    version: object = None  # what its record is read from

    def editable(self):
        """The full page object a new revision is saved from."""
        return self.row.with_content_json(self.content) if self.content else self.row


def current_pages(codes, themes):
    """``{item code: Current}`` for the guides with these codes."""
    codes, pages = list(codes), []
    for start in range(0, len(codes), QUERY_CHUNK):
        queryset = ServiceGuidePage.objects.filter(item_code__in=codes[start:start + QUERY_CHUNK])
        pages.extend(queryset.prefetch_related("themes", "hall_links"))
    contents = latest_contents(pages)
    return {page.item_code: Current(page, contents.get(page.pk),
                                    readable(page, contents.get(page.pk), themes))
            for page in pages}


def plan_import(workbook, user=None, department=None, create_missing=False, keep_pages=True,
                progress=silent):
    """What importing ``workbook`` would do, as a Plan; reads the database, writes nothing.

    ``keep_pages`` keeps what apply_plan needs to make each page again; a preview does not.
    """
    return Planner(workbook, user, department, create_missing, keep_pages).plan(progress)


class Planner:
    def __init__(self, workbook, user, department, create_missing, keep_pages=True):
        self.workbook = workbook
        self.keep_pages = keep_pages
        self.user = user
        self.department = department
        self.create_missing = create_missing
        self.index = CatalogIndex()
        self.result = Plan(problems=list(workbook.problems), root=self.index.root)
        if department is not None:
            self.department = self.index.department_by_path.get(department.path)
            if self.department is None:
                self.problem(f"所选部门「{department.title}」不在事项清单中")
        self.unknown = defaultdict(list)   # (sheet, column, kind, name) → lines
        self.refused = defaultdict(list)   # department title → lines
        self.slugs = {}                    # department → slugs taken among its children
        self.faulty_lines = {(p.sheet, p.line) for p in workbook.problems if p.line}
        self.stream_blocks = {}            # page field → its block, remembering (``remembering``)

    def plan(self, progress=silent):
        if self.index.root is None:
            self.result.problems.append(Problem("网站还没有「事项清单」页面，无法导入：请先在后台创建事项清单"))
            return self.result
        drafts = list(self.workbook.drafts.values())
        # Guides are read a chunk at a time: only those that will be written stay in memory.
        for start in range(0, len(drafts), QUERY_CHUNK):
            chunk = drafts[start:start + QUERY_CHUNK]
            pages = current_pages((draft.code for draft in chunk), self.index.themes_by_id)
            for number, draft in enumerate(chunk, start + 1):
                entry = self.plan_item(draft, pages.get(draft.code))
                if entry is not None:
                    self.result.entries.append(entry)
                if number % 100 == 0 or number == len(drafts):
                    progress("核对", number, len(drafts), draft.title)
        self._report_unknown()
        return self.result

    def problem(self, message, line=None, column="", sheet=ITEM_SHEET):
        self.result.problems.append(Problem(message, sheet, line, column))

    def plan_item(self, draft, current):
        page = current.row if current else None
        parent = self.resolve_department(draft, page)
        themes = self.resolve_themes(draft)
        halls = self.resolve_halls(draft)
        if parent is None or not self.permitted(draft, page, parent):
            return None
        entry = Entry(draft.code, draft.title, draft.line, department=parent.title)
        if page is None:
            entry.action = CREATED
            parts = [f"{sheet} {len(rows)} 行" for sheet, rows in draft.children.items() if rows]
            entry.notes.append("新建指南" + (f"：{'、'.join(parts)}" if parts else "（仅事项信息）"))
        else:
            entry.page_id = page.pk
            record = with_hall_titles(record_of(current.version, self.index.hall_slugs),
                                      self.index.hall_titles)
            current.version = None  # read: only the row and the draft are needed to write
            old, new = self.workbook.cells_of_record(record), self.workbook.cells(draft)
            entry.changes = diff_cells(old, new, ENTRY_NAMES)
            entry.action = CHANGED if entry.changes else UNCHANGED
            entry.major = is_major(old, new)
            if not page.live:
                entry.notes.append("该指南尚未发布")
            elif page.has_unpublished_changes:
                entry.notes.append("该指南有未发布的修改：导入在最新草稿的基础上保存新修订")
        if entry.action == UNCHANGED:
            return entry
        if page is not None and not self.unlocked(draft, page):
            return None
        slug = self.free_slug(parent, draft.title) if current is None else None
        self.validate(draft, self.page_for(draft, current, slug))
        if self.keep_pages:  # the page is made again when it is written: thousands would not fit
            entry.build = partial(self.page_for, draft, current, slug)
            entry.parent, entry.themes, entry.halls = parent, themes, halls
        return entry

    # --- names ----------------------------------------------------------------------------

    def pending(self, kind, name):
        return self.result.pending[kind].setdefault(name, Pending(kind, name))

    def resolve_department(self, draft, page):
        name = getattr(draft.row, "department", "") or ""
        named = None
        if name:
            named = self.index.departments.get(name)
            if named is None and self.create_missing:
                named = self.pending("department", name)
            elif named is None:
                self.unknown[(ITEM_SHEET, "实施主体", "部门", name)].append(draft.line)
                return None
        current = self.index.department_of(page) if page is not None else None
        if current is not None and named is not None and named is not current:
            self.problem(f"事项「{draft.title}」属于「{current.title}」，表中实施主体为「{name}」；"
                         "导入不会移动事项，如需调整请先在后台移动该指南", draft.line, "实施主体")
            return None
        department = current or named or self.department
        if department is None:
            self.problem("新事项须填写「实施主体」（或在导入时选择部门）", draft.line, "实施主体")
            return None
        if self.department is not None and department is not self.department:
            self.problem(f"事项「{draft.title}」属于「{department.title}」，不在本次导入限定的部门"
                         f"「{self.department.title}」中", draft.line, "实施主体")
            return None
        if name:
            draft.row.department = department.title
        return department

    def resolve_themes(self, draft):
        if not hasattr(draft.row, "themes"):
            return None
        themes = []
        for name in draft.row.themes:
            theme = self.index.themes.get(name)
            if theme is None and self.create_missing:
                theme = self.pending("theme", name)
            if theme is None:
                self.unknown[(ITEM_SHEET, "主题", "主题", name)].append(draft.line)
            else:
                themes.append(theme)
        # Themes are a set (a cell may name one twice, by name and by slug), listed in the
        # catalog's order, as the export lists them.
        themes = list({id(theme): theme for theme in themes}.values())
        themes.sort(key=lambda t: (0, t.sort_order, t.name) if isinstance(t, Theme) else (1, 0, ""))
        draft.row.themes = [theme.name for theme in themes]
        return themes

    def resolve_halls(self, draft):
        if not self.workbook.has("办理地点"):
            return None
        halls = []
        for line, row in draft.children.get("办理地点", []):
            hall = self.index.halls.get(row.hall)
            if hall is None and self.create_missing:
                hall = self.pending("hall", row.hall)
            if hall is None:
                self.unknown[("办理地点", "办事大厅", "办事大厅", row.hall)].append(line)
                continue
            row.hall = hall.title
            halls.append((hall, getattr(row, "window", None), getattr(row, "note", None)))
        return halls

    def _report_unknown(self):
        for (sheet, column, kind, name), lines in self.unknown.items():
            listed = "、".join(str(line) for line in lines[:8]) + ("…" if len(lines) > 8 else "")
            self.result.problems.append(Problem(
                f"{kind}「{name}」在网站上不存在（第 {listed} 行，共 {len(lines)} 处）；请先在后台创建，"
                "或选择“创建缺少的部门、大厅和主题”（命令行 --create-missing）", sheet, column=column))
        for title, lines in self.refused.items():
            listed = "、".join(str(line) for line in lines[:8]) + ("…" if len(lines) > 8 else "")
            self.result.problems.append(Problem(
                f"您没有「{title}」的编辑权限，不能导入其事项（第 {listed} 行，共 {len(lines)} 项）；"
                "部门编辑只能导入本部门的事项", ITEM_SHEET))
        self._check_creation_rights()

    def _check_creation_rights(self):
        pending = self.result.pending
        if self.user is None or not any(pending.values()):
            return
        rights = {
            "department": self.index.root.permissions_for_user(self.user).can_add_subpage(),
            "hall": bool(self.index.hall_index)
            and self.index.hall_index.permissions_for_user(self.user).can_add_subpage(),
            "theme": self.user.has_perm("catalog.add_theme"),
        }
        labels = {"department": "部门", "hall": "办事大厅", "theme": "主题"}
        for kind, items in pending.items():
            if items and not rights[kind]:
                self.problem(f"您没有新建{labels[kind]}的权限，不能创建「{'」「'.join(items)}」")
        if pending["hall"] and self.index.hall_index is None:
            self.problem("网站还没有「办事大厅」目录页面，无法新建办事大厅")

    # --- rights and locks -------------------------------------------------------------------

    def permitted(self, draft, page, parent):
        if self.user is None:
            return True
        if page is not None:
            allowed = page.permissions_for_user(self.user).can_edit()
        elif isinstance(parent, Pending):
            allowed = True  # creating the department is checked once, in _check_creation_rights
        else:
            allowed = parent.permissions_for_user(self.user).can_add_subpage()
        if not allowed:
            self.refused[parent.title].append(draft.line)
        return allowed

    def unlocked(self, draft, page):
        lock = page.get_lock()
        if lock is None:
            return True
        # Without a user (the operator's command) only an editor's own lock stops the import.
        locked = lock.for_user(self.user) if self.user is not None else isinstance(lock, BasicLock)
        if not locked:
            return True
        holder = f"（{page.locked_by}）" if page.locked_by else ""
        self.problem(f"事项「{draft.title}」已被锁定{holder}，暂不能导入；请解锁或等审核结束后再导入",
                     draft.line, "事项编码")
        return False

    # --- the page to save -------------------------------------------------------------------

    def page_for(self, draft, current, slug):
        """The guide as the workbook makes it: a new page, or the current one with the record."""
        if current is not None:
            page = current.editable()
        else:
            # The locale Wagtail would look up for each new page as it is validated; the page
            # takes its department's when it is written.
            page = ServiceGuidePage(slug=slug, locale=self.default_locale)
        return apply_record(page, self.record_for(draft))

    @cached_property
    def default_locale(self):
        return Locale.get_default()

    def record_for(self, draft):
        record = self.workbook.record(draft)
        for relation in ("department", "themes", "halls"):  # set by the writer, not the record
            record.pop(relation, None)
        return record

    def validate(self, draft, page):
        """Check the page as the editor would; problems are located at their rows."""
        if any((sheet, line) in self.faulty_lines for sheet, line in _lines(draft)):
            return  # the row is already reported; validating again would repeat it
        record = self.record_for(draft)
        try:
            # Only what the record set is checked; codes and slugs are unique by construction,
            # which spares the uniqueness and foreign-key queries of a full check per guide.
            page.full_clean(exclude=_untouched_fields(record), validate_unique=False,
                            validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(message, draft.line, _column_of(name))
        for key, (field_name, _block) in STREAMS.items():
            if key in record:
                self.validate_stream(page, key, field_name, draft)

    def validate_stream(self, page, key, field_name, draft):
        if field_name not in self.stream_blocks:
            self.stream_blocks[field_name] = remembering(
                ServiceGuidePage._meta.get_field(field_name).stream_block)
        stream_block = self.stream_blocks[field_name]
        # A throwaway copy is cleaned: the page keeps its stream as raw data, a fraction of the
        # memory of the block values cleaning builds (thousands of guides wait for the commit).
        copy = StreamValue(stream_block, list(getattr(page, field_name).raw_data), is_lazy=True)
        try:
            stream_block.clean(copy)
        except ValidationError as error:
            sheet = next(s for s in SHEETS_BY_NAME.values() if s.record_key == key)
            rows = draft.children.get(sheet.sheet, [])
            for index, block_error in (getattr(error, "block_errors", None) or {}).items():
                line = rows[index][0] if index < len(rows) else None
                children = getattr(block_error, "block_errors", None) or {None: block_error}
                for child, child_error in children.items():
                    column = sheet.fields[child].column_name if child in sheet.fields else ""
                    for message in getattr(child_error, "messages", [str(child_error)]):
                        self.problem(message, line, column, sheet.sheet)
            for message in getattr(error, "non_block_errors", None) or []:
                self.problem(str(message), draft.line, sheet=sheet.sheet)

    def free_slug(self, parent, title):
        if parent not in self.slugs:
            self.slugs[parent] = set() if isinstance(parent, Pending) else set(
                Page.objects.child_of(parent).values_list("slug", flat=True))
        slug = pinyin_slug(title, self.slugs[parent])
        self.slugs[parent].add(slug)
        return slug


# Field blocks whose cleaning depends on the value alone (no database, no other field).
PURE_FIELD_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.ChoiceBlock, blocks.IntegerBlock,
                     blocks.BooleanBlock)


def remembering(stream_block):
    """A private copy of ``stream_block`` whose plain field blocks remember the values they
    found valid, and so check each distinct value once per import.

    A province's workbook repeats most cells item after item (必要, 纸质, 1 份, the same
    受理标准 …): checking each of them again through its form field was most of checking the
    workbook. What a value is found wrong for is never remembered, so every faulty cell is
    still reported where it is; whole blocks, lists and streams are checked as before.
    """
    twin = copy.deepcopy(stream_block)
    _remember_values(twin)
    return twin


def _remember_values(block):
    for child in getattr(block, "child_blocks", {}).values():
        _remember_values(child)
    if getattr(block, "child_block", None) is not None:  # a ListBlock's item
        _remember_values(block.child_block)
    if isinstance(block, PURE_FIELD_BLOCKS):
        clean, valid = block.clean, {}

        def remembered(value):
            try:
                key = (type(value), value)
                return valid[key]
            except KeyError:
                valid[key] = clean(value)
                return valid[key]
            except TypeError:  # not hashable: checked each time
                return clean(value)

        block.clean = remembered


def is_major(old, new):
    """Whether going from cells ``old`` to ``new`` (per sheet, as diff_cells takes them) changes
    something MAJOR_KEYS names. Reordering materials or fees is not; reordering steps is."""
    for sheet, new_rows in new.items():
        old_rows = old.get(sheet) or []
        if sheet == ITEM_SHEET:
            before = old_rows[0] if old_rows else {}
            if any(before.get(header, "") != text for header, text in new_rows[0].items()
                   if header in MAJOR_COLUMNS):
                return True
        elif sheet in MAJOR_SHEETS:
            if MAJOR_SHEETS[sheet] and old_rows != new_rows:
                return True
            if sorted(_texts(row) for row in old_rows) != sorted(_texts(row) for row in new_rows):
                return True
    return False


def _texts(row):
    return tuple(row.items())  # both sides list the same columns in the same order


def _untouched_fields(record):
    touched = {"title", "slug"} | {key for key in record if key in PLAIN_FIELDS}
    touched |= {field for key, (field, _block) in STREAMS.items() if key in record}
    touched |= {f"{group}_{key}" for group in CONTACT_GROUPS for key in record.get(group) or {}}
    if "aliases" in record:
        touched.add("keywords")
    if "service_objects" in record:
        touched |= {"service_object_kinds", "for_individuals", "for_legal_entities"}
    if "last_reviewed" in record:
        touched.add("last_reviewed")
    return [f.name for f in ServiceGuidePage._meta.concrete_fields if f.name not in touched]


def _lines(draft):
    yield ITEM_SHEET, draft.line
    for sheet, rows in draft.children.items():
        for line, _row in rows:
            yield sheet, line


def _column_of(field_name):
    if field_name in FIELD_COLUMNS:
        return FIELD_COLUMNS[field_name]
    if field_name in ItemResource.fields:
        return ItemResource.fields[field_name].column_name
    try:
        return str(ServiceGuidePage._meta.get_field(field_name).verbose_name)
    except Exception:  # a non-field error of the page
        return ""
