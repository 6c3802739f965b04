/**
 * One tenant's vCenter: appliances, each with its users, parts, backup schedules and API
 * sessions (cis.session), and the backup servers' locations the appliances write archives to.
 * Jobs (backup, restore, reconciliation) live in the shared job engine with target = appliance
 * id: backup-jobs.ts, restore.ts. The model speaks the appliance's terms and answers plain data;
 * wire.ts encodes it per dialect.
 */
import { createHash } from 'node:crypto';
import { parseDuration } from '../../src/duration';
import type { TenantHandle } from '../../src/vendor';
import { errors } from './errors';
import type { DayOfWeek } from './recovery-types';

export interface User {
  username: string;
  password: string;
}

export interface PartDef {
  id: string;
  name: string;
  description: string;
  optional: boolean;
  selectedByDefault: boolean;
  sizeMb: number;
}

export interface Session {
  id: string;
  user: string;
  createdAt: number;
  lastAccessedAt: number;
  calls: number;
}

export interface Appliance {
  id: string;
  hostname: string;
  version: string;
  build: string;
  users: User[];
  parts: PartDef[];
  /** A restore is running: backups answer FEATURE_IN_USE until it is cleared. */
  restoreInProgress: boolean;
  /** Restore.job.create is allowed (an appliance after deployment and before firstboot). */
  restoreAllowed: boolean;
  /** What Recovery.get reports. */
  recoverySupported: boolean;
  /** Backup schedules by id (Schedules.create's `schedule`). */
  schedules: Map<string, Schedule>;
  sessionIdleTimeoutMs?: number;
  sessionMaxCalls?: number;
  /** By session id (client-sent ids never reach Object.prototype). */
  sessions: Map<string, Session>;
}

export interface VcenterState {
  /** In scenario order; the first one is also served without a URL prefix. */
  appliances: Appliance[];
  /** Backup servers' directories by location URL (no trailing slash), shared by the tenant's appliances. */
  locations: Map<string, BackupLocation>;
}

/** Schedules.RecurrenceInfo: at hour:minute (UTC, the appliance's default time zone) on `days`, or every day. */
export interface Recurrence {
  minute: number;
  hour: number;
  days?: DayOfWeek[];
}

/** A backup schedule (Schedules.Info, and the secrets it backs up with as digests). */
export interface Schedule {
  id: string;
  /** The optional parts it backs up besides the required ones. */
  parts: string[];
  location: string;
  locationUser?: string;
  locationPasswordDigest?: string;
  backupPasswordDigest?: string;
  enable: boolean;
  recurrence?: Recurrence;
  /** Retained scheduled archives at the location (retention_info.max_count); unset: all. */
  maxCount?: number;
  fastBackup?: boolean;
  createdAt: number;
  /** The last occurrence that fired: a re-armed trigger catches up from there. */
  lastRunAt?: number;
  /** Who created it (Details.Info.user of its backups). */
  user?: string;
}

/** A backup archive: one folder `vCenter/sn_<system name>/<id>` at a location. */
export interface Archive {
  /** `S_<version>_<YYYYMMDD-HHMMSS>_` for scheduled backups, `M_…` for manual ones. */
  id: string;
  systemName: string;
  version: string;
  parts: string[];
  comment: string;
  startedAt: number;
  completedAt: number;
  scheduled: boolean;
  /** Digest of the backup password when the archive is encrypted. */
  passwordDigest?: string;
}

/** A directory on a backup server; `user` and `passwordDigest` are what reading it requires, when set. */
export interface BackupLocation {
  url: string;
  user?: string;
  passwordDigest?: string;
  /** Archives by system name, then by archive id. */
  systems: Map<string, Map<string, Archive>>;
}

/** The session policy of the scenario's options, used where an appliance sets none. */
export interface SessionPolicy {
  idleTimeoutMs?: number;
  maxCalls?: number;
}

export type Tenant = TenantHandle<VcenterState>;

