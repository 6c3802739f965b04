'use strict';
/** Jest `setupFilesAfterEnv: ['backup-mocks/jest/setup']`: registers expect(harness).toHaveReceived(...). */
expect.extend(require('../load').load().jest.matchers);
