#!/usr/bin/env node
// The build (npm install runs it through `prepare`) compiles src/ into dist/.
import { main } from '../dist/src/cli.js';

main(process.argv);
