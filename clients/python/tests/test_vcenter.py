"""A vCenter appliance backup over HTTPS, its session and job as the vSphere REST API has them."""

import base64

import pytest

from .vendor_http import call, trusting

BASIC = "Basic " + base64.b64encode(b"administrator@vsphere.local:VMware1!").decode()
BACKUP = {
    "parts": ["seat"],
    "location_type": "SFTP",
    "location": "sftp://10.0.0.5/backups",
    "location_user": "backup",
    "location_password": "S3cret!x",
    "backup_password": "Passw0rd!",
}


@pytest.fixture
def vcenter(backup_mocks):
    """The /api base URL, a TLS context trusting the emulator's certificate, and a session id."""
    api = backup_mocks.url("vcenter", "https") + "/api"
    tls = trusting(backup_mocks.tls_cert())
    status, session, _ = call("POST", api + "/session", headers={"authorization": BASIC, **backup_mocks.headers}, tls=tls)
    assert status == 201
    return api, tls, {"vmware-api-session-id": session, **backup_mocks.headers}


def test_a_backup_job_is_in_progress_until_the_clock_moves_past_its_timeline(backup_mocks, vcenter):
    api, tls, session = vcenter
    status, job, _ = call("POST", api + "/appliance/recovery/backup/job", BACKUP, headers=session, tls=tls)
    assert status == 201
    assert job["state"] == "INPROGRESS"

    backup_mocks.clock.advance("5s")
    assert call("GET", f"{api}/appliance/recovery/backup/job/{job['id']}", headers=session, tls=tls)[1]["state"] == "INPROGRESS"
    backup_mocks.clock.advance("1m")
    done = call("GET", f"{api}/appliance/recovery/backup/job/{job['id']}", headers=session, tls=tls)[1]
    assert done["state"] == "SUCCEEDED"
    assert done["progress"] == 100
    assert backup_mocks.jobs.get("vcenter", job["id"])["vendorStatus"] == "SUCCEEDED"
    backup_mocks.journal.verify(vendor="vcenter", operation="job.get", count=2)


def test_a_rule_of_the_test_s_tenant_fails_its_job_create_and_no_one_else_s(backup_mocks, backup_mocks_server, vcenter):
    api, tls, session = vcenter
    rule = backup_mocks.rules.add({"match": {"operation": "job.create"}, "respond": {"error": "FEATURE_IN_USE"}})
    status, _, _ = call("POST", api + "/appliance/recovery/backup/job", BACKUP, headers=session, tls=tls)
    assert status == 400

    other = backup_mocks_server.client("someone-else")
    sid = call("POST", api + "/session", headers={"authorization": BASIC, **other.headers}, tls=tls)[1]
    status, job, _ = call("POST", api + "/appliance/recovery/backup/job", BACKUP, headers={"vmware-api-session-id": sid, **other.headers}, tls=tls)
    assert status == 201
    other.reset()

    backup_mocks.rules.remove(rule)
    assert call("POST", api + "/appliance/recovery/backup/job", BACKUP, headers=session, tls=tls)[0] == 201


def test_the_session_is_refused_without_the_right_password(backup_mocks):
    wrong = "Basic " + base64.b64encode(b"administrator@vsphere.local:wrong").decode()
    status, answer, _ = call("POST", backup_mocks.url("vcenter", "https") + "/api/session", headers={"authorization": wrong, **backup_mocks.headers}, tls=trusting(backup_mocks.tls_cert()))
    assert status == 401
    assert answer["error_type"] == "UNAUTHENTICATED"
