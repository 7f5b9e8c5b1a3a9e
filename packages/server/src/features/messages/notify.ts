import { threadMailQuietMinutes } from '@tilts/shared';

/**
 * Whether a new message in a thread should e-mail one of its parties: yes if they were never e-mailed
 * about it, have opened it since the last e-mail, or that e-mail is older than the quiet minutes. A
 * burst of messages to someone who is not reading sends one e-mail (docs/decisions/008).
 */
export function shouldEmail(
  reader: { lastNotifiedAt: Date | null; lastReadAt: Date | null } | undefined,
  now: Date,
  quietMinutes = threadMailQuietMinutes,
): boolean {
  const last = reader?.lastNotifiedAt;
  if (!last) return true;
  if (reader.lastReadAt && reader.lastReadAt >= last) return true;
  return now.getTime() - last.getTime() >= quietMinutes * 60_000;
}
