/** The family's operation record: `output` checked against what `run` returns. */
import { operationsOf, type AuthLevel, type Operation, type OperationContext } from '../../../src/operations/types';
import type { Answer, Cv } from './wire';

const typed = operationsOf<Cv>();

/** An operation whose `output` is checked against what its `run` returns. */
export function operation<L extends AuthLevel<Cv>, I, V>(
  spec: Omit<Operation<Cv, L, I>, 'run' | 'output'> & { run: (input: I, ctx: OperationContext<Cv, Cv['auth'][L]>) => V; output: Answer<V> },
) {
  return typed<L, I>(spec);
}
