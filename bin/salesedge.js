#!/usr/bin/env node
// Launcher for the `salesedge` CLI: runs the bundled build in out/main/cli.js.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const entry = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('salesedge: the app is not built yet; run: npm run build\n');
  process.exit(1);
}
require(entry);
