"""Excel import/export of organisations and people: all-or-nothing, row-level errors."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Availability, Person

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, url, data, name="data.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


ORG_HEADERS = ["名称", "类型", "所在地区", "上级单位", "医院等级", "学段", "备注"]


def test_template_has_the_translated_headers(refdata, admin_user, client_for):
    response = client_for(admin_user).get("/organisations/template.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["名称", "类型", "所在地区"]


def test_good_import_applies_all_rows(refdata, admin_user, client_for):
    data = workbook([
        ORG_HEADERS,
        ["巫山县中医院", "医院", "巫山", None, "二级甲等", None, None],
        ["开州中学", "school", "500154", None, None, "高中", None],
        ["石柱县人民医院", "医院", "石柱县", None, None, None, None],
    ])
    response = upload(client_for(admin_user), "/organisations/import/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(name="开州中学").school_stage == "senior"
    assert Organisation.objects.get(name="石柱县人民医院").region.code == "500240"


def test_bad_rows_are_all_listed_and_nothing_is_stored(refdata, admin_user, client_for):
    OrganisationFactory(name="已有单位", region=region("500237"))
    data = workbook([
        ORG_HEADERS,
        ["好单位", "医院", "500237", None, None, None, None],
        ["坏类型", "飞船", "500237", None, None, None, None],
        ["坏地区", "医院", "火星县", None, None, None, None],
        ["学校不能有医院等级", "学校", "500237", None, "三甲", None, None],
        [None, "医院", "500237", None, None, None, None],
    ])
    response = upload(client_for(admin_user), "/organisations/import/", data)
    assert response.status_code == 200
    errors = response.context["errors"]
    rows = {e.row for e in errors}
    assert rows == {3, 4, 5, 6}
    by_row = {e.row: e for e in errors}
    assert by_row[3].column == "类型" and "飞船" in by_row[3].message
    assert by_row[4].column == "所在地区" and "火星县" in by_row[4].message
    assert Organisation.objects.count() == 1  # only the one that existed before


def test_not_an_excel_file(refdata, admin_user, client_for):
    response = upload(client_for(admin_user), "/organisations/import/", b"name,kind\nA,B\n", "data.xlsx")
    assert response.status_code == 200
    assert "not an Excel workbook" in str(response.context["form"].errors) or "不是" in str(
        response.context["form"].errors
    )
    assert not Organisation.objects.exists()


def test_wrong_headers(refdata, admin_user, client_for):
    data = workbook([["单位", "种类"], ["巫山县中医院", "医院"]])
    response = upload(client_for(admin_user), "/organisations/import/", data)
    assert response.status_code == 200
    message = str(response.context["form"].errors)
    assert "名称" in message and "单位" in message
    assert not Organisation.objects.exists()


def test_export_lists_only_visible_records(refdata, make_user, client_for):
    OrganisationFactory(name="巫山单位", region=region("500237"))
    OrganisationFactory(name="开州单位", region=region("500154"))
    user = make_user("ws", region="500237")
    response = client_for(user).get("/organisations/export.xlsx")
    names = [row[0].value for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)]
    assert names == ["巫山单位"]


PEOPLE_HEADERS = ["姓名", "性别", "所在单位", "领域", "专业", "职称", "职称级别", "职务", "电话", "身份证号",
                  "可派出起", "可派出止", "派出方式"]


def test_people_import_with_availability(refdata, admin_user, client_for):
    OrganisationFactory(name="烟台山医院", region=region("370602"))
    data = workbook([
        PEOPLE_HEADERS,
        ["张医生", "男", "烟台山医院", "医疗卫生", "骨科", "主任医师", None, "科室主任", "13912345678",
         "11010519491231002X", "2025-03-01", "2026年2月28日", "长期派驻、短期交流"],
        ["李老师", "女", "烟台山医院", "医疗卫生", "麻醉", "主治医师", None, None, None, None, None, None, None],
    ])
    response = upload(client_for(admin_user), "/people/import/", data)
    assert response.status_code == 302, [str(e) for e in response.context["errors"]]
    zhang = Person.objects.get(name="张医生")
    assert zhang.title_level == 5 and zhang.specialty.name.startswith("骨科")
    window = Availability.objects.get(person=zhang)
    assert window.modes == ["long_posting", "short_visit"]
    assert str(window.end) == "2026-02-28"


def test_people_import_bad_rows(refdata, admin_user, client_for):
    OrganisationFactory(name="烟台山医院", region=region("370602"))
    data = workbook([
        PEOPLE_HEADERS,
        ["好人", "男", "烟台山医院", "医疗卫生", "骨科", None, None, None, None, None, None, None, None],
        ["坏身份证", "男", "烟台山医院", "医疗卫生", "骨科", None, None, None, None, "110105194912310021",
         None, None, None],
        ["坏日期", "男", "烟台山医院", "医疗卫生", "骨科", None, None, None, None, None,
         "明年春天", "2026-01-01", "远程帮扶"],
        ["无单位", "男", "不存在医院", "医疗卫生", "骨科", None, None, None, None, None, None, None, None],
        ["日期倒置", "男", "烟台山医院", "医疗卫生", "骨科", None, None, None, None, None,
         "2026-01-01", "2025-01-01", "remote"],
    ])
    response = upload(client_for(admin_user), "/people/import/", data)
    assert response.status_code == 200
    by_row = {}
    for error in response.context["errors"]:
        by_row.setdefault(error.row, []).append(error)
    assert set(by_row) == {3, 4, 5, 6}
    assert by_row[3][0].column == "身份证号"
    assert by_row[4][0].column == "可派出起"
    assert by_row[5][0].column == "所在单位"
    assert by_row[6][0].column == "可派出止"
    assert not Person.objects.exists()
