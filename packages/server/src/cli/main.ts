import { ConfigError } from '../config.ts';
import { runCli } from './cli.ts';

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `tilts: ${(error as Error).message}`);
  process.exitCode = 1;
}
