'use strict';
/** `require('backup-mocks')`: the library, from the one bundle (lib/load.js). */
module.exports = require('./load').load().library;
