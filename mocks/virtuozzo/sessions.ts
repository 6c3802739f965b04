/**
 * The agent's users and sessionm sessions: logins check a tenant's users; a session id is a
 * principal any connection may present in `<session>` until it goes unused for the scenario's
 * `sessionTimeout` (virtual time). Sessions are kept in order of last use, so expired ones are
 * purged from the front and a tenant never holds more than MAX_SESSIONS.
 */
import { AgentError } from './errors';
import type { Session, VirtuozzoState, VirtuozzoUser } from './model';

/** A tenant keeps at most this many sessions; the least recently used go first. */
export const MAX_SESSIONS = 10_000;

export interface LoginRequest {
  name: string;
  password: string;
  /** The system realm when the client sends none. */
  realm: string;
}

/** The user these credentials name; throws badCredentials. */
export function authenticate(state: VirtuozzoState, login: LoginRequest): VirtuozzoUser {
  const user = state.users.get(login.name);
  if (!user || user.password !== login.password || user.realm.toLowerCase() !== login.realm.toLowerCase()) throw new AgentError('badCredentials');
  return user;
}

/** The client name the agent gives a connection at its first login (`vzclient3`). */
export function nextClientName(state: VirtuozzoState): string {
  return `vzclient${++state.clientSeq}`;
}

/** Store a new session; returns the ids of the sessions that expired or were evicted meanwhile. */
export function openSession(state: VirtuozzoState, id: string, user: string, now: number, timeoutMs: number): string[] {
  const gone = purgeSessions(state, now, timeoutMs);
  state.sessions.set(id, { user, created: now, lastUsed: now });
  for (const old of state.sessions.keys()) {
    if (state.sessions.size <= MAX_SESSIONS) break;
    state.sessions.delete(old);
    gone.push(old);
  }
  return gone;
}

/** A live session (its use keeps it alive), or undefined when it is unknown or expired. */
export function useSession(state: VirtuozzoState, id: string, now: number, timeoutMs: number): Session | undefined {
  const s = state.sessions.get(id);
  if (!s) return undefined;
  state.sessions.delete(id);
  if (now - s.lastUsed > timeoutMs) return undefined;
  s.lastUsed = now;
  state.sessions.set(id, s);
  return s;
}

export function closeSession(state: VirtuozzoState, id: string): boolean {
  return state.sessions.delete(id);
}

/** Drop expired sessions: the map is in order of last use, so this stops at the first live one. */
function purgeSessions(state: VirtuozzoState, now: number, timeoutMs: number): string[] {
  const gone: string[] = [];
  for (const [id, s] of state.sessions) {
    if (now - s.lastUsed <= timeoutMs) break;
    state.sessions.delete(id);
    gone.push(id);
  }
  return gone;
}
