// Adds up Vitest's JSON reports into one closing line: "Tests: N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const expected = ['unit', 'integration-pglite', 'integration-postgres', 'e2e'];
let passed = 0;
let failed = 0;
let missing = 0;
for (const name of expected) {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) {
    console.log(`  ${name.padEnd(22)} did not run`);
    missing++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const p = report.numPassedTests ?? 0;
  const f =
    (report.numFailedTests ?? 0) +
    (report.numTotalTestSuites && !report.success && !report.numFailedTests ? 1 : 0);
  console.log(`  ${name.padEnd(22)} ${p} passed, ${f} failed`);
  passed += p;
  failed += f;
}
failed += missing;
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
