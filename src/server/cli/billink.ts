#!/usr/bin/env node
/** `billink` / `npm run billink --`: see program.ts and the README's "After the checkout". */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
