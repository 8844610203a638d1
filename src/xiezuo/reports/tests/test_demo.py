import pytest

from xiezuo.reports.demo import load_reports_demo
from xiezuo.reports.models import ReportDocument
from xiezuo.reports.tests.conftest import ARTICLE

pytestmark = pytest.mark.django_db


def test_demo_ingests_the_samples_once_and_skips_a_missing_folder(refdata, media, tmp_path):
    assert load_reports_demo(tmp_path / "missing") == []
    folder = tmp_path / "samples"
    folder.mkdir()
    (folder / "sample.txt").write_text(ARTICLE, encoding="utf-8")
    (outcome,) = load_reports_demo(folder)
    assert outcome.status == "created" and outcome.facts > 0
    assert [o.status for o in load_reports_demo(folder)] == ["exists"]
    assert ReportDocument.objects.count() == 1
