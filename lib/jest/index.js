'use strict';
/** `require('backup-mocks/jest')`: the matchers and the global setup and teardown. */
module.exports = require('../load').load().jest;
