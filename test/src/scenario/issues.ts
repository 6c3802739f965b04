import { ScenarioError, type ScenarioIssue } from '../../../src/scenario/load';

/** The issues of the ScenarioError `fn` throws (and fails the test when it throws none, or another error). */
export function issuesOf(fn: () => unknown): ScenarioIssue[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).issues;
  }
  throw new Error('expected a ScenarioError');
}
