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

// Micro-credentials (0005_credentials.sql).

export interface CredentialIssuersTable {
  school_id: string;
  region: Generated<string>;
  website: Generated<string>;
  next_status_index: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CredentialKeysTable {
  id: Generated<string>;
  school_id: string;
  key_no: number;
  public_key_multibase: string;
  secret_key_sealed: string;
  created_at: CreatedAt;
  retired_at: Date | null;
}

export interface CredentialTemplatesTable {
  id: Generated<string>;
  school_id: string;
  title: string;
  description: Generated<string>;
  language: Generated<'lv' | 'en'>;
  document_type: string;
  learning_outcomes: ColumnType<unknown, string, string>;
  unit_id: string | null;
  /** numeric: a string from the driver */
  ects: ColumnType<string | null, number | null, number | null>;
  hours: number;
  eqf_level: number | null;
  lki_level: number | null;
  assessment_type: string;
  assessment_description: Generated<string>;
  participation_mode: string;
  learning_setting: string;
  quality_assurance: string;
  prerequisites: Generated<string>;
  identity_verification: string | null;
  grading_scheme: Generated<string>;
  stacks_into: Generated<string>;
  further_information: Generated<string>;
  valid_months: number | null;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CredentialTemplatePartsTable {
  school_id: string;
  template_id: string;
  part_id: string;
}

export interface CredentialBatchesTable {
  id: Generated<string>;
  school_id: string;
  template_id: string;
  created_by: string | null;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  total: number;
  done: Generated<number>;
  failed: Generated<number>;
  error: string | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface CredentialsTable {
  id: Generated<string>;
  school_id: string;
  template_id: string;
  learner_id: string;
  key_id: string;
  batch_id: string | null;
  source: 'single' | 'batch' | 'placement';
  source_id: string | null;
  status_index: number;
  title: string;
  grade: string | null;
  document: string;
  issued_at: Date;
  valid_until: Date | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  suspended_at: Date | null;
  suspended_reason: string | null;
  created_by: string | null;
}

export interface CredentialBatchItemsTable {
  id: Generated<string>;
  school_id: string;
  batch_id: string;
  row_no: number;
  learner_id: string;
  grade: string | null;
  credential_id: string | null;
  error: string | null;
}

export interface CredentialStatusListsTable {
  school_id: string;
  purpose: 'revocation' | 'suspension';
  list_no: number;
  document: string;
  updated_at: Timestamp;
}

export interface CredentialSharesTable {
  id: Generated<string>;
  school_id: string;
  credential_id: string;
  token: string;
  purpose: Generated<'link' | 'pdf' | 'linkedin'>;
  label: Generated<string>;
  created_at: CreatedAt;
  expires_at: Date | null;
  revoked_at: Date | null;
  views: Generated<number>;
  last_viewed_at: Date | null;
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
  credential_issuers: CredentialIssuersTable;
  credential_keys: CredentialKeysTable;
  credential_templates: CredentialTemplatesTable;
  credential_template_parts: CredentialTemplatePartsTable;
  credential_batches: CredentialBatchesTable;
  credentials: CredentialsTable;
  credential_batch_items: CredentialBatchItemsTable;
  credential_status_lists: CredentialStatusListsTable;
  credential_shares: CredentialSharesTable;
}
