/**
 * envm/get_list and vzaenvm/get_list (VZLEnvm.xsd get_list: count?, type?, status*), the way
 * clients discover eids: VM::Virtuozzo uses envm (its schemas lack vzaenvm's), the panels use
 * vzaenvm. The reply is one `<eid>` per environment.
 */
import type { CallHandler } from './call';
import { child, children, fragment, leaf, text } from './wire';

export const getEnvList: CallHandler = (body, c) => {
  const count = Number(text(child(body, 'count')) || 0);
  const type = text(child(body, 'type')).trim();
  const states = children(body, 'status')
    .map((s) => text(child(s, 'state')).trim())
    .filter(Boolean)
    .map(Number);
  let envs = c.state.environments;
  if (type) envs = envs.filter((e) => e.type === type || (type === 'ct' && e.type === 'virtuozzo') || (type === 'vm' && e.type === 'parallels'));
  if (states.length) envs = envs.filter((e) => states.includes(e.state));
  if (count > 0) envs = envs.slice(0, count);
  return fragment((parent) => envs.forEach((e) => leaf(parent, 'ns2:eid', e.eid)));
};
