'use strict';
/** Jest `globalSetup: 'backup-mocks/jest/global-setup'`: one harness for the run. */
module.exports = require('../load').load().jest.globalSetup;
