// Kysely table types, kept in step with src/db/migrations by hand. bigint columns are parsed to
// number (amounts stay below 2^53) and date columns to 'YYYY-MM-DD' strings (see database.ts).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A text column holding JSON that Cassa writes and parses itself. */
type JsonText = string;

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface EntitiesTable {
  id: string;
  fiscal_code: string;
  name: string;
  sector: string | null;
  info: string | null;
  cbill: string | null;
  segregation_code: string;
  broker_id: string;
  station_id: string;
  postal_account: string | null;
  ibans: string[];
  logo: Uint8Array | null;
  logo_media_type: string | null;
  notice_language: ColumnType<NoticeLanguageColumn, NoticeLanguageColumn | undefined, NoticeLanguageColumn>;
  postal_authorization: string | null;
  payable_after_due: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set while the entity is deactivated (its API keys are refused); null when active. */
  deactivated_at: NullableTimestamp;
}

export type NoticeLanguageColumn = 'it' | 'it-en' | 'it-de';

export interface NoticeCountersTable {
  entity_id: string;
  next_base: ColumnType<number, number | undefined, number>;
}

export interface ApiKeysTable {
  id: string;
  entity_id: string;
  name: string;
  key_prefix: string;
  key_hash: Uint8Array;
  created_by: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  /** `area:access` grants at the entity (migration 024); NULL: the API keys' default (ADR 0031). */
  grants: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
}

export type PositionStatusColumn =
  | 'DRAFT'
  | 'PUBLISHED'
  | 'VALID'
  | 'INVALID'
  | 'EXPIRED'
  | 'PARTIALLY_PAID'
  | 'PAID'
  | 'REPORTED';

export type InstallmentStatusColumn = 'UNPAID' | 'PAID' | 'PARTIALLY_REPORTED' | 'REPORTED';

export interface PositionsTable {
  id: string;
  entity_id: string;
  iupd: string;
  status: PositionStatusColumn;
  company_name: string;
  office_name: string | null;
  pay_stand_in: boolean;
  options: JsonText;
  expires_after_due: ColumnType<boolean, boolean | undefined, boolean>;
  validity_at: NullableTimestamp;
  settling_option: number | null;
  content_hash: string;
  version: ColumnType<number, number | undefined, number>;
  inserted_at: Timestamp;
  published_at: NullableTimestamp;
  paid_at: NullableTimestamp;
  last_updated_at: Timestamp;
}

export interface InstallmentsTable {
  id: string;
  entity_id: string;
  position_id: string;
  option_index: number;
  installment_index: number;
  nav: string;
  iuv: string;
  amount_cents: number;
  description: string;
  due_date: string;
  debtor_fiscal_code: string;
  status: ColumnType<InstallmentStatusColumn, InstallmentStatusColumn | undefined, InstallmentStatusColumn>;
  transfers: JsonText;
  metadata: ColumnType<JsonText, JsonText | undefined, JsonText>;
  settled_option: number | null;
  paid_at: NullableTimestamp;
  payment_method: string | null;
  payment_channel: string | null;
  psp_company: string | null;
  receipt_id: string | null;
  fee_cents: number | null;
  recorded_by: string | null;
  inserted_at: Timestamp;
  last_updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  entity_id: string | null;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: ColumnType<JsonText | null, JsonText | null, never>;
  after: ColumnType<JsonText | null, JsonText | null, never>;
  request_id: string | null;
  /** The client address (request.ip behind TRUST_PROXY); null for the CLI and jobs. */
  address: string | null;
  /** Place in the record's chain (its entity's, or the one for records without an entity). */
  seq: number;
  prev_hash: string;
  /** SHA-256 (hex) of prev_hash and the record's content, computed by Cassa (audit-hash.ts). */
  hash: string;
}

/** The last record of each audit chain, updated in the transaction that appends to it. */
export interface AuditChainHeadsTable {
  /** The entity id, or 'none'. */
  chain: string;
  seq: number;
  hash: string;
}

export type ImportStatusColumn = 'UPLOADING' | 'RECEIVED' | 'IN_PROGRESS' | 'COMPLETED' | 'COMPLETED_UNSUCCESSFULLY';

