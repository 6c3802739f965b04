"""The admin client: each test's tenant apart in time and state, and refusals as exceptions."""

import pytest

from backup_mocks import AdminError, Harness, VerificationError


def test_each_tenant_moves_its_own_clock_and_leaves_the_others_where_they_are(backup_mocks, backup_mocks_server):
    other = backup_mocks_server.client("other-worker")
    start = other.clock.now()
    moved = backup_mocks.clock.advance("2h")
    assert moved["own"] is True
    assert backup_mocks.clock.now() == moved["now"] != start
    assert other.clock.now() == start
    backup_mocks.clock.set("2030-01-01T00:00:00Z")
    assert backup_mocks.clock.now() == "2030-01-01T00:00:00.000Z"
    assert backup_mocks.clock.mode("x60")["scale"] == 60
    other.reset()


def test_bad_input_is_refused_with_the_admin_api_s_reason(backup_mocks):
    with pytest.raises(AdminError) as refused:
        backup_mocks.clock.advance("soon")
    assert refused.value.status == 400
    with pytest.raises(AdminError, match="404: no vcenter job nope"):
        backup_mocks.jobs.get("vcenter", "nope")
    with pytest.raises(AdminError, match="400"):
        backup_mocks.rules.add({"match": {"operation": "job.create"}, "respond": {"status": 42}})


def test_verify_fails_as_an_assertion_naming_the_tenant_s_last_requests(backup_mocks):
    from .vendor_http import call

    assert call("GET", backup_mocks.url("dds") + "/v3", headers=backup_mocks.headers)[0] == 200
    with pytest.raises(VerificationError, match=r"expected exactly 1 matching request\(s\), found 0 .*\n  dds \S+ GET /v3 -> 200$"):
        backup_mocks.journal.verify(vendor="dds", operation="CreateManualBackup", count=1)
    assert backup_mocks.journal.verify(vendor="dds", count=1) == 1
    assert backup_mocks.journal.verify(vendor="dds", at_most=0, operation="CreateManualBackup") == 0
    assert isinstance(VerificationError("x"), AssertionError)


def test_a_job_can_be_forced_to_fail_and_the_vendor_reports_it(backup_mocks):
    from .test_commvault import login
    from .vendor_http import call

    token = login(backup_mocks)[1]["token"]
    api = backup_mocks.url("commvault", "http") + "/webconsole/api"
    job_id = call("POST", api + "/CommServ/DRBackup", {"jobType": 1, "backupType": "1"}, headers={"Authtoken": token})[1]["jobIds"][0]
    forced = backup_mocks.jobs.force("commvault", job_id, state="failed", message="Media not available")
    assert forced["state"] == "failed"
    assert call("GET", f"{api}/Job/{job_id}", headers={"Authtoken": token})[1]["jobs"][0]["jobSummary"]["status"] == "Failed"
    with pytest.raises(AdminError, match="409"):
        backup_mocks.jobs.cancel("commvault", job_id)


def test_a_scenario_can_be_loaded_and_an_invalid_one_is_refused_with_its_issues():
    with Harness.start(scenarios=["vcenter-demo"]) as mocks:
        assert mocks.admin.load_scenario("name: mine\n")["name"] == "mine"
        with pytest.raises(AdminError) as refused:
            mocks.admin.load_scenario("vendors: [not, a, map]\n")
        assert refused.value.status == 400
        assert refused.value.body["issues"]
        assert mocks.admin.load_scenario({"name": "as-json"})["name"] == "as-json"
        assert mocks.client().reset() == {"reset": "all"}
