"""Hostile Excel uploads (issue 11, finding 3): zip bombs, a huge row count in a small
file, files that are not workbooks — each refused within seconds, with a clear message,
storing nothing and with bounded memory, through the page, the `xiezuo import` command
and the background worker. And an import from a role that cannot change records is
refused before the file is read.

The files are written here with zipfile (deflate), part by part, as a hostile client
would; `test_the_builder_writes_real_workbooks` shows that the same builder's small files
import normally, so every refusal below is due to the limits, not to a broken builder.
Peak memory is read from the process's high-water mark (tests/faults/memory.py).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.excel_files import PEOPLE_HEADERS, people_file
from tests.faults.memory import measured
from xiezuo.core.models import Job
from xiezuo.core.tests.factories import OrganisationFactory, region
from xiezuo.people.models import Availability, Person

pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
             f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
            '<sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
                 f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
                 "</Relationships>")
STYLES = (f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts>'
          '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
          '<borders count="1"><border/></borders><cellXfs count="1"><xf/></cellXfs></styleSheet>')


def text_cell(value) -> str:
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>' if value is not None else "<c/>"


def row_xml(values) -> bytes:
    return ("<row>" + "".join(text_cell(v) for v in values) + "</row>").encode()


def xlsx(rows, *, repeat: int = 1, sheet_head: str = "", styles: str = STYLES,
         parts: dict | None = None, leave_out: tuple[str, ...] = ()) -> bytes:
    """A workbook of the people header and `rows` (bytes, each a <row>), written `repeat`
    times: the sheet XML is deflated chunk by chunk, never held whole."""
    out = io.BytesIO()
    files = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
             "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
             "xl/styles.xml": styles, **(parts or {})}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in files.items():
            if name not in leave_out:
                archive.writestr(name, text)
        if "xl/worksheets/sheet1.xml" not in leave_out:
            block = b"".join(rows)
            with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
                sheet.write(f'{sheet_head}<worksheet xmlns="{MAIN}"><sheetData>'.encode())
                sheet.write(row_xml(PEOPLE_HEADERS))
                for _ in range(repeat):
                    sheet.write(block)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def person_values(i="") -> list:
    return [f"导入人员{i}", "男", "烟台山医院", "医疗卫生", "骨科", "主治医师", None, None,
            "13912345678", None, "2025-03-01", "2026-02-28", "长期派驻"]


def unpacked_mb(data: bytes) -> float:
    return sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) / 2**20


def understate_sizes(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s unpacked size declared as `size` bytes (a lie) in both
    its local header and the central directory."""
    data = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    name = member.encode()
    local = info.header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    data[local + 22:local + 26] = size.to_bytes(4, "little")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[central + 24:central + 28] = size.to_bytes(4, "little")
    return bytes(data)


# ---- the files -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def people_bomb() -> bytes:
    """As in the probe: 640,000 people rows, about 1 MB packed, ~300 MB unpacked."""
    data = xlsx([row_xml(person_values())] * 1000, repeat=640)
    assert len(data) < 2 * 2**20 and unpacked_mb(data) > 250
    return data


@pytest.fixture(scope="module")
def many_rows() -> bytes:
    """1,000,000 rows of one tiny cell: ~25 MB unpacked, far below the size limit."""
    data = xlsx([b"<row><c><v>1</v></c></row>"] * 1000, repeat=1000)
    assert unpacked_mb(data) < 50
    return data


@pytest.fixture
def hospital(refdata):
    return OrganisationFactory(name="烟台山医院", region=region("370602"))


@pytest.fixture
def coordinator(make_user, hospital):
    return make_user("yantai-coord", region="370600")


def assert_nothing_stored():
    assert not Person.objects.exists() and not Availability.objects.exists()
    assert not Job.objects.exists()


def post(client, data, name="people.xlsx"):
    return client.post("/people/import/", {"file": SimpleUploadedFile(name, data)})


def refused_on_the_page(client, data, *, expect: str, name="people.xlsx"):
    with measured() as usage:
        response = post(client, data, name)
    page = response.content.decode()
    assert response.status_code == 200 and expect in page, page[-3000:]
    assert 'class="errorlist' in page
    assert usage.seconds < 10 and usage.growth_mb < 200, usage
    assert_nothing_stored()
    return usage


def refused_by_the_command(tmp_path, data, *, expect: str, user="yantai-coord"):
    path = tmp_path / "people.xlsx"
    path.write_bytes(data)
    with measured() as usage, pytest.raises(CommandError) as refused:
        call_command("import", "people", str(path), user=user)
    assert expect in str(refused.value), str(refused.value)
    assert usage.seconds < 10 and usage.growth_mb < 200, usage
    assert_nothing_stored()


# ---- tests ---------------------------------------------------------------------------


