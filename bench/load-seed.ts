// The data of `npm run bench:load`: entities with published positions imported from a generated CSV
// (Cassa's own bulk import, as bench/soap-server.ts does), read back as notices the load can use.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../src/modules/audit/audit.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { isValidEntityFiscalCode, personCheckCharacter } from '../src/shared/identifiers/fiscal-code.ts';
import type { Notice } from './load-mix.ts';

const IBAN = 'IT60X0542811101000000123456';
const actor = systemActor('bench');

/** The k-th entity's fiscal code: the first is the tests' Comune di Prova, then valid made-up ones. */
export function entityFiscalCode(k: number): string {
  if (k === 0) return '80016350821';
  const base = `80${String(k).padStart(8, '0')}`;
  for (let digit = 0; digit < 10; digit++) if (isValidEntityFiscalCode(`${base}${digit}`)) return `${base}${digit}`;
  throw new Error(`no check digit for ${base}`);
}

/** Entity number k with `count` published single-payment positions, due next year; its notices. */
export async function seedEntity(
  services: Services,
  work: string,
  k: number,
  count: number,
): Promise<{ entity: Entity; notices: Notice[] }> {
  const entity = await services.entities.create(
    {
      fiscalCode: entityFiscalCode(k),
      name: `Comune di Bench ${k}`,
      segregationCode: String(2 + (k % 90)).padStart(2, '0'),
      ibans: [IBAN],
    },
    actor,
  );
  const csv = join(work, `positions-${k}.csv`);
  const out = createWriteStream(csv);
  out.write('iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,category\n');
  const due = `${new Date().getUTCFullYear() + 1}-12-31`;
  for (let i = 0; i < count; i++) {
    const cf15 = `RSSMRA${String(40 + (i % 60)).padStart(2, '0')}A${String(1 + (i % 28)).padStart(2, '0')}H501`;
    const line = `B-${i},${cf15}${personCheckCharacter(cf15)},Mario Rossi ${i},TARI utenza ${i},${100 + (i % 900)}.50,${due},9/0101101IM/\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { result } = await services.imports.importFile(
    entity,
    csv,
    { format: 'csv', mode: 'create', toPublish: true, fileName: `positions-${k}.csv` },
    actor,
  );
  if (!result.ok) throw new Error(`import failed: ${result.errors[0]?.message}`);
  const rows = await services.database.db
    .selectFrom('installments')
    .innerJoin('positions', 'positions.id', 'installments.position_id')
    .select(['positions.iupd', 'installments.nav', 'installments.iuv', 'installments.amount_cents'])
    .where('installments.entity_id', '=', entity.id)
    .orderBy('installments.nav')
    .execute();
  const notices = rows.map((r) => ({ iupd: r.iupd, nav: r.nav, iuv: r.iuv, amountCents: Number(r.amount_cents) }));
  return { entity, notices };
}
