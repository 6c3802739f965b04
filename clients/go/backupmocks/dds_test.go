package backupmocks_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"backup-mocks/clients/go/backupmocks"
)

const (
	ddsDomain   = "OTC-EU-DE-000000000010000000001"
	ddsUser     = "backup-operator"
	ddsPassword = "Otc-Passw0rd"
	ddsInstance = "a89dab5e39394eccbdb77b19d57b0180in02"
)

// call sends one JSON request, as gophertelekomcloud's ServiceClient does, and decodes the answer.
func call(t *testing.T, method, url, token string, in, out any) *http.Response {
	t.Helper()
	var body io.Reader
	if in != nil {
		raw, _ := json.Marshal(in)
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	res, err := (&http.Client{Transport: &http.Transport{Proxy: nil}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %d %s: %v", method, url, res.StatusCode, raw, err)
		}
	}
	return res
}

type catalog struct {
	Token struct {
		Project struct {
			ID string `json:"id"`
		} `json:"project"`
		Catalog []struct {
			Type      string `json:"type"`
			Endpoints []struct {
				Interface string `json:"interface"`
				URL       string `json:"url"`
			} `json:"endpoints"`
		} `json:"catalog"`
	} `json:"token"`
}

// keystoneToken is gophertelekomcloud's AuthenticatedClient: a project-scoped password token
// (POST /v3/auth/tokens, the token in X-Subject-Token) and the catalog's ddsv3 endpoint.
func keystoneToken(t *testing.T, identity, password string) (*http.Response, string, string) {
	t.Helper()
	auth := map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{"user": map[string]any{
			"name": ddsUser, "password": password, "domain": map[string]any{"name": ddsDomain}}}},
		"scope": map[string]any{"project": map[string]any{"name": "eu-de"}},
	}}
	var answer catalog
	res := call(t, "POST", identity+"/auth/tokens", "", auth, &answer)
	ddsv3 := ""
	for _, service := range answer.Token.Catalog {
		for _, e := range service.Endpoints {
			if service.Type == "ddsv3" && e.Interface == "public" {
				ddsv3 = e.URL
			}
		}
	}
	return res, res.Header.Get("X-Subject-Token"), ddsv3
}

func TestDDSKeystoneTokenThenTheCatalogsDDSEndpointListsInstances(t *testing.T) {
	mocks := backupmocks.Start(t)
	res, token, ddsv3 := keystoneToken(t, mocks.URL("dds", "http")+"/v3", ddsPassword)
	if res.StatusCode != 201 || token == "" {
		t.Fatalf("POST /v3/auth/tokens: %d, X-Subject-Token %q", res.StatusCode, token)
	}
	if !strings.HasPrefix(ddsv3, mocks.URL("dds", "http")+"/v3/") {
		t.Fatalf("the catalog's ddsv3 endpoint is %q", ddsv3)
	}

	var list struct {
		Instances []struct {
			ID, Name, Mode, Status string
		} `json:"instances"`
		TotalCount int `json:"total_count"`
	}
	if res := call(t, "GET", ddsv3+"/instances?mode=ReplicaSet", token, nil, &list); res.StatusCode != 200 {
		t.Fatalf("ListInstances: %d", res.StatusCode)
	}
	if list.TotalCount != 1 || list.Instances[0].ID != ddsInstance || list.Instances[0].Status != "normal" {
		t.Fatalf("ListInstances answered %+v", list)
	}
	if err := mocks.Admin.Verify(backupmocks.Criteria{Vendor: "dds", Operation: "ListInstances", Status: 200}, 1); err != nil {
		t.Fatal(err)
	}
}

func TestDDSWrongPasswordIsRefusedInKeystonesOwnShape(t *testing.T) {
	mocks := backupmocks.Start(t)
	res, token, _ := keystoneToken(t, mocks.URL("dds", "http")+"/v3", "wrong")
	if res.StatusCode != 401 || token != "" {
		t.Fatalf("a wrong password: %d, token %q", res.StatusCode, token)
	}
	found, err := mocks.Admin.Find(backupmocks.Criteria{Operation: "KeystoneCreateUserTokenByPassword"})
	if err != nil || len(found) != 1 || found[0].Status != 401 || strings.Contains(found[0].Body, "wrong") {
		t.Fatalf("the journal holds %+v (%v); the password must be masked", found, err)
	}
}

func TestDDSManualBackupJobCompletesWhenTheClockMoves(t *testing.T) {
	mocks := backupmocks.Start(t)
	_, token, ddsv3 := keystoneToken(t, mocks.URL("dds", "http")+"/v3", ddsPassword)
	var created struct {
		JobID    string `json:"job_id"`
		BackupID string `json:"backup_id"`
	}
	backup := map[string]any{"backup": map[string]any{"instance_id": ddsInstance, "name": "nightly-from-go"}}
	if res := call(t, "POST", ddsv3+"/backups", token, backup, &created); res.StatusCode != 200 || created.JobID == "" {
		t.Fatalf("CreateManualBackup: %d %+v", res.StatusCode, created)
	}
	status := func() string {
		var job struct {
			Job struct{ Status, Progress string } `json:"job"`
		}
		call(t, "GET", ddsv3+"/jobs?id="+created.JobID, token, nil, &job)
		return job.Job.Status + " " + job.Job.Progress
	}
	if got := status(); got != "Running 0%" {
		t.Fatalf("before the clock moves: %q", got)
	}
	if _, err := mocks.Admin.Advance("1m"); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != "Completed " {
		t.Fatalf("a minute later: %q", got)
	}
	jobs, err := mocks.Admin.Jobs(backupmocks.JobFilter{Vendor: "dds", State: "succeeded"})
	if err != nil || len(jobs) != 1 || jobs[0].ID != created.JobID || jobs[0].VendorStatus != "Completed" {
		t.Fatalf("admin jobs: %+v (%v)", jobs, err)
	}
}
