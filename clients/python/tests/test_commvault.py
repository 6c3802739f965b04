"""A Commvault CommServ driven from Python the way cvpysdk drives it (cvpysdk commcell.py, _login)."""

import base64

from .vendor_http import call

USER, PASSWORD = "admin", "Commvault!1"


def login(mocks, password=PASSWORD):
    # cvpysdk sends the password base64-encoded, with mode 4 (its REST login).
    body = {"mode": 4, "username": USER, "password": base64.b64encode(password.encode()).decode()}
    return call("POST", mocks.url("commvault", "http") + "/webconsole/api/Login", body, headers=mocks.headers)


def test_a_login_with_a_base64_password_answers_a_qsdk_token_that_opens_the_api(backup_mocks):
    status, answer, _ = login(backup_mocks)
    assert status == 200
    assert answer["userName"] == USER
    assert answer["token"].startswith("QSDK ")

    status, who, _ = call("GET", backup_mocks.url("commvault", "http") + "/webconsole/api/WhoAmI", headers={"Authtoken": answer["token"]})
    assert status == 200
    assert who["user"]["userName"] == USER
    backup_mocks.journal.verify(vendor="commvault", operation="Login", status=200, count=1)


def test_a_wrong_password_is_refused_in_commvault_s_own_words(backup_mocks):
    status, answer, _ = login(backup_mocks, password="not the password")
    # Commvault answers a failed login 200 with an errList (cvpysdk: "Failed to Login with the credentials provided").
    assert status == 200
    assert answer["errList"][0]["errorCode"] == 5
    assert "token" not in answer
    assert backup_mocks.journal.count(vendor="commvault", operation="Login") == 1


def test_a_dr_backup_runs_on_the_tenant_s_clock_and_completes_when_it_moves(backup_mocks):
    token = login(backup_mocks)[1]["token"]
    api = backup_mocks.url("commvault", "http") + "/webconsole/api"
    status, task, _ = call("POST", api + "/CommServ/DRBackup", {"isCompressionEnabled": "false", "jobType": 1, "backupType": "1"}, headers={"Authtoken": token})
    assert status == 200
    job_id = task["jobIds"][0]

    def summary():
        return call("GET", f"{api}/Job/{job_id}", headers={"Authtoken": token})[1]["jobs"][0]["jobSummary"]

    assert summary()["status"] == "Running"
    assert backup_mocks.jobs.get("commvault", job_id)["state"] == "running"
    backup_mocks.clock.advance("1m")
    assert summary()["status"] == "Completed"
    assert backup_mocks.jobs.list("commvault", state="succeeded")[0]["id"] == job_id
