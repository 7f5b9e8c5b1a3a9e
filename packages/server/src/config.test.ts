import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      PUBLIC_URL: 'http://localhost:3000',
      TILTS_DATA_DIR: './data',
      TILTS_DEMO: true,
      TILTS_JOBS: true,
      MAIL_FROM: 'Tilts <no-reply@tilts.local>',
      TRUST_PROXY: false,
      SESSION_DAYS: 30,
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 2 * 1024 * 1024,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SMTP_URL).toBeUndefined();
  });

  it('reads given values, treats empty as absent and derives PUBLIC_URL from PORT', () => {
    const config = loadConfig({
      PORT: '8080',
      TILTS_DEMO: 'no',
      TILTS_JOBS: '0',
      TRUST_PROXY: 'yes',
      SMTP_URL: '',
      DATABASE_URL: 'postgresql://u@db:5432/tilts',
    });
    expect(config.PORT).toBe(8080);
    expect(config.PUBLIC_URL).toBe('http://localhost:8080');
    expect(config.TILTS_DEMO).toBe(false);
    expect(config.TILTS_JOBS).toBe(false);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.DATABASE_URL).toBe('postgresql://u@db:5432/tilts');
    expect(loadConfig({ PUBLIC_URL: 'https://tilts.example.lv/' }).PUBLIC_URL).toBe(
      'https://tilts.example.lv',
    );
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['TILTS_DEMO', 'maybe'],
    ['TILTS_JOBS', 'sometimes'],
    ['SMTP_URL', 'http://mail.example'],
    ['LOG_LEVEL', 'loud'],
    ['SESSION_DAYS', '0'],
    ['BODY_LIMIT_BYTES', '10'],
    ['TRUST_PROXY', 'perhaps'],
  ])('refuses %s=%s with a ConfigError that names the variable', (name, value) => {
    const error = errorOf({ [name]: value });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`${name}:`);
    expect(error.message).toMatch(/^Tilts cannot start/);
  });

  it('names every wrong variable at once', () => {
    const error = errorOf({ PORT: 'x', SMTP_URL: 'ftp://y' });
    expect(error.message).toContain('PORT:');
    expect(error.message).toContain('SMTP_URL: must start with smtp:// or smtps://');
  });
});
