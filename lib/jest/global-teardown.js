'use strict';
/** Jest `globalTeardown: 'backup-mocks/jest/global-teardown'`: stops it. */
module.exports = require('../load').load().jest.globalTeardown;
