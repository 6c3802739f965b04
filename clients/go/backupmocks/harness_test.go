package backupmocks_test

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"backup-mocks/clients/go/backupmocks"
)

// groupGone reports whether no process of the group pgid is left.
func groupGone(pgid int) bool {
	return errors.Is(syscall.Kill(-pgid, 0), syscall.ESRCH)
}

func TestStartServesEveryVendorOnEphemeralPortsAndCleanupEndsItsProcessGroup(t *testing.T) {
	var pid int
	t.Run("a test using it", func(t *testing.T) {
		mocks := backupmocks.Start(t)
		pid = mocks.PID
		for vendor, listeners := range mocks.URLs.Vendors {
			for name, raw := range listeners {
				u, err := url.Parse(raw)
				if err != nil || u.Hostname() != "127.0.0.1" || u.Port() == "8443" || u.Port() == "8400" {
					t.Errorf("%s %s: %q", vendor, name, raw)
				}
			}
		}
		if len(mocks.URLs.Vendors) != 5 || mocks.URL("vcenter", "https") == "" {
			t.Fatalf("served %v", mocks.URLs.Vendors)
		}
		if err := mocks.Admin.Health(); err != nil {
			t.Fatal(err)
		}
		if groupGone(pid) {
			t.Fatal("no process group while it runs")
		}
	})
	if !groupGone(pid) {
		t.Fatalf("process group %d still running after the test's cleanup", pid)
	}
}

// A helper test run in a child `go test` process (see the test below): it fails on purpose.
func TestHelperThatFails(t *testing.T) {
	pidFile := os.Getenv("BACKUPMOCKS_HELPER_PID_FILE")
	if pidFile == "" {
		t.Skip("run by TestAFailingTestStillStopsTheServer")
	}
	mocks := backupmocks.Start(t)
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(mocks.PID)), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Fatal("a test that fails")
}

func TestAFailingTestStillStopsTheServer(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	child := exec.Command(os.Args[0], "-test.run=^TestHelperThatFails$", "-test.count=1")
	child.Env = append(os.Environ(), "BACKUPMOCKS_HELPER_PID_FILE="+pidFile)
	out, err := child.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 || !strings.Contains(string(out), "a test that fails") {
		t.Fatalf("the helper test should fail: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(string(raw))
	if pid == 0 || !groupGone(pid) {
		t.Fatalf("process group %d of the failed test is still running", pid)
	}
}

func TestAWrapperCommandAndTheServerItStartedAreStoppedTogether(t *testing.T) {
	real, err := backupmocks.FindCommand("")
	if err != nil {
		t.Fatal(err)
	}
	// A wrapper such as npx: a shell that starts node in the background and waits.
	wrapper := filepath.Join(t.TempDir(), "wrapper.sh")
	script := "#!/bin/sh\n'" + strings.Join(real, "' '") + "' \"$@\" &\nwait\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	mocks, err := backupmocks.Launch(backupmocks.WithCommand(wrapper))
	if err != nil {
		t.Fatal(err)
	}
	if err := mocks.Stop(); err != nil {
		t.Fatal(err)
	}
	if !groupGone(mocks.PID) {
		t.Fatalf("process group %d still running", mocks.PID)
	}
	if err := mocks.Stop(); err != nil {
		t.Fatalf("a second Stop: %v", err)
	}
}

func TestStartFailuresSayWhy(t *testing.T) {
	for name, c := range map[string]struct {
		opts []backupmocks.Option
		want string
	}{
		"an unknown scenario": {[]backupmocks.Option{backupmocks.WithScenario("no-such-scenario")}, "exited with code 2:\nerror: no scenario file no-such-scenario"},
		"a bad clock":         {[]backupmocks.Option{backupmocks.WithClock("x0")}, "a scale above 0"},
		"a missing command":   {[]backupmocks.Option{backupmocks.WithCommand("/no/such/backup-mocks")}, "cannot run /no/such/backup-mocks"},
		"a command that never gets ready": {
			[]backupmocks.Option{backupmocks.WithCommand("sh", "-c", "sleep 60", "sh"), backupmocks.WithStartTimeout(200 * time.Millisecond)},
			"was not ready within 200ms",
		},
	} {
		t.Run(name, func(t *testing.T) {
			mocks, err := backupmocks.Launch(c.opts...)
			if err == nil {
				mocks.Stop()
				t.Fatal("started")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%v, want %q", err, c.want)
			}
		})
	}
}

func TestFindCommandTakesTheProjectsNodeModulesAndBackupMocksCommandWins(t *testing.T) {
	project := t.TempDir()
	script := filepath.Join(project, "node_modules", "backup-mocks", "bin", "backup-mocks.js")
	if err := os.MkdirAll(filepath.Dir(script), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(script, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(project, "internal", "backup")
	if err := os.MkdirAll(nested, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BACKUP_MOCKS_COMMAND", "")
	got, err := backupmocks.FindCommand(nested)
	if err != nil || len(got) != 2 || got[1] != script {
		t.Fatalf("FindCommand: %v %v", got, err)
	}
	t.Setenv("BACKUP_MOCKS_COMMAND", "npx --no-install backup-mocks")
	if got, _ := backupmocks.FindCommand(nested); strings.Join(got, " ") != "npx --no-install backup-mocks" {
		t.Fatalf("with BACKUP_MOCKS_COMMAND: %v", got)
	}
}

func TestFindCommandDoesNotTakeAnotherPackagesBin(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "bin", "backup-mocks.js"), nil, 0o600)
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"something-else"}`), 0o600)
	t.Setenv("BACKUP_MOCKS_COMMAND", "")
	t.Setenv("PATH", filepath.Join(dir, "empty"))
	if _, err := backupmocks.FindCommand(dir); err == nil || !strings.Contains(err.Error(), "backup-mocks not found") {
		t.Fatalf("FindCommand: %v", err)
	}
}

func TestConnectReachesARunningServerByTheAdminURLsHostAndLeavesItRunning(t *testing.T) {
	service := backupmocks.Start(t)
	// As a CI job reaches a service container: by a name of its own, here localhost.
	mocks, err := backupmocks.Connect(strings.Replace(service.URLs.Admin, "127.0.0.1", "localhost", 1))
	if err != nil {
		t.Fatal(err)
	}
	dds := mocks.URL("dds", "http")
	if !strings.HasPrefix(dds, "http://localhost:") || strings.TrimPrefix(dds, "http://localhost") != strings.TrimPrefix(service.URL("dds", "http"), "http://127.0.0.1") {
		t.Fatalf("connected DDS URL %q, served %q", dds, service.URL("dds", "http"))
	}
	res, err := (&http.Client{Transport: &http.Transport{Proxy: nil}}).Get(dds + "/v3")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /v3: %v %v", res, err)
	}
	res.Body.Close()
	if err := mocks.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := service.Admin.Verify(backupmocks.Criteria{Vendor: "dds", Operation: "KeystoneShowVersion"}, 1); err != nil {
		t.Fatalf("the server should still be running: %v", err)
	}
}
