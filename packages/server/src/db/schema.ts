import type { Role } from '@tilts/shared';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface SchoolsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  legal_address: Generated<string>;
  registration_number: Generated<string>;
  country: Generated<string>;
  erasmus_oid: Generated<string>;
  logo: Buffer | null;
  logo_mime: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  given_name: string;
  family_name: string;
  password_hash: string | null;
  locale: Generated<'lv' | 'en'>;
  is_active: Generated<boolean>;
  last_sign_in_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  school_id: string;
  user_id: string;
  role: Role;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  school_id: string | null;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
}

export type TokenKind = 'reset' | 'magic' | 'invite';

export interface AuthTokensTable {
  token_hash: string;
  kind: TokenKind;
  user_id: string | null;
  school_id: string | null;
  email: string;
  role: Role | null;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  blocked_until: Date | null;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  school_id: string | null;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
  created_at: ColumnType<Date, Date | string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  id: number;
  last_id: number;
  last_hash: string;
}

export type MailStatus = 'queued' | 'sent' | 'outbox' | 'failed';

export interface MailMessagesTable {
  id: Generated<string>;
  school_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  locale: string;
  template: string;
  caused_by: string | null;
  status: MailStatus;
  attempts: Generated<number>;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
}

export interface PartnersTable {
  id: Generated<string>;
  school_id: string;
  kind: 'company' | 'school' | 'intermediary';
  legal_name: string;
  registration_number: Generated<string>;
  country: string;
  city: Generated<string>;
  legal_address: Generated<string>;
  website: Generated<string>;
  sector: Generated<string>;
  erasmus_oid: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DB {
  schools: SchoolsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  mail_messages: MailMessagesTable;
  partners: PartnersTable;
}
