// Package backupmocks runs backup-mocks, the mock servers of the Commvault, Metallic, Open
// Telekom Cloud DDS, Virtuozzo and vCenter backup APIs, for Go tests: Start serves every vendor
// on ephemeral ports and stops it when the test ends; Client drives the admin API (the virtual
// clock, jobs, the request journal, rules, the scenario, reset), bound to a tenant.
//
//	func TestBackup(t *testing.T) {
//		mocks := backupmocks.Start(t)
//		dds := mocks.URL("dds", "http")
//		// ... run the code under test against dds ...
//		mocks.Admin.Advance("10m")
//		if err := mocks.Admin.Verify(backupmocks.Criteria{Vendor: "dds", Operation: "CreateManualBackup"}, 1); err != nil {
//			t.Fatal(err)
//		}
//	}
package backupmocks

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	defaultStartTimeout = 30 * time.Second
	// How long POST /shutdown may take before the process group is terminated.
	stopTimeout = 10 * time.Second
	pollEvery   = 20 * time.Millisecond
)

// URLs are the listeners of a running harness, as its ready file gives them.
type URLs struct {
	Admin   string                       `json:"admin"`
	Vendors map[string]map[string]string `json:"vendors"`
}

// Harness is a running `backup-mocks serve`.
type Harness struct {
	URLs URLs
	// Admin is a client for the scenario's default tenant; Tenant gives one for another.
	Admin *Client
	// PID is the started process's id (it leads a process group of its own); 0 from Connect.
	PID int

	cmd      *exec.Cmd
	dir      string
	exited   chan struct{}
	stopOnce sync.Once
	stopErr  error
}

type config struct {
	command   []string
	scenarios []string
	clock     string
	args      []string
	dir       string
	timeout   time.Duration
}

// Option changes how Start and Launch run the command.
type Option func(*config)

// WithCommand runs this command instead of the one found from the working folder
// (node_modules/backup-mocks, a checkout of backup-mocks, or backup-mocks on PATH).
func WithCommand(argv ...string) Option { return func(c *config) { c.command = argv } }

// WithScenario serves these scenario files or shipped scenario names (e.g. "vcenter-demo").
func WithScenario(names ...string) Option {
	return func(c *config) { c.scenarios = append(c.scenarios, names...) }
}

// WithClock sets the clock: "manual" (the default here: time moves only through the admin
// API), "real" or "xN" (N times faster).
func WithClock(mode string) Option { return func(c *config) { c.clock = mode } }

// WithArgs passes further flags to `backup-mocks serve`.
func WithArgs(args ...string) Option { return func(c *config) { c.args = append(c.args, args...) } }

// WithDir runs the command in dir (relative scenario paths resolve there, and the command is
// looked for from there).
func WithDir(dir string) Option { return func(c *config) { c.dir = dir } }

// WithStartTimeout bounds the wait for every listener to be up (30 s by default).
func WithStartTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// Start serves backup-mocks on ephemeral ports for the test and registers its stop with
// t.Cleanup, so it stops however the test ends. It fails the test if the command cannot start.
func Start(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	h, err := Launch(opts...)
	if err != nil {
		t.Fatalf("backupmocks: %v", err)
	}
	t.Cleanup(func() {
		if err := h.Stop(); err != nil {
			t.Errorf("backupmocks: %v", err)
		}
	})
	return h
}

