// The one read behind every pagoPA verify and activation: an entity by fiscal code together with
// one of its notices (instalment, option and position), in a single query — the Nodo calls this
// path most, and pagoPA expects answers well within 2 s. Read-only and unlocked: the Nodo holds the
// payment lock (pagopa-facts §3.4).
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type { Cents } from '../../shared/money.ts';
import type { Debtor, InstallmentStatus, KeyValue, PositionStatus, Transfer } from './position.ts';

export interface NoticeEntity {
  id: string;
  fiscalCode: string;
  name: string;
  brokerId: string;
  stationId: string;
  payableAfterDue: boolean;
}

/** One notice as the station needs it. */
export interface StationNotice {
  positionId: string;
  iupd: string;
  positionStatus: PositionStatus;
  companyName: string;
  officeName: string | null;
  settlingOption: number | null;
  optionIndex: number;
  switchToExpired: boolean;
  debtor: Debtor;
  installmentId: string;
  nav: string;
  iuv: string;
  amountCents: Cents;
  description: string;
  dueDate: IsoDate;
  installmentStatus: InstallmentStatus;
  transfers: Transfer[];
  metadata: KeyValue[];
}

export interface NoticeLookup {
  entity: NoticeEntity;
  /** Undefined when the entity has no notice with that number. */
  notice: StationNotice | undefined;
}

interface StoredOptionHeader {
  switchToExpired: boolean;
  debtor: Debtor;
}

/** The entity with fiscal code `entityFiscalCode` and its notice `nav`; undefined when no such entity. */
export async function lookupNotice(
  db: Kysely<Schema>,
  entityFiscalCode: string,
  nav: string,
): Promise<NoticeLookup | undefined> {
  const row = await db
    .selectFrom('entities as e')
    .leftJoin('installments as i', (join) => join.onRef('i.entity_id', '=', 'e.id').on('i.nav', '=', nav))
    .leftJoin('positions as p', 'p.id', 'i.position_id')
    .select([
      'e.id as entity_id',
      'e.fiscal_code',
      'e.name',
      'e.broker_id',
      'e.station_id',
      'e.payable_after_due',
      'i.id as installment_id',
      'i.option_index',
      'i.nav',
      'i.iuv',
      'i.amount_cents',
      'i.description',
      'i.due_date',
      'i.status as installment_status',
      'i.transfers',
      'i.metadata',
      'p.id as position_id',
      'p.iupd',
      'p.status as position_status',
      'p.company_name',
      'p.office_name',
      'p.options',
      'p.settling_option',
    ])
    .where('e.fiscal_code', '=', entityFiscalCode)
    .executeTakeFirst();
  if (!row) return undefined;
  const entity: NoticeEntity = {
    id: row.entity_id,
    fiscalCode: row.fiscal_code,
    name: row.name,
    brokerId: row.broker_id,
    stationId: row.station_id,
    payableAfterDue: row.payable_after_due,
  };
  if (row.installment_id === null || row.position_id === null) return { entity, notice: undefined };
  const option = (JSON.parse(row.options!) as StoredOptionHeader[])[row.option_index!]!;
  return {
    entity,
    notice: {
      positionId: row.position_id,
      iupd: row.iupd!,
      positionStatus: row.position_status!,
      companyName: row.company_name!,
      officeName: row.office_name,
      settlingOption: row.settling_option,
      optionIndex: row.option_index!,
      switchToExpired: option.switchToExpired,
      debtor: option.debtor,
      installmentId: row.installment_id,
      nav: row.nav!,
      iuv: row.iuv!,
      amountCents: row.amount_cents! as Cents,
      description: row.description!,
      dueDate: row.due_date! as IsoDate,
      installmentStatus: row.installment_status!,
      transfers: JSON.parse(row.transfers!) as Transfer[],
      metadata: JSON.parse(row.metadata!) as KeyValue[],
    },
  };
}
