"""Backup and restore round-trip a whole installation."""

import pytest
from django.core.management import call_command

from xiezuo.core.backup import BackupError, backup, fingerprint, restore
from xiezuo.core.tests.factories import OrganisationFactory, PairingFactory, PersonFactory, region


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_empty_database(refdata, tmp_path, admin_user):
    org = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    PersonFactory(name="医生甲", organisation=org, phone="13912345678")
    PairingFactory()
    before = fingerprint()
    path = tmp_path / "xiezuo.zip"
    backup(path)
    with pytest.raises(BackupError, match="not empty"):
        restore(path)
    call_command("flush", interactive=False, verbosity=0)
    report = restore(path)
    assert {k: v for k, v in report.items() if v["expected"] != v["restored"]} == {}
    assert fingerprint() == before
    assert before["people.person"]["count"] == 1 and before["regions.region"]["count"] > 3000


def test_not_a_backup(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"hello")
    with pytest.raises(BackupError, match="not a xiezuo backup"):
        restore(path)


@pytest.mark.django_db
def test_the_manifest_says_which_tables_are_left_out_and_why(tmp_path):
    manifest = backup(tmp_path / "b.zip")
    left_out = manifest["left_out"]
    assert {"sessions.session", "axes.accessattempt", "axes.accesslog"} <= set(left_out)
    assert all(reason for reason in left_out.values())
    assert not set(left_out) & set(manifest["models"])
