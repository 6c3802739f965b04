"""A client of the backup-mocks admin API, bound to one tenant (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Mapping

TENANT_HEADER = "x-mock-tenant"
#: The admin API is on loopback (or a CI service): never through an HTTP proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class AdminError(Exception):
    """The admin API refused a call: ``status`` and its ``{"error": ...}`` message."""

    def __init__(self, status: int, message: str, body: Any = None) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.body = body


class VerificationError(AssertionError):
    """``journal.verify`` did not hold; the message says what was found and the tenant's last requests."""


class AdminClient:
    """The admin API for one tenant: its clock, jobs, journal and rules, the scenario, reset.

    Calls that take a tenant send this client's (``?tenant=``, or the journal criterion
    ``tenant``); with ``tenant=None`` they act on the shared clock, every job and the whole
    journal. Requests a test sends to a vendor belong to the tenant when they carry
    :attr:`headers` (``x-mock-tenant``), or credentials or a token that tenant owns.
    """

    def __init__(self, admin_url: str, tenant: str | None = None, *, urls: Mapping[str, Any] | None = None, timeout: float = 10.0) -> None:
        self.admin_url = admin_url.rstrip("/")
        self.tenant = tenant
        self.urls = dict(urls) if urls is not None else None
        self.timeout = timeout
        self.clock = Clock(self)
        self.jobs = Jobs(self)
        self.journal = Journal(self)
        self.rules = Rules(self)

    def for_tenant(self, tenant: str | None) -> "AdminClient":
        """The same server, another tenant."""
        return AdminClient(self.admin_url, tenant, urls=self.urls, timeout=self.timeout)

    @property
    def headers(self) -> dict[str, str]:
        """Headers that put a vendor request in this client's tenant."""
        return {TENANT_HEADER: self.tenant} if self.tenant is not None else {}

    def url(self, vendor: str, listener: str = "http") -> str:
        """One listener's base URL, e.g. ``url("commvault", "http")``."""
        if self.urls is None:
            self.urls = self.served_urls()
        try:
            return self.urls["vendors"][vendor][listener]
        except KeyError:
            raise KeyError(f"no listener {vendor}/{listener}") from None

    def served_urls(self) -> dict:
        """Every listener's URL, from ``GET /vendors``, on the host this client reaches the admin API
        by: a server in a container or on another host reports the addresses it bound."""
        admin = urllib.parse.urlsplit(self.admin_url).hostname or "127.0.0.1"
        host = f"[{admin}]" if ":" in admin else admin
        vendors = {}
        for v in self.request("GET", "/vendors")["vendors"]:
            vendors[v["name"]] = {name: _on_host(url, host) for name, url in v["urls"].items()}
        return {"admin": self.admin_url, "vendors": vendors}

    # -- the wire ---------------------------------------------------------------------------

    def request(self, method: str, path: str, body: Any = None, *, query: Mapping[str, Any] | None = None, content_type: str = "application/json") -> Any:
        """One admin call: JSON in and out; a 4xx/5xx raises :class:`AdminError`."""
        params = {k: v for k, v in (query or {}).items() if v is not None}
        url = self.admin_url + path + (f"?{urllib.parse.urlencode(params)}" if params else "")
        data = None
        headers = {"accept": "application/json"}
        if body is not None:
            data = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
            headers["content-type"] = content_type
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with _OPENER.open(req, timeout=self.timeout) as res:
                return _decoded(res.read(), res.headers.get_content_type())
        except urllib.error.HTTPError as e:
            answer = _decoded(e.read(), e.headers.get_content_type())
            message = answer.get("error", str(answer)) if isinstance(answer, dict) else str(answer)
            raise AdminError(e.code, message, answer) from None

    def _tenant_query(self, **extra: Any) -> dict[str, Any]:
        return {"tenant": self.tenant, **extra}

    # -- the whole server -------------------------------------------------------------------

    def health(self) -> dict:
        return self.request("GET", "/health")

    def load_scenario(self, scenario: str | Mapping[str, Any]) -> dict:
        """Replace the scenario (YAML text or a mapping) for every tenant: ``POST /scenario``."""
        if isinstance(scenario, str):
            return self.request("POST", "/scenario", scenario, content_type="application/yaml")
        return self.request("POST", "/scenario", dict(scenario))

    def reset(self) -> dict:
        """Forget this tenant's state and jobs (every tenant's, unbound): ``POST /reset``."""
        return self.request("POST", "/reset", query=self._tenant_query())

    def tls_cert(self) -> str:
        """The PEM certificate the HTTPS listeners present, to trust in a client."""
        req = urllib.request.Request(self.admin_url + "/tls/cert")
        with _OPENER.open(req, timeout=self.timeout) as res:
            return res.read().decode("ascii")

    def shutdown(self) -> dict:
        """Stop every listener; the command then exits 0."""
        return self.request("POST", "/shutdown")


class Clock:
    """This tenant's virtual clock. Moving it gives the tenant a clock of its own (others stay put)."""

    def __init__(self, client: AdminClient) -> None:
        self._c = client

    def get(self) -> dict:
        """``{"now", "epochMs", "mode", "scale", "pendingTimers", ...}``."""
        return self._c.request("GET", "/clock", query=self._c._tenant_query())

    def now(self) -> str:
        return self.get()["now"]

    def advance(self, by: str | int) -> dict:
        """Move time forward (``"90s"``, ``"2h"``, or milliseconds), firing every due job step in order."""
        return self._c.request("POST", "/clock/advance", {"by": by}, query=self._c._tenant_query())

    def set(self, to: str | int) -> dict:
        """Jump forward to an ISO time (or epoch milliseconds)."""
        return self._c.request("POST", "/clock/set", {"to": to}, query=self._c._tenant_query())

    def mode(self, mode: str) -> dict:
        """``"manual"``, ``"real"`` or ``"xN"`` (N times faster), keeping the time."""
        return self._c.request("POST", "/clock/mode", {"mode": mode}, query=self._c._tenant_query())


