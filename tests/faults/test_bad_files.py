"""Bad Excel files: each gives clear row-level errors and stores nothing."""

import pytest

from tests.excel_files import PEOPLE_HEADERS, people_file, person_row, workbook_bytes
from xiezuo.core.excel import ImportFileError, run_import
from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.people.models import Availability, Person
from xiezuo.people.resources import PersonResource

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(refdata):
    return OrganisationFactory(name="烟台山医院", region=region("370602"))


def run(admin_user, data):
    return run_import(resource=PersonResource(actor=admin_user), data=data, file_name="x.xlsx")


def assert_nothing_stored():
    assert not Person.objects.exists() and not Availability.objects.exists()


def test_wrong_headers(hospital, admin_user):
    with pytest.raises(ImportFileError, match="缺少列|missing columns"):
        run(admin_user, workbook_bytes([["名字", "单位"], ["张三", "烟台山医院"]]))
    assert_nothing_stored()


def test_merged_cells_are_named(hospital, admin_user):
    def merge(sheet):
        sheet.merge_cells("C3:C4")

    data = workbook_bytes([PEOPLE_HEADERS, person_row(1), person_row(2), person_row(3)], edit=merge)
    outcome = run(admin_user, data)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "所在单位")]
    assert "C3:C4" in outcome.errors[0].message
    assert_nothing_stored()


def test_full_width_digits_and_dates_as_text_are_read(hospital, admin_user):
    row = person_row(1)
    row[9] = "１１０１０５１９４９１２３１００２Ｘ"  # a full-width ID number
    row[10], row[11] = "2025/3/1", "２０２６年２月２８日"
    outcome = run(admin_user, workbook_bytes([PEOPLE_HEADERS, row]))
    assert outcome.errors == []
    person = Person.objects.get()
    assert person.phone == "13912345678" and person.id_number == "11010519491231002X"
    assert str(person.availability.get().end) == "2026-02-28"


def test_formulas_without_values_are_refused(hospital, admin_user):
    def formula(sheet):
        sheet["A2"] = '=CONCAT("张","三")'

    outcome = run(admin_user, workbook_bytes([PEOPLE_HEADERS, person_row(1)], edit=formula))
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "姓名")]
    assert "公式" in outcome.errors[0].message or "formula" in outcome.errors[0].message
    assert_nothing_stored()


def test_renamed_non_excel_file(hospital, admin_user):
    for data in (b"name,org\n", b"%PDF-1.4", b"PK\x03\x04broken zip"):
        with pytest.raises(ImportFileError):
            run(admin_user, data)
    assert_nothing_stored()


def test_ten_thousand_rows_with_some_bad(hospital, admin_user):
    data, bad = people_file(10_000, bad_every=997)
    outcome = run(admin_user, data)
    assert {e.row for e in outcome.errors} == bad and len(bad) == 10
    assert all(e.column == "可派出起" for e in outcome.errors)
    assert_nothing_stored()


def test_blank_rows_keep_row_numbers(hospital, admin_user):
    bad = person_row(3)
    bad[3] = "航天"
    outcome = run(admin_user, workbook_bytes([PEOPLE_HEADERS, person_row(1), [None] * 13, bad]))
    assert [(e.row, e.column) for e in outcome.errors] == [(4, "领域")]
