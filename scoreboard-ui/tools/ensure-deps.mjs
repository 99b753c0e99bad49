#!/usr/bin/env node
// Installs the locked dependencies with `npm ci` unless node_modules already holds exactly them.
// The Maven build runs this before every UI build: a stamp (hash of package.json,
// package-lock.json and the node version) written after a successful install lets repeated
// builds skip the reinstall. Without a lockfile it falls back to `npm install`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.b2c-install-stamp');

const hash = createHash('sha256');
hash.update(process.version);
for (const file of ['package.json', 'package-lock.json']) {
  const path = join(root, file);
  hash.update(file).update(existsSync(path) ? readFileSync(path) : '');
}
const wanted = hash.digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) {
  console.log('scoreboard-ui: node_modules matches package-lock.json, no install needed');
  process.exit(0);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
console.log(`scoreboard-ui: npm ${args.join(' ')} (node ${process.version})`);
const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error) {
  console.error(`scoreboard-ui: cannot run npm: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`scoreboard-ui: npm ${args[0]} failed with exit code ${result.status}`);
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, `${wanted}\n`);
