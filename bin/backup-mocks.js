#!/usr/bin/env node
'use strict';
/** The `backup-mocks` command: the command line of the one bundle, loaded through the start-up caches (lib/load.js). */
require('../lib/load').load({ app: true }).main(process.argv);
