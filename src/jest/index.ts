/**
 * `backup-mocks/jest`: the matchers (importing this module also brings their types,
 * `expect(harness).toHaveReceived(...)`), the global setup and the global teardown.
 */
export { matchers } from './matchers';
export { default as globalSetup } from './global-setup';
export { default as globalTeardown } from './global-teardown';
