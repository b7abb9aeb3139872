#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so there is no separate build step for the server.
import { register } from 'tsx/esm/api';
register();
// A reader that stops early (`opslab validate | head`) closes the pipe: stop quietly, as Unix tools
// do, instead of crashing on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