class Jobs:
    """This tenant's jobs, as neutral records with the vendor's own ``vendorStatus`` word."""

    def __init__(self, client: AdminClient) -> None:
        self._c = client

    def list(self, vendor: str | None = None, *, state: str | None = None, operation: str | None = None) -> list[dict]:
        query = self._c._tenant_query(vendor=vendor, state=state, operation=operation)
        return self._c.request("GET", "/jobs", query=query)["jobs"]

    def get(self, vendor: str, job_id: str | int) -> dict:
        return self._c.request("GET", f"/jobs/{_seg(vendor)}/{_seg(job_id)}", query=self._c._tenant_query())

    def force(self, vendor: str, job_id: str | int, **fields: Any) -> dict:
        """Force fields now: ``state``, ``progress``, ``phase``, ``message``, ``error``, ``status``."""
        return self._c.request("POST", f"/jobs/{_seg(vendor)}/{_seg(job_id)}/state", fields, query=self._c._tenant_query())

    def cancel(self, vendor: str, job_id: str | int) -> dict:
        return self._action(vendor, job_id, "cancel")

    def suspend(self, vendor: str, job_id: str | int) -> dict:
        return self._action(vendor, job_id, "suspend")

    def resume(self, vendor: str, job_id: str | int) -> dict:
        return self._action(vendor, job_id, "resume")

    def _action(self, vendor: str, job_id: str | int, action: str) -> dict:
        return self._c.request("POST", f"/jobs/{_seg(vendor)}/{_seg(job_id)}/{action}", {}, query=self._c._tenant_query())


class Journal:
    """The requests this tenant sent. Criteria are the admin API's: ``vendor``, ``operation``,
    ``method``, ``path``, ``status``, ``bodyContains``, ``headers`` ... (exact, or ``re:...``)."""

    def __init__(self, client: AdminClient) -> None:
        self._c = client

    def _criteria(self, criteria: Mapping[str, Any] | None, fields: Mapping[str, Any]) -> dict[str, Any]:
        merged = {**(criteria or {}), **fields}
        if self._c.tenant is not None:
            merged.setdefault("tenant", self._c.tenant)
        return merged

    def find(self, criteria: Mapping[str, Any] | None = None, /, **fields: Any) -> list[dict]:
        return self._c.request("POST", "/journal/find", self._criteria(criteria, fields))["requests"]

    def count(self, criteria: Mapping[str, Any] | None = None, /, **fields: Any) -> int:
        return self._c.request("POST", "/journal/count", self._criteria(criteria, fields))["count"]

    def verify(
        self,
        criteria: Mapping[str, Any] | None = None,
        /,
        *,
        count: int | None = None,
        at_least: int | None = None,
        at_most: int | None = None,
        **fields: Any,
    ) -> int:
        """Assert how many requests match (``count``, or ``at_least``/``at_most``; none: at least one).

        Returns the count; raises :class:`VerificationError` (an ``AssertionError``) naming the
        tenant's last requests when it does not hold.
        """
        body: dict[str, Any] = {"criteria": self._criteria(criteria, fields)}
        for key, value in (("count", count), ("atLeast", at_least), ("atMost", at_most)):
            if value is not None:
                body[key] = value
        try:
            return self._c.request("POST", "/journal/verify", body)["count"]
        except AdminError as e:
            if e.status != 409 or not isinstance(e.body, dict) or "details" not in e.body:
                raise
            last = self._c.request("GET", "/journal", query=self._c._tenant_query(limit=5, brief="true"))["requests"]
            seen = "\n".join(f"  {r['vendor']} {r['operation']} {r['method']} {r['path']} -> {r['status']}" for r in last) or "  (none)"
            raise VerificationError(f"{e.message} for {body['criteria']}; the last requests{_of(self._c.tenant)}:\n{seen}") from None

    def clear(self) -> None:
        """Empty the whole journal (every tenant's)."""
        self._c.request("DELETE", "/journal")


class Rules:
    """Scenario rules added while running. A bound client's rules match only its tenant."""

    def __init__(self, client: AdminClient) -> None:
        self._c = client

    def list(self) -> list[dict]:
        return self._c.request("GET", "/rules")["rules"]

    def add(self, rule: Mapping[str, Any]) -> int:
        """Add a rule (the scenario rule shape: ``match`` + ``respond``/``fault``/``delay``...); returns its id."""
        spec = dict(rule)
        if self._c.tenant is not None:
            spec["match"] = {"tenant": self._c.tenant, **(spec.get("match") or {})}
        return self._c.request("POST", "/rules", spec)["id"]

    def remove(self, rule_id: int) -> None:
        self._c.request("DELETE", f"/rules/{int(rule_id)}")


def _decoded(raw: bytes, content_type: str) -> Any:
    text = raw.decode("utf-8", errors="replace")
    if content_type == "application/json":
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _on_host(url: str, host: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host).geturl()


def _seg(value: str | int) -> str:
    return urllib.parse.quote(str(value), safe="")


def _of(tenant: str | None) -> str:
    return f" of tenant {tenant}" if tenant is not None else ""