def test_the_builder_writes_real_workbooks(coordinator, client_for):
    data = xlsx([row_xml(person_values(i)) for i in range(3)])
    response = post(client_for(coordinator), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Person.objects.count() == 3


def test_the_probes_bomb_is_refused_at_once(people_bomb, coordinator, client_for, tmp_path):
    """641 KB → 297 MB took 47 s in the request and 2.7 GB in the worker."""
    refused_on_the_page(client_for(coordinator), people_bomb, expect="文件解压后超过 200 MB")
    refused_by_the_command(tmp_path, people_bomb, expect="文件解压后超过 200 MB")


def test_the_probes_bomb_under_a_higher_size_limit(people_bomb, coordinator, client_for, settings,
                                                   tmp_path):
    """With room for its 300 MB, the same file is stopped by its rows: counted while
    unpacking, refused at row 50,001 (the first tenth of the file)."""
    settings.XIEZUO_IMPORT_MAX_UNPACKED_MB = 400
    refused_on_the_page(client_for(coordinator), people_bomb, expect="工作簿的数据超过 50000 行")
    refused_by_the_command(tmp_path, people_bomb, expect="工作簿的数据超过 50000 行")


def test_sizes_the_archive_understates_are_not_trusted(people_bomb, coordinator, client_for,
                                                       tmp_path):
    """The archive claims its sheet unpacks to 1 MB: the unpacking stops where the claim
    ends (the data no longer matches its checksum) and the file is refused."""
    lying = understate_sizes(people_bomb, "xl/worksheets/sheet1.xml", 2**20)
    assert unpacked_mb(lying) < 2
    refused_on_the_page(client_for(coordinator), lying, expect="无法读取工作簿")
    refused_by_the_command(tmp_path, lying, expect="无法读取工作簿")


def test_rows_are_counted_while_unpacking(many_rows, coordinator, client_for, tmp_path):
    """A million rows in 25 MB: refused at row 50,001, before anything is loaded."""
    refused_on_the_page(client_for(coordinator), many_rows, expect="工作簿的数据超过 50000 行")
    refused_by_the_command(tmp_path, many_rows, expect="工作簿的数据超过 50000 行")


def test_the_unpacked_size_is_counted_while_unpacking(coordinator, client_for, settings, tmp_path):
    """Few rows with huge texts, ~100 MB unpacked under a 50 MB limit."""
    settings.XIEZUO_IMPORT_MAX_UNPACKED_MB = 50
    big = person_values()
    big[7] = "职" * 30_000
    data = xlsx([row_xml(big)] * 10, repeat=120)
    assert unpacked_mb(data) > 100
    refused_on_the_page(client_for(coordinator), data, expect="文件解压后超过 50 MB")
    refused_by_the_command(tmp_path, data, expect="文件解压后超过 50 MB")


def test_too_many_cells(coordinator, client_for, settings):
    """Rows of 10,000 empty cells each: the cells are counted too (every cell costs
    memory when a workbook is read, with or without a value)."""
    settings.IMPORT_MAX_ROWS = 1000
    data = xlsx([b"<row>" + b"<c/>" * 10_000 + b"</row>"] * 10, repeat=10)
    refused_on_the_page(client_for(coordinator), data, expect="工作簿的单元格超过 64064 个")


def test_a_style_bomb(coordinator, client_for):
    """Two million cell formats in a few KB: openpyxl would build an object for each."""
    xfs = "<xf/>" * 2_000_000
    styles = STYLES.replace("<cellXfs count=\"1\"><xf/></cellXfs>", f"<cellXfs>{xfs}</cellXfs>")
    data = xlsx([row_xml(person_values())], styles=styles)
    assert len(data) < 200_000
    refused_on_the_page(client_for(coordinator), data, expect="工作簿中单元格以外的条目（文本、格式、名称等）超过 100000 个")


def test_entity_expansion_is_refused(coordinator, client_for):
    laughs = ('<!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True))
              + "]>")
    data = xlsx([row_xml(["&i;", *person_values()[1:]])], sheet_head=laughs)
    refused_on_the_page(client_for(coordinator), data, expect="无法读取工作簿：DTD")


@pytest.mark.parametrize(("data", "expect"), [
    (b"name,organisation\n" * 1000, "该文件不是 Excel 工作簿"),
    (b"%PDF-1.4 " + b"0" * 100_000, "该文件不是 Excel 工作簿"),
    (b"PK\x03\x04broken zip", "该文件不是 Excel 工作簿"),
])
def test_a_file_that_is_not_a_workbook(data, expect, coordinator, client_for, tmp_path):
    refused_on_the_page(client_for(coordinator), data, expect=expect)
    refused_by_the_command(tmp_path, data, expect=expect)


def test_a_zip_without_a_workbook(coordinator, client_for, tmp_path):
    notes = io.BytesIO()
    with zipfile.ZipFile(notes, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "not a workbook")
    for data, part in ((notes.getvalue(), "[Content_Types].xml"),
                       (xlsx([], leave_out=("xl/workbook.xml",)), "xl/workbook.xml")):
        expect = f"该文件不是完整的 Excel 工作簿：缺少部件 {part}"
        refused_on_the_page(client_for(coordinator), data, expect=expect)
        refused_by_the_command(tmp_path, data, expect=expect)
    data = xlsx([], leave_out=("xl/worksheets/sheet1.xml",))
    refused_on_the_page(client_for(coordinator), data, expect="工作簿中没有可导入的工作表")


def test_a_file_larger_than_the_limit_is_not_read(coordinator, client_for, settings, tmp_path):
    settings.XIEZUO_IMPORT_MAX_UNPACKED_MB = 1
    data = b"PK\x03\x04" + b"\0" * (2 * 2**20)
    refused_on_the_page(client_for(coordinator), data, expect="文件大于 1 MB")
    refused_by_the_command(tmp_path, data, expect="文件大于 1 MB")


def test_the_background_worker_inspects_too(many_rows, coordinator, settings):
    """A job holding a hostile upload (stored before the limits were lowered, say) is
    refused by the worker in the same way, and its upload deleted."""
    from xiezuo.core.tasks import start_import
    from xiezuo.core.tests.workers import run_worker
    from xiezuo.people.resources import PersonResource

    job = start_import(actor=coordinator, resource_class=PersonResource, data=many_rows,
                       file_name="people.xlsx", rows=3000)
    with measured() as usage:
        run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "工作簿的数据超过 50000 行" in job.message, job.message
    assert job.upload is None
    assert usage.seconds < 10 and usage.growth_mb < 200, usage
    assert not Person.objects.exists()


def test_rows_within_the_limit_are_imported(coordinator, client_for, settings, tmp_path):
    """At the limit a file is taken (here through the background worker)."""
    from xiezuo.core.tests.workers import run_worker

    settings.IMPORT_MAX_ROWS = 300
    settings.XIEZUO_BACKGROUND_ROWS = 100
    data = xlsx([row_xml(person_values(i)) for i in range(300)])
    client = client_for(coordinator)
    response = post(client, data)
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/" and job.total == 300
    run_worker()
    job.refresh_from_db()
    assert job.status == "succeeded", (job.message, job.errors[:3])
    assert Person.objects.count() == 300 and job.upload is None
    over = xlsx([row_xml(person_values(i)) for i in range(301)])
    response = post(client, over)
    assert "工作簿的数据超过 300 行" in response.content.decode()


def test_wrong_dimensions_do_not_hide_rows(coordinator, client_for):
    """Some writers declare the sheet as one cell (<dimension ref="A1"/>): every row is
    still read."""
    data, _bad = people_file(5)
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = content.index(b"<dimension ")
                content = content[:start] + b'<dimension ref="A1"/>' + content[content.index(b">", start) + 1:]
            copy.writestr(info, content)
    response = post(client_for(coordinator), out.getvalue())
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Person.objects.count() == 5


# ---- roles that cannot change records ------------------------------------------------


@pytest.mark.parametrize("role", ["auditor", "no_scope"])
def test_read_only_roles_are_refused_before_the_file_is_read(role, make_user, hospital, client_for,
                                                             many_rows, tmp_path):
    user = (make_user("auditor", region="370000", role="auditor") if role == "auditor"
            else make_user("nobody"))
    client = client_for(user)
    page = client.get("/people/import/").content.decode()
    assert 'id="import-refused"' in page and 'enctype="multipart/form-data"' not in page
    # Not a workbook at all: a coordinator is told so (the file was read); these roles
    # are refused before that.
    assert post(client, b"not a workbook").status_code == 403
    with measured() as usage:
        assert post(client, many_rows).status_code == 403
    assert usage.seconds < 5 and usage.growth_mb < 50, usage
    good = xlsx([row_xml(person_values(i)) for i in range(3)])
    assert post(client, good).status_code == 403
    assert_nothing_stored()
    path = tmp_path / "people.xlsx"
    path.write_bytes(good)
    with pytest.raises(CommandError, match="您的角色无权修改此类记录，因此不能导入"):
        call_command("import", "people", str(path), user=user.username)
    assert_nothing_stored()


def test_a_role_changed_after_the_upload_is_refused_by_the_worker(coordinator, settings):
    from xiezuo.core.tasks import start_import
    from xiezuo.core.tests.workers import run_worker
    from xiezuo.people.resources import PersonResource

    job = start_import(actor=coordinator, resource_class=PersonResource,
                       data=xlsx([row_xml(person_values(i)) for i in range(3)]),
                       file_name="people.xlsx", rows=3)
    coordinator.scope.role = "auditor"
    coordinator.scope.save()
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "您的角色无权修改此类记录" in job.message
    assert job.upload is None and not Person.objects.exists()
