package backupmocks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TenantHeader puts a vendor request in a tenant.
const TenantHeader = "x-mock-tenant"

// Client calls the admin API. With a Tenant, the clock, jobs, journal, rules and reset are that
// tenant's (?tenant=, the journal criterion tenant, a rule's match.tenant); without one they are
// the shared clock, every job and the whole journal.
type Client struct {
	BaseURL string
	Tenant  string
	HTTP    *http.Client
}

// NewClient is a client of the admin API at adminURL, bound to no tenant. Its HTTP client uses
// no proxy: the admin API is on loopback or a CI service.
func NewClient(adminURL string) *Client {
	return &Client{
		BaseURL: strings.TrimRight(adminURL, "/"),
		HTTP:    &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}},
	}
}

// ForTenant is the same server, bound to tenant.
func (c *Client) ForTenant(tenant string) *Client {
	bound := *c
	bound.Tenant = tenant
	return &bound
}

// Transport wraps base (http.DefaultTransport when nil) to send this client's tenant header on
// every request: hand it to a vendor SDK's http.Client.
func (c *Client) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return tenantTransport{tenant: c.Tenant, base: base}
}

type tenantTransport struct {
	tenant string
	base   http.RoundTripper
}

func (t tenantTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.tenant == "" {
		return t.base.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set(TenantHeader, t.tenant)
	return t.base.RoundTrip(req)
}

// AdminError is a refusal from the admin API: its status and {"error": ...} message.
type AdminError struct {
	Status  int
	Message string
	Body    json.RawMessage
}

func (e *AdminError) Error() string { return fmt.Sprintf("admin API %d: %s", e.Status, e.Message) }

// ClockState is what the clock routes answer.
type ClockState struct {
	Now           time.Time `json:"now"`
	EpochMs       int64     `json:"epochMs,omitempty"`
	Mode          string    `json:"mode,omitempty"`
	Scale         float64   `json:"scale,omitempty"`
	PendingTimers int       `json:"pendingTimers,omitempty"`
	AdvancedMs    int64     `json:"advancedMs,omitempty"`
	FiredTimers   int       `json:"firedTimers,omitempty"`
	Tenant        string    `json:"tenant,omitempty"`
	// Own says whether the tenant runs a clock of its own.
	Own bool `json:"own,omitempty"`
}

// Job is a neutral job, with the vendor's own word for its state (VendorStatus).
type Job struct {
	ID           string         `json:"id"`
	Vendor       string         `json:"vendor"`
	Tenant       string         `json:"tenant"`
	Operation    string         `json:"operation"`
	Target       string         `json:"target,omitempty"`
	Nth          int            `json:"nth"`
	State        string         `json:"state"`
	Progress     float64        `json:"progress"`
	Phase        string         `json:"phase,omitempty"`
	Message      string         `json:"message,omitempty"`
	Error        string         `json:"error,omitempty"`
	Status       string         `json:"status,omitempty"`
	VendorStatus string         `json:"vendorStatus,omitempty"`
	Data         map[string]any `json:"data,omitempty"`
	// Virtual times, epoch milliseconds.
	CreatedAt int64 `json:"createdAt"`
	StartedAt int64 `json:"startedAt,omitempty"`
	EndedAt   int64 `json:"endedAt,omitempty"`
	UpdatedAt int64 `json:"updatedAt"`
}

// JobFilter narrows Jobs; empty fields match any.
type JobFilter struct {
	Vendor, State, Operation string
}

// JobFields are the fields ForceJob sets now (state: queued, running, suspended, succeeded,
// failed, cancelled).
type JobFields struct {
	State    string   `json:"state,omitempty"`
	Progress *float64 `json:"progress,omitempty"`
	Phase    string   `json:"phase,omitempty"`
	Message  string   `json:"message,omitempty"`
	Error    string   `json:"error,omitempty"`
	Status   string   `json:"status,omitempty"`
}

// Criteria select journal entries; strings match exactly, or as RE2 when written "re:<pattern>".
type Criteria struct {
	Vendor       string            `json:"vendor,omitempty"`
	Tenant       string            `json:"tenant,omitempty"`
	Operation    string            `json:"operation,omitempty"`
	Method       string            `json:"method,omitempty"`
	Path         string            `json:"path,omitempty"`
	Listener     string            `json:"listener,omitempty"`
	Rule         string            `json:"rule,omitempty"`
	BodyContains string            `json:"bodyContains,omitempty"`
	Status       int               `json:"status,omitempty"`
	Matched      *bool             `json:"matched,omitempty"`
	Since        int               `json:"since,omitempty"`
	Headers      map[string]string `json:"headers,omitempty"`
}

// Entry is one journalled request (request headers and bodies masked as the journal keeps them).
type Entry struct {
	ID          int               `json:"id"`
	WallTime    string            `json:"wallTime"`
	VirtualTime string            `json:"virtualTime"`
	Vendor      string            `json:"vendor"`
	Listener    string            `json:"listener"`
	Tenant      string            `json:"tenant"`
	Operation   string            `json:"operation"`
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Query       map[string]string `json:"query,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	Body        string            `json:"body,omitempty"`
	Status      int               `json:"status"`
	DurationMs  float64           `json:"durationMs"`
	Rule        string            `json:"rule,omitempty"`
	Matched     bool              `json:"matched"`
}

// Rule is a scenario rule: match, then respond, fault, delay... (README, "Rules and faults").
type Rule map[string]any

// ServedURLs is every listener's URL from GET /vendors, on the host this client reaches the admin
// API by (a server in a container reports the addresses it bound).
func (c *Client) ServedURLs() (URLs, error) {
	var out struct {
		Vendors []struct {
			Name string            `json:"name"`
			URLs map[string]string `json:"urls"`
		} `json:"vendors"`
	}
	if err := c.do("GET", "/vendors", nil, nil, &out); err != nil {
		return URLs{}, err
	}
	admin, err := url.Parse(c.BaseURL)
	if err != nil {
		return URLs{}, err
	}
	urls := URLs{Admin: c.BaseURL, Vendors: map[string]map[string]string{}}
	for _, v := range out.Vendors {
		urls.Vendors[v.Name] = map[string]string{}
		for name, raw := range v.URLs {
			u, err := url.Parse(raw)
			if err != nil {
				return URLs{}, err
			}
			u.Host = net.JoinHostPort(admin.Hostname(), u.Port())
			urls.Vendors[v.Name][name] = u.String()
		}
	}
	return urls, nil
}

// Health answers nil when the admin API is up.
func (c *Client) Health() error { return c.do("GET", "/health", nil, nil, nil) }

// Clock is the tenant's virtual clock (its own, or the shared one it follows).
func (c *Client) Clock() (ClockState, error) {
	var s ClockState
	return s, c.do("GET", "/clock", c.tenantQuery(nil), nil, &s)
}

// Advance moves the tenant's clock forward ("90s", "2h", "1d"), firing every due job step in
// order. Moving it gives the tenant a clock of its own: the other tenants stay where they are.
func (c *Client) Advance(by string) (ClockState, error) {
	var s ClockState
	return s, c.do("POST", "/clock/advance", c.tenantQuery(nil), map[string]string{"by": by}, &s)
}

// SetTime jumps the tenant's clock forward to t.
func (c *Client) SetTime(t time.Time) (ClockState, error) {
	var s ClockState
	return s, c.do("POST", "/clock/set", c.tenantQuery(nil), map[string]string{"to": t.UTC().Format(time.RFC3339Nano)}, &s)
}

// SetClockMode sets "manual", "real" or "xN", keeping the time.
func (c *Client) SetClockMode(mode string) (ClockState, error) {
	var s ClockState
	return s, c.do("POST", "/clock/mode", c.tenantQuery(nil), map[string]string{"mode": mode}, &s)
}

// Jobs lists the tenant's jobs.
func (c *Client) Jobs(f JobFilter) ([]Job, error) {
	q := c.tenantQuery(url.Values{})
	for k, v := range map[string]string{"vendor": f.Vendor, "state": f.State, "operation": f.Operation} {
		if v != "" {
			q.Set(k, v)
		}
	}
	var out struct {
		Jobs []Job `json:"jobs"`
	}
	return out.Jobs, c.do("GET", "/jobs", q, nil, &out)
}

// Job is one of the tenant's jobs.
func (c *Client) Job(vendor, id string) (Job, error) {
	var j Job
	return j, c.do("GET", jobPath(vendor, id, ""), c.tenantQuery(nil), nil, &j)
}

// ForceJob sets fields of a job now (e.g. State: "failed", Message: "...").
func (c *Client) ForceJob(vendor, id string, fields JobFields) (Job, error) {
	var j Job
	return j, c.do("POST", jobPath(vendor, id, "state"), c.tenantQuery(nil), fields, &j)
}

// CancelJob cancels a job (an *AdminError with status 409 when it cannot be).
func (c *Client) CancelJob(vendor, id string) (Job, error) { return c.jobAction(vendor, id, "cancel") }

// SuspendJob suspends a running job.
func (c *Client) SuspendJob(vendor, id string) (Job, error) {
	return c.jobAction(vendor, id, "suspend")
}

// ResumeJob resumes a suspended job.
func (c *Client) ResumeJob(vendor, id string) (Job, error) { return c.jobAction(vendor, id, "resume") }

func (c *Client) jobAction(vendor, id, action string) (Job, error) {
	var j Job
	return j, c.do("POST", jobPath(vendor, id, action), c.tenantQuery(nil), struct{}{}, &j)
}

// Find is the tenant's journal entries matching criteria.
func (c *Client) Find(criteria Criteria) ([]Entry, error) {
	var out struct {
		Requests []Entry `json:"requests"`
	}
	return out.Requests, c.do("POST", "/journal/find", nil, c.bound(criteria), &out)
}

// Count is how many of the tenant's requests match criteria.
func (c *Client) Count(criteria Criteria) (int, error) {
	var out struct {
		Count int `json:"count"`
	}
	return out.Count, c.do("POST", "/journal/count", nil, c.bound(criteria), &out)
}

// Verify checks that exactly count of the tenant's requests match; its error names what was
// found and the tenant's last requests.
func (c *Client) Verify(criteria Criteria, count int) error {
	return c.verify(criteria, map[string]int{"count": count})
}

// VerifyAtLeast checks that at least n of the tenant's requests match.
func (c *Client) VerifyAtLeast(criteria Criteria, n int) error {
	return c.verify(criteria, map[string]int{"atLeast": n})
}

func (c *Client) verify(criteria Criteria, count map[string]int) error {
	body := map[string]any{"criteria": c.bound(criteria)}
	for k, v := range count {
		body[k] = v
	}
	err := c.do("POST", "/journal/verify", nil, body, nil)
	refused, ok := err.(*AdminError)
	if !ok || refused.Status != 409 || !bytes.Contains(refused.Body, []byte(`"details"`)) {
		return err
	}
	var last struct {
		Requests []Entry `json:"requests"`
	}
	q := c.tenantQuery(url.Values{"limit": {"5"}, "brief": {"true"}})
	if err := c.do("GET", "/journal", q, nil, &last); err != nil {
		return refused
	}
	lines := []string{refused.Message + " for " + string(mustJSON(c.bound(criteria))) + "; the last requests:"}
	for _, e := range last.Requests {
		lines = append(lines, fmt.Sprintf("  %s %s %s %s -> %d", e.Vendor, e.Operation, e.Method, e.Path, e.Status))
	}
	if len(last.Requests) == 0 {
		lines = append(lines, "  (none)")
	}
	refused.Message = strings.Join(lines, "\n")
	return refused
}

// ClearJournal empties the whole journal (every tenant's).
func (c *Client) ClearJournal() error { return c.do("DELETE", "/journal", nil, nil, nil) }

// Rules lists the live rules with their hit counts.
func (c *Client) Rules() ([]Rule, error) {
	var out struct {
		Rules []Rule `json:"rules"`
	}
	return out.Rules, c.do("GET", "/rules", nil, nil, &out)
}

// AddRule adds a rule and answers its id; a bound client's rule matches only its tenant.
func (c *Client) AddRule(rule Rule) (int, error) {
	spec := Rule{}
	for k, v := range rule {
		spec[k] = v
	}
	if c.Tenant != "" {
		match := map[string]any{"tenant": c.Tenant}
		if given, ok := rule["match"].(map[string]any); ok {
			for k, v := range given {
				match[k] = v
			}
		}
		spec["match"] = match
	}
	var out struct {
		ID int `json:"id"`
	}
	return out.ID, c.do("POST", "/rules", nil, spec, &out)
}

// RemoveRule removes a rule by id.
func (c *Client) RemoveRule(id int) error {
	return c.do("DELETE", "/rules/"+strconv.Itoa(id), nil, nil, nil)
}

// LoadScenario replaces the scenario, for every tenant, with YAML (or JSON) text.
func (c *Client) LoadScenario(yaml string) error {
	return c.send("POST", "/scenario", nil, "application/yaml", strings.NewReader(yaml), nil)
}

// Reset forgets the tenant's state and jobs (every tenant's, unbound).
func (c *Client) Reset() error { return c.do("POST", "/reset", c.tenantQuery(nil), nil, nil) }

// TLSCert is the PEM certificate the HTTPS listeners present, to trust in a client.
func (c *Client) TLSCert() ([]byte, error) {
	res, err := c.HTTP.Get(c.BaseURL + "/tls/cert")
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	return io.ReadAll(res.Body)
}

// Shutdown stops every listener; the command then exits 0.
func (c *Client) Shutdown() error { return c.do("POST", "/shutdown", nil, nil, nil) }

func (c *Client) bound(criteria Criteria) Criteria {
	if criteria.Tenant == "" {
		criteria.Tenant = c.Tenant
	}
	return criteria
}

func (c *Client) tenantQuery(q url.Values) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if c.Tenant != "" {
		q.Set("tenant", c.Tenant)
	}
	return q
}

func jobPath(vendor, id, action string) string {
	p := "/jobs/" + url.PathEscape(vendor) + "/" + url.PathEscape(id)
	if action != "" {
		p += "/" + action
	}
	return p
}

func mustJSON(v any) []byte {
	raw, _ := json.Marshal(v)
	return raw
}

func (c *Client) do(method, path string, q url.Values, in, out any) error {
	var body io.Reader
	if in != nil {
		body = bytes.NewReader(mustJSON(in))
	}
	return c.send(method, path, q, "application/json", body, out)
}

func (c *Client) send(method, path string, q url.Values, contentType string, body io.Reader, out any) error {
	u := c.BaseURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(raw, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(raw))
		}
		return &AdminError{Status: res.StatusCode, Message: e.Error, Body: raw}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}
