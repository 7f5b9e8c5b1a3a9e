import { describe, expect, it } from 'vitest';
import { shouldEmail } from './notify.ts';

const at = (time: string) => new Date(`2026-03-02T${time}:00Z`);

describe('shouldEmail', () => {
  it('e-mails someone never e-mailed about the thread', () => {
    expect(shouldEmail(undefined, at('10:00'))).toBe(true);
    expect(shouldEmail({ lastNotifiedAt: null, lastReadAt: at('09:00') }, at('10:00'))).toBe(true);
  });

  it('stays quiet within 15 minutes of the last e-mail while the thread is unread', () => {
    const reader = { lastNotifiedAt: at('10:00'), lastReadAt: at('09:00') };
    expect(shouldEmail(reader, at('10:05'))).toBe(false);
    expect(shouldEmail(reader, at('10:14'))).toBe(false);
    expect(shouldEmail(reader, at('10:15'))).toBe(true);
  });

  it('e-mails again at once when the thread was read after the last e-mail', () => {
    expect(shouldEmail({ lastNotifiedAt: at('10:00'), lastReadAt: at('10:01') }, at('10:02'))).toBe(true);
    expect(shouldEmail({ lastNotifiedAt: at('10:00'), lastReadAt: at('10:00') }, at('10:02'))).toBe(true);
  });
});
