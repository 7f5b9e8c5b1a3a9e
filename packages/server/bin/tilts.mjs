#!/usr/bin/env node
// `npx tilts …`: runs the TypeScript CLI on Node.js 24 (which strips the types itself).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `tilts needs Node.js 24 or newer (this is ${process.version}); run it through npx or npm in the project.`,
  );
  process.exit(1);
}
await import('../src/cli/main.ts');