export interface ImportsTable {
  id: string;
  entity_id: string;
  source: 'api' | 'cli';
  file_name: string;
  format: 'csv' | 'json' | 'jsonl' | 'gpd-zip';
  mode: 'create' | 'upsert';
  status: ImportStatusColumn;
  byte_size: number;
  submitted_items: ColumnType<number, number | undefined, number>;
  processed_items: ColumnType<number, number | undefined, number>;
  created_count: ColumnType<number, number | undefined, number>;
  updated_count: ColumnType<number, number | undefined, number>;
  unchanged_count: ColumnType<number, number | undefined, number>;
  error_count: ColumnType<number, number | undefined, number>;
  errors: JSONColumnType<unknown[], string | undefined, string>;
  actor: string;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  /** Whether the import publishes its positions (null on imports older than migration 015). */
  to_publish: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  /** The worker holding the import while IN_PROGRESS, and until when (ADR 0021). */
  lease_owner: ColumnType<string | null, string | null | undefined, string | null>;
  lease_expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ImportChunksTable {
  import_id: string;
  seq: number;
  data: Uint8Array;
}

export interface SigningKeysTable {
  id: string;
  entity_id: string;
  algorithm: 'Ed25519';
  public_key: Uint8Array;
  private_key: Uint8Array;
  created_at: Timestamp;
  retired_at: NullableTimestamp;
}

export type ReceiptSourceColumn = 'paids' | 'paSendRT' | 'paSendRTV2';

export interface ReceiptsTable {
  id: string;
  entity_id: string;
  receipt_id: string;
  nav: string;
  iuv: string;
  position_id: string | null;
  installment_id: string | null;
  iupd: string | null;
  description: string;
  company_name: string;
  debtor_fiscal_code: string;
  debtor: JsonText;
  payer: JsonText | null;
  amount_cents: number;
  fee_cents: number | null;
  paid_at: Timestamp;
  channel: string;
  payment_method: string | null;
  psp_id: string | null;
  psp_company: string | null;
  transfers: JsonText;
  source: ReceiptSourceColumn;
  recorded_by: string;
  recorded_at: Timestamp;
  /** JSON text: what pagoPA's receipt carries beyond the columns above. */
  details: JsonText | null;
  /** The receipt element as received from the Nodo. */
  message: string | null;
}

export type PrintJobStatusColumn = 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface PrintJobsTable {
  id: string;
  entity_id: string;
  format: 'pdf' | 'zip';
  language: NoticeLanguageColumn | null;
  selection: JsonText;
  status: PrintJobStatusColumn;
  total: ColumnType<number, number | undefined, number>;
  processed: ColumnType<number, number | undefined, number>;
  skipped: ColumnType<number, number | undefined, number>;
  byte_size: number | null;
  error: string | null;
  actor: string;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  ended_at: NullableTimestamp;
}

export interface PrintJobChunksTable {
  job_id: string;
  seq: number;
  data: Uint8Array;
}

export type OverpaymentReasonColumn =
  | 'ALREADY_PAID'
  | 'OTHER_OPTION_PAID'
  | 'CANCELLED'
  | 'NOT_PAYABLE'
  | 'UNKNOWN_NOTICE'
  | 'AMOUNT_MISMATCH';

export interface OverpaymentsTable {
  id: string;
  entity_id: string;
  receipt_ref: string;
  nav: string;
  reason: OverpaymentReasonColumn;
  amount_cents: number;
  status: ColumnType<
    'OPEN' | 'REFUNDED' | 'RESOLVED',
    'OPEN' | 'REFUNDED' | 'RESOLVED' | undefined,
    'REFUNDED' | 'RESOLVED'
  >;
  note: string | null;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
  closed_by: string | null;
}

export interface OverpaymentNotesTable {
  id: string;
  entity_id: string;
  overpayment_id: string;
  text: string;
  author: string;
  created_at: Timestamp;
}

export type RefundStatusColumn = 'RECORDED' | 'PAID' | 'CANCELLED';

export interface OverpaymentRefundsTable {
  id: string;
  entity_id: string;
  overpayment_id: string;
  amount_cents: ColumnType<string | number, number, never>;
  beneficiary: string;
  iban: string;
  /** The day the transfer is (or was) made, YYYY-MM-DD. */
  refund_date: ColumnType<string, string, never>;
  reference: string | null;
  status: ColumnType<RefundStatusColumn, RefundStatusColumn | undefined, RefundStatusColumn>;
  cancel_reason: string | null;
  created_at: Timestamp;
  created_by: string;
  changed_at: NullableTimestamp;
  changed_by: string | null;
}

export type AttemptStatusColumn = 'CREATED' | 'STARTED' | 'UNKNOWN' | 'SUCCEEDED' | 'FAILED' | 'EXPIRED';

export interface PaymentAttemptsTable {
  id: string;
  entity_id: string;
  status: AttemptStatusColumn;
  checkout: 'sandbox' | 'pagopa';
  total_cents: number;
  return_urls: JsonText;
  email: string | null;
  redirect_url: string | null;
  last_return: 'ok' | 'cancel' | 'error' | 'waiting' | null;
  note: string | null;
  requested_by: string;
  /** The portal browser that started it (keyed hash of its CSRF cookie); null for the API. */
  browser_tag: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentAttemptNoticesTable {
  attempt_id: string;
  entity_id: string;
  nav: string;
  installment_id: string;
  amount_cents: number;
  description: string;
  company_name: string;
  live: ColumnType<boolean, boolean | undefined, boolean>;
  paid_at: NullableTimestamp;
}

export type SandboxCartStatusColumn = 'OPEN' | 'PAID' | 'DECLINED' | 'TIMED_OUT' | 'CANCELLED';

export interface SandboxCartsTable {
  id: string;
  request: JsonText;
  status: SandboxCartStatusColumn;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface WebhookEndpointsTable {
  id: string;
  entity_id: string;
  url: string;
  description: string | null;
  secret: string;
  events: string[];
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
}

export interface WebhookEventsTable {
  id: string;
  entity_id: string;
  type: string;
  body: JsonText;
  created_at: Timestamp;
}

export interface DomainEventsTable {
  id: string;
  entity_id: string;
  type: string;
  data: JSONColumnType<Record<string, unknown>, string, never>;
  created_at: Timestamp;
}

export interface EventInboxTable {
  consumer: string;
  event_id: string;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_error: string | null;
  done_at: NullableTimestamp;
}

export type DeliveryStatusColumn = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  event_id: string;
  endpoint_id: string;
  entity_id: string;
  status: ColumnType<DeliveryStatusColumn, DeliveryStatusColumn | undefined, DeliveryStatusColumn>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  locked_until: NullableTimestamp;
  last_attempt_at: NullableTimestamp;
  last_status: number | null;
  last_error: string | null;
  delivered_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface AcaNoticesTable {
  entity_id: string;
  nav: string;
  position_id: string;
  desired: JsonText;
  desired_hash: string;
  sent_hash: string | null;
  uploaded: ColumnType<boolean, boolean | undefined, boolean>;
  status: 'PENDING' | 'SYNCED' | 'FAILED';
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface AcaWatermarkTable {
  id: number;
  seen_until: Timestamp;
}

export interface AppSecretsTable {
  name: string;
  value: Uint8Array;
  created_at: Generated<Date>;
}

export interface AccessHitsTable {
  /** What is counted: `address:<client address>`, `entity:<id>`, `oidc-start:<address>`…; kept only for the window. */
  key: string;
  kind: 'success' | 'failure';
  /** The start of the 10-second bucket the hits fell in. */
  bucket: Timestamp;
  hits: number;
}

export interface CartItemsTable {
  fiscal_code: string;
  entity_id: string;
  /** 1–5: the cart's places (pagoPA Checkout pays at most five notices at once). */
  slot: number;
  nav: string;
  added_at: Timestamp;
}

export interface CitizenSessionsTable {
  token_hash: Uint8Array;
  id: string;
  fiscal_code: string;
  full_name: string | null;
  method: 'sandbox' | 'spid' | 'cie' | 'cns';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: NullableTimestamp;
}

// Citizen profile (013-profile)
export interface CitizenProfilesTable {
  fiscal_code: string;
  language: 'it' | 'en' | 'de' | null;
  email: string | null;
  email_confirmed_at: NullableTimestamp;
  mobile: string | null;
  mobile_confirmed_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface ContactCodesTable {
  fiscal_code: string;
  channel: 'email' | 'sms';
  address: string;
  code_hash: Uint8Array;
  expires_at: Timestamp;
  wrong_tries: Generated<number>;
  last_sent_at: Timestamp;
  window_start: Timestamp;
  sends_in_window: number;
}

export interface TestOutboxTable {
  id: string;
  fiscal_code: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  created_at: Timestamp;
}

export interface CalendarFeedsTable {
  fiscal_code: string;
  id: string;
  token_hash: Uint8Array;
  language: 'it' | 'en' | 'de';
  created_at: Timestamp;
}

export interface ReminderPreferencesTable {
  fiscal_code: string;
  days_before: number[];
  by_email: boolean;
  by_sms: boolean;
  updated_at: Timestamp;
}

// Spontaneous payments (010-catalogue)
export interface CatalogueServicesTable {
  id: string;
  entity_id: string;
  definition: JsonText;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  retired_at: NullableTimestamp;
}

export interface ServiceRequestsTable {
  id: string;
  entity_id: string;
  service_id: string;
  service_version: number;
  request_key: string;
  debtor_fiscal_code: string;
  iupd: string;
  amount_cents: number;
  answers: JsonText;
  created_at: Timestamp;
}

// Sign-in through OpenID Connect (migration 012-identity).
export interface OidcTransactionsTable {
  state: string;
  id: string;
  provider: string;
  browser_hash: Uint8Array;
  nonce: string;
  code_verifier: string;
  next_path: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

/** The installation's admin credential (migration 021): at most one row. */
export interface AdminCredentialTable {
  singleton: ColumnType<boolean, true | undefined, never>;
  key_prefix: string;
  key_hash: Uint8Array;
  created_by: string;
  created_at: Timestamp;
  rotated_at: NullableTimestamp;
}

// Operators of the console, their roles and sign-in (migration 022, ADR 0033).
export interface OperatorsTable {
  id: string;
  /** null: an installation administrator. */
  entity_id: string | null;
  email: string;
  display_name: string;
  fiscal_code: string | null;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  password_hash: string | null;
  failed_attempts: ColumnType<number, number | undefined, number>;
  lockouts: ColumnType<number, number | undefined, number>;
  locked_until: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RolesTable {
  id: string;
  entity_id: string | null;
  builtin: string | null;
  name: string;
  grants: JsonText | null;
  services: string[] | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OperatorRolesTable {
  operator_id: string;
  role_id: string;
  granted_at: Timestamp;
}

export interface OperatorTotpTable {
  operator_id: string;
  secret: string;
  created_at: Timestamp;
  confirmed_at: NullableTimestamp;
  last_time_step: number | null;
  /** A new key replacing the confirmed one, until a code of it confirms it (migration 032). */
  pending_secret: string | null;
  pending_created_at: NullableTimestamp;
}

export interface OperatorRecoveryCodesTable {
  operator_id: string;
  code_hash: Uint8Array;
  created_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface OperatorPasskeysTable {
  credential_id: string;
  operator_id: string;
  public_key: Uint8Array;
  counter: ColumnType<number, number | undefined, number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  name: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
}

export type OperatorSessionStage = 'second-factor' | 'enrol' | 'active';

export interface OperatorSessionsTable {
  token_hash: Uint8Array;
  id: string;
  operator_id: string;
  method: 'password' | 'oidc';
  stage: OperatorSessionStage;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  second_factor_at: NullableTimestamp;
  reauthenticated_at: NullableTimestamp;
  address: string | null;
  challenge: string | null;
  ended_at: NullableTimestamp;
}

export interface OperatorInvitationsTable {
  token_hash: Uint8Array;
  id: string;
  operator_id: string | null;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

/** An export of a large position search, made in the background (migration 026). */
export interface PositionExportsTable {
  id: string;
  entity_id: string;
  format: 'csv' | 'xlsx';
  search: JsonText;
  scope: JsonText;
  status: ColumnType<
    'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED',
    'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | undefined,
    'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED'
  >;
  row_count: number | null;
  byte_size: number | null;
  error: string | null;
  actor: string;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  ended_at: NullableTimestamp;
}

export interface PositionExportChunksTable {
  export_id: string;
  seq: number;
  data: Uint8Array;
}

export interface Schema {
  position_exports: PositionExportsTable;
  position_export_chunks: PositionExportChunksTable;
  admin_credential: AdminCredentialTable;
  operators: OperatorsTable;
  roles: RolesTable;
  operator_roles: OperatorRolesTable;
  operator_totp: OperatorTotpTable;
  operator_recovery_codes: OperatorRecoveryCodesTable;
  operator_passkeys: OperatorPasskeysTable;
  operator_sessions: OperatorSessionsTable;
  operator_invitations: OperatorInvitationsTable;
  entities: EntitiesTable;
  notice_counters: NoticeCountersTable;
  api_keys: ApiKeysTable;
  positions: PositionsTable;
  installments: InstallmentsTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
  imports: ImportsTable;
  import_chunks: ImportChunksTable;
  signing_keys: SigningKeysTable;
  receipts: ReceiptsTable;
  print_jobs: PrintJobsTable;
  print_job_chunks: PrintJobChunksTable;
  overpayments: OverpaymentsTable;
  overpayment_notes: OverpaymentNotesTable;
  overpayment_refunds: OverpaymentRefundsTable;
  payment_attempts: PaymentAttemptsTable;
  payment_attempt_notices: PaymentAttemptNoticesTable;
  sandbox_carts: SandboxCartsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  domain_events: DomainEventsTable;
  event_inbox: EventInboxTable;
  aca_notices: AcaNoticesTable;
  aca_watermark: AcaWatermarkTable;
  app_secrets: AppSecretsTable;
  citizen_sessions: CitizenSessionsTable;
  oidc_transactions: OidcTransactionsTable;
  calendar_feeds: CalendarFeedsTable;
  reminder_preferences: ReminderPreferencesTable;
  citizen_profiles: CitizenProfilesTable;
  contact_codes: ContactCodesTable;
  test_outbox: TestOutboxTable;
  cart_items: CartItemsTable;
  access_hits: AccessHitsTable;
  catalogue_services: CatalogueServicesTable;
  service_requests: ServiceRequestsTable;
}
