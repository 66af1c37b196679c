// The positions of the console's positions tests: at entity A, Mario Rossi's single payment
// (TARI-001, published) and his draft in full or in three instalments (TARI-003), a company's fee
// made for a catalogue service (DITTA-7: the `cassaService` metadata and its own category), and
// Mario Rossi's position at entity B (B-ONLY), which A's operators must never see.
import type { Entity } from '../../src/modules/entities/entity.ts';
import type { GpdPosition } from '../../src/modules/positions/gpd-v3.mapper.ts';
import type { Services } from '../../src/services.ts';
import { testActor } from './context.ts';
import { fullOrInstalments, singlePayment } from './positions.ts';

const IBAN_B = 'IT13L0306909606100000012345';

export const SERVICE_ID = '01890000-0000-7000-8000-00000000c0de';
export const SERVICE_CATEGORY = '9/0201109SP/';
export const COMPANY = { type: 'G' as const, fiscalCode: '01199250158', fullName: 'Bianchi Costruzioni Srl' };

/** DITTA-7: 99,90 € due 31 August 2026, for the catalogue service SERVICE_ID. */
export function companyFee(): GpdPosition {
  const body = singlePayment('DITTA-7', 9_990, '2026-08-31');
  const option = body.paymentOption[0]!;
  option.debtor = COMPANY;
  const transfer = option.installments[0]!.transfer![0]!;
  transfer.category = SERVICE_CATEGORY;
  transfer.transferMetadata = [{ key: 'cassaService', value: SERVICE_ID }];
  return body;
}

export async function positionsWorld(services: Services, a: Entity, b: Entity) {
  const create = (entity: Entity, body: GpdPosition, toPublish: boolean) =>
    services.positions.create(entity, body, { toPublish }, testActor);
  const rossi = await create(a, singlePayment('TARI-001', 15_000, '2026-12-31'), true);
  const draft = await create(a, fullOrInstalments('TARI-003'), false);
  const company = await create(a, companyFee(), true);
  const other = await create(b, singlePayment('B-ONLY', 15_000, '2026-12-31', IBAN_B), true);
  return { rossi, draft, company, other };
}