/** The scenario options' session policy (`vendors.vcenter.sessionIdleTimeout`, `sessionMaxCalls`). */
export function sessionPolicy(options: { sessionIdleTimeout?: string | number; sessionMaxCalls?: number }): SessionPolicy {
  return {
    ...(options.sessionIdleTimeout !== undefined ? { idleTimeoutMs: parseDuration(options.sessionIdleTimeout) } : {}),
    ...(options.sessionMaxCalls !== undefined ? { maxCalls: options.sessionMaxCalls } : {}),
  };
}

/** Secrets the model keeps (backup and location passwords) are digests: state snapshots show no password. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The appliance addressed by `/appliances/:appliance/...`, else the first one. */
export function applianceOf(state: VcenterState, id: string | undefined): Appliance {
  if (id === undefined) return state.appliances[0];
  const found = state.appliances.find((a) => a.id === id);
  if (!found) throw errors.noAppliance(id);
  return found;
}

// ---- sessions (com.vmware.cis.session) --------------------------------------------------------

/** Principal keys for tenant lookup. */
export const sessionPrincipal = (sid: string) => `sid:${sid}`;
export const userPrincipal = (user: string) => `user:${user}`;

/** Session ids look like vCenter's: 32 lower-case hex digits. */
function newSessionId(random: () => number): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out;
}

/**
 * Sessions one appliance keeps at most; beyond it the least recently used goes (vCenter's own
 * session manager refuses logins past its limit instead; evicting keeps a long test run's memory
 * bounded without failing its logins).
 */
export const MAX_SESSIONS = 2000;

export function login(tenant: Tenant, appliance: Appliance, username: string | undefined, password: string | undefined, policy: SessionPolicy = {}): Session {
  if (username === undefined || password === undefined) throw errors.unauthenticated();
  const user = appliance.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  if (!user || user.password !== password) throw errors.badCredentials();
  let id = newSessionId(tenant.random);
  while (appliance.sessions.has(id)) id = newSessionId(tenant.random);
  const now = tenant.clock.now();
  const session: Session = { id, user: user.username, createdAt: now, lastAccessedAt: now, calls: 0 };
  appliance.sessions.set(id, session);
  tenant.bind(sessionPrincipal(id));
  if (appliance.sessions.size > MAX_SESSIONS) {
    purgeIdleSessions(tenant, appliance, policy);
    // Least recently used first: authenticate() moves a session to the end.
    for (const oldest of appliance.sessions.keys()) {
      if (appliance.sessions.size <= MAX_SESSIONS) break;
      logout(tenant, appliance, oldest);
    }
  }
  return session;
}

/** The live session for `sid`, touched; UNAUTHENTICATED when missing, expired or used up. */
export function authenticate(tenant: Tenant, appliance: Appliance, sid: string | undefined, policy: SessionPolicy): Session {
  const session = sid !== undefined ? appliance.sessions.get(sid) : undefined;
  if (!session) throw errors.unauthenticated();
  const now = tenant.clock.now();
  const idle = appliance.sessionIdleTimeoutMs ?? policy.idleTimeoutMs;
  const maxCalls = appliance.sessionMaxCalls ?? policy.maxCalls;
  if ((idle !== undefined && now - session.lastAccessedAt > idle) || (maxCalls !== undefined && session.calls >= maxCalls)) {
    logout(tenant, appliance, session.id);
    throw errors.unauthenticated();
  }
  session.calls++;
  session.lastAccessedAt = now;
  appliance.sessions.delete(session.id);
  appliance.sessions.set(session.id, session);
  return session;
}

export function logout(tenant: Tenant, appliance: Appliance, sid: string): void {
  appliance.sessions.delete(sid);
  tenant.unbind(sessionPrincipal(sid));
}

/** Forget sessions idle past the policy (a sweep keeps a long run's session table bounded). */
export function purgeIdleSessions(tenant: Tenant, appliance: Appliance, policy: SessionPolicy): void {
  const idle = appliance.sessionIdleTimeoutMs ?? policy.idleTimeoutMs;
  if (idle === undefined) return;
  const now = tenant.clock.now();
  for (const s of [...appliance.sessions.values()]) if (now - s.lastAccessedAt > idle) logout(tenant, appliance, s.id);
}