// Launch serves backup-mocks on ephemeral ports until Stop (for a TestMain that shares one
// harness between tests: call Stop before os.Exit).
func Launch(opts ...Option) (*Harness, error) {
	cfg := config{clock: "manual", timeout: defaultStartTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	argv := cfg.command
	if len(argv) == 0 {
		found, err := FindCommand(cfg.dir)
		if err != nil {
			return nil, err
		}
		argv = found
	}
	dir, err := os.MkdirTemp("", "backup-mocks-")
	if err != nil {
		return nil, err
	}
	readyFile := filepath.Join(dir, "ready.json")
	flags := []string{"serve", "--port-base", "0", "--quiet", "--clock", cfg.clock, "--ready-file", readyFile}
	for _, s := range cfg.scenarios {
		flags = append(flags, "--scenario", s)
	}
	flags = append(flags, cfg.args...)
	line := strings.Join(append(append([]string{}, argv...), flags...), " ")

	// Output to a file, not a pipe: Wait then never waits for a grandchild holding the pipe open.
	log, err := os.Create(filepath.Join(dir, "output.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer log.Close()
	cmd := exec.Command(argv[0], append(argv[1:], flags...)...)
	cmd.Dir = cfg.dir
	cmd.Stdout = log
	cmd.Stderr = log
	ownProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cannot run %s: %w", line, err)
	}
	h := &Harness{PID: cmd.Process.Pid, cmd: cmd, dir: dir, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(h.exited)
	}()

	// A real process starting: wait for its ready file (written atomically) or its exit.
	deadline := time.Now().Add(cfg.timeout)
	for {
		raw, err := os.ReadFile(readyFile)
		if err == nil {
			var ready struct {
				URLs URLs `json:"urls"`
			}
			if err := json.Unmarshal(raw, &ready); err != nil {
				h.Stop()
				return nil, fmt.Errorf("%s: unreadable ready file: %w", line, err)
			}
			h.URLs = ready.URLs
			h.Admin = NewClient(ready.URLs.Admin)
			return h, nil
		}
		select {
		case <-h.exited:
			out := h.Output()
			h.Stop()
			return nil, fmt.Errorf("%s exited with code %d%s", line, cmd.ProcessState.ExitCode(), withOutput(out))
		default:
		}
		if time.Now().After(deadline) {
			out := h.Output()
			h.Stop()
			return nil, fmt.Errorf("%s was not ready within %s%s", line, cfg.timeout, withOutput(out))
		}
		time.Sleep(pollEvery)
	}
}

// Connect is a harness for a server started elsewhere (a CI service container): its URLs come
// from GET /vendors, on the host adminURL names. Stop leaves that server running.
func Connect(adminURL string) (*Harness, error) {
	admin := NewClient(adminURL)
	urls, err := admin.ServedURLs()
	if err != nil {
		return nil, fmt.Errorf("backup-mocks at %s: %w", adminURL, err)
	}
	return &Harness{URLs: urls, Admin: admin}, nil
}

func withOutput(out string) string {
	if out = strings.TrimSpace(out); out == "" {
		return ""
	}
	return ":\n" + out
}

// URL is one listener's base URL, e.g. URL("vcenter", "https"); "" when it is not served.
func (h *Harness) URL(vendor, listener string) string {
	return h.URLs.Vendors[vendor][listener]
}

// Tenant is an admin client bound to tenant (state, jobs, journal and clock of its own).
func (h *Harness) Tenant(name string) *Client {
	return h.Admin.ForTenant(name)
}

// Output is what the command printed (with --quiet: errors only).
func (h *Harness) Output() string {
	if h.dir == "" {
		return ""
	}
	out, _ := os.ReadFile(filepath.Join(h.dir, "output.log"))
	return string(out)
}

// Stop sends POST /shutdown, then terminates the process group; it may be called more than once.
// A harness from Connect leaves its server running.
func (h *Harness) Stop() error {
	if h.cmd == nil {
		return nil
	}
	h.stopOnce.Do(func() {
		select {
		case <-h.exited:
		default:
			if h.Admin != nil && h.Admin.Shutdown() == nil {
				select {
				case <-h.exited:
				case <-time.After(stopTimeout):
				}
			}
		}
		h.stopErr = terminateGroup(h.cmd, h.exited)
		if err := os.RemoveAll(h.dir); err != nil && h.stopErr == nil {
			h.stopErr = err
		}
	})
	return h.stopErr
}

// FindCommand finds the command that runs backup-mocks the way a project has it, from dir
// (the working folder when ""): $BACKUP_MOCKS_COMMAND (split at spaces); the package in
// node_modules/ of dir or a folder above it (npm install --save-dev); a checkout of
// backup-mocks itself (its own bin/); backup-mocks on PATH (npm install -g).
func FindCommand(dir string) ([]string, error) {
	if given := strings.Fields(os.Getenv("BACKUP_MOCKS_COMMAND")); len(given) > 0 {
		return given, nil
	}
	if dir == "" {
		dir = "."
	}
	here, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for folder := here; ; folder = filepath.Dir(folder) {
		installed := filepath.Join(folder, "node_modules", "backup-mocks", "bin", "backup-mocks.js")
		own := filepath.Join(folder, "bin", "backup-mocks.js")
		for _, script := range []string{installed, own} {
			if isFile(script) && (script == installed || isCheckout(folder)) {
				node, err := exec.LookPath("node")
				if err != nil {
					return nil, fmt.Errorf("found %s, but no node on PATH to run it (backup-mocks needs Node.js 20 or later)", script)
				}
				return []string{node, script}, nil
			}
		}
		if filepath.Dir(folder) == folder {
			break
		}
	}
	if onPath, err := exec.LookPath("backup-mocks"); err == nil {
		return []string{onPath}, nil
	}
	return nil, errors.New("backup-mocks not found from " + here + ": install it in the project (npm install --save-dev <tarball>), or set BACKUP_MOCKS_COMMAND (e.g. \"npx backup-mocks\")")
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

func isCheckout(folder string) bool {
	raw, err := os.ReadFile(filepath.Join(folder, "package.json"))
	if err != nil {
		return false
	}
	var manifest struct {
		Name string `json:"name"`
	}
	return json.Unmarshal(raw, &manifest) == nil && manifest.Name == "backup-mocks"
}
