#!/usr/bin/env node
// Rewrites the command reference in README.md from the verbs' flag data (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { commandReference, END, START } from '../dist/src/cli/reference.js';

const readme = readFileSync('README.md', 'utf8');
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a < 0 || b < 0) throw new Error('README.md has no command reference markers');
writeFileSync('README.md', readme.slice(0, a) + (await commandReference()) + readme.slice(b + END.length));
