package backupmocks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"backup-mocks/clients/go/backupmocks"
)

func TestEachTenantMovesItsOwnClock(t *testing.T) {
	mocks := backupmocks.Start(t)
	a, b := mocks.Tenant("worker-a"), mocks.Tenant("worker-b")
	start, err := b.Clock()
	if err != nil {
		t.Fatal(err)
	}
	moved, err := a.Advance("2h")
	if err != nil || !moved.Own || moved.Now.Sub(start.Now) != 2*time.Hour {
		t.Fatalf("advance: %+v %v", moved, err)
	}
	if still, _ := b.Clock(); !still.Now.Equal(start.Now) {
		t.Fatalf("worker-b's clock moved to %v", still.Now)
	}
	to := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	if set, err := a.SetTime(to); err != nil || !set.Now.Equal(to) {
		t.Fatalf("set: %+v %v", set, err)
	}
	if mode, err := a.SetClockMode("x60"); err != nil || mode.Scale != 60 {
		t.Fatalf("mode: %+v %v", mode, err)
	}
}

func TestATenantsRequestsJobsAndRulesAreItsOwn(t *testing.T) {
	mocks := backupmocks.Start(t)
	a := mocks.Tenant("worker-a")
	vcenter := mocks.URL("vcenter", "http") + "/api/session"
	login := func(client *backupmocks.Client) int {
		req, _ := http.NewRequest("POST", vcenter, nil)
		req.SetBasicAuth("administrator@vsphere.local", "VMware1!")
		res, err := (&http.Client{Transport: client.Transport(&http.Transport{Proxy: nil})}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	id, err := a.AddRule(backupmocks.Rule{"match": map[string]any{"operation": "session.create"}, "respond": map[string]any{"status": 503}})
	if err != nil {
		t.Fatal(err)
	}
	if got := login(a); got != 503 {
		t.Fatalf("worker-a's login with its rule: %d", got)
	}
	if got := login(mocks.Admin); got != 201 {
		t.Fatalf("the default tenant's login: %d", got)
	}
	if err := a.RemoveRule(id); err != nil {
		t.Fatal(err)
	}
	if got := login(a); got != 201 {
		t.Fatalf("worker-a's login without the rule: %d", got)
	}
	if n, err := a.Count(backupmocks.Criteria{Operation: "session.create"}); err != nil || n != 2 {
		t.Fatalf("worker-a's journal: %d %v", n, err)
	}
	if err := a.VerifyAtLeast(backupmocks.Criteria{Operation: "session.create", Status: 201}, 1); err != nil {
		t.Fatal(err)
	}
	if err := a.Reset(); err != nil {
		t.Fatal(err)
	}
}

func TestRefusalsAreAdminErrorsWithTheReason(t *testing.T) {
	mocks := backupmocks.Start(t)
	var refused *backupmocks.AdminError
	if _, err := mocks.Admin.Advance("soon"); !errors.As(err, &refused) || refused.Status != 400 {
		t.Fatalf("advance soon: %v", err)
	}
	if _, err := mocks.Admin.Job("vcenter", "nope"); !errors.As(err, &refused) || refused.Status != 404 || !strings.Contains(refused.Message, "no vcenter job nope") {
		t.Fatalf("an unknown job: %v", err)
	}
	err := mocks.Admin.Verify(backupmocks.Criteria{Vendor: "dds", Operation: "CreateManualBackup"}, 1)
	if !errors.As(err, &refused) || refused.Status != 409 || !strings.Contains(err.Error(), "found 0") || !strings.Contains(err.Error(), "the last requests:") {
		t.Fatalf("a verify that does not hold: %v", err)
	}
	if err := mocks.Admin.LoadScenario("vendors: [not, a, map]\n"); !errors.As(err, &refused) || refused.Status != 400 || !strings.Contains(string(refused.Body), `"issues"`) {
		t.Fatalf("an invalid scenario: %v", err)
	}
	if err := mocks.Admin.LoadScenario("name: mine\n"); err != nil {
		t.Fatal(err)
	}
}

func TestAJobForcedToFailIsReportedByTheVendor(t *testing.T) {
	mocks := backupmocks.Start(t)
	_, token, ddsv3 := keystoneToken(t, mocks.URL("dds", "http")+"/v3", ddsPassword)
	var created struct {
		JobID string `json:"job_id"`
	}
	call(t, "POST", ddsv3+"/backups", token, map[string]any{"backup": map[string]any{"instance_id": ddsInstance, "name": "doomed"}}, &created)
	job, err := mocks.Admin.ForceJob("dds", created.JobID, backupmocks.JobFields{State: "failed", Message: "OBS bucket unavailable"})
	if err != nil || job.State != "failed" {
		t.Fatalf("force: %+v %v", job, err)
	}
	var answer struct {
		Job struct{ Status string } `json:"job"`
	}
	call(t, "GET", ddsv3+"/jobs?id="+created.JobID, token, nil, &answer)
	if answer.Job.Status != "Failed" {
		t.Fatalf("the vendor reports %q", answer.Job.Status)
	}
	var refused *backupmocks.AdminError
	if _, err := mocks.Admin.CancelJob("dds", created.JobID); !errors.As(err, &refused) || refused.Status != 409 {
		t.Fatalf("cancel a failed job: %v", err)
	}
}
