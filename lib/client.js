'use strict';
/** `require('backup-mocks/client')`: connectHarness, a running harness through its admin API. */
module.exports = require('./load').load().client;
