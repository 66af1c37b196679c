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
  created_at: Timestamp;
  updated_at: Timestamp;
}

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
}

export interface ImportChunksTable {
  import_id: string;
  seq: number;
  data: Uint8Array;
}

export interface Schema {
  entities: EntitiesTable;
  notice_counters: NoticeCountersTable;
  api_keys: ApiKeysTable;
  positions: PositionsTable;
  installments: InstallmentsTable;
  audit_log: AuditLogTable;
  imports: ImportsTable;
  import_chunks: ImportChunksTable;
}
