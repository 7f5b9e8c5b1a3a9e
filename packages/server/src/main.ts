import { ConfigError } from './config.ts';
import { demoSignInLines } from './demo/seed.ts';
import { startTilts } from './server.ts';

try {
  const started = Date.now();
  const tilts = await startTilts();
  const { config } = tilts.deps;
  await tilts.app.listen({ port: config.PORT, host: config.HOST });
  const lines = [
    '',
    `Tilts is running: open ${config.PUBLIC_URL}`,
    `  database: ${tilts.deps.database.kind === 'pglite' ? `embedded (PGlite) in ${config.TILTS_DATA_DIR}` : 'PostgreSQL server'}`,
    `  e-mail: ${config.SMTP_URL ? 'sent over SMTP' : 'kept in the outbox (Admin → E-mail outbox)'}`,
    `  API documentation: ${config.PUBLIC_URL}/api/docs`,
    `  ready in ${Date.now() - started} ms`,
  ];
  const demo = await demoSignInLines(tilts.deps.db);
  if (demo.length > 0) lines.push('', 'Demo sign-in (role, e-mail, password):', ...demo);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await tilts.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Tilts could not start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
}
