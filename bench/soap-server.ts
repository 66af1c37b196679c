// The server side of `npm run bench:soap` (started by bench/soap.ts as a child process, so the load
// generator does not share its event loop): a fresh database with `BENCH_POSITIONS` published
// positions spread over `BENCH_ENTITIES` entities (default 1), Cassa's HTTP app on one port, and on another the ceiling — a bare Fastify route doing
// the same notice lookup on the same database. Prints one JSON line when ready.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { systemActor } from '../src/modules/audit/audit.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices } from '../src/services.ts';
import { isValidEntityFiscalCode, personCheckCharacter } from '../src/shared/identifiers/fiscal-code.ts';
import { freshDatabase } from '../test/support/db.ts';
import { ensureTestServer } from '../test/support/test-server.ts';

const count = Number(process.env.BENCH_POSITIONS ?? '10000');
const work = mkdtempSync(join(tmpdir(), 'cassa-bench-soap-'));
const IBAN = 'IT60X0542811101000000123456';
const actor = systemActor('bench');

const entityCount = Number(process.env.BENCH_ENTITIES ?? '1');
const stopServer = await ensureTestServer();
const db = await freshDatabase({ prefix: 'cassa_bench' });
const services = createServices(db.database, { config: { importMaxBytes: 1024 ** 3, importMaxRows: count } });
/** Valid 11-digit fiscal codes: 80016350821 first, then the next bases with their check digit. */
const fiscalCodes = ['80016350821'];
for (let base = 8001635100; fiscalCodes.length < entityCount; base++) {
  for (let digit = 0; digit < 10; digit++) {
    if (isValidEntityFiscalCode(`${base}${digit}`)) fiscalCodes.push(`${base}${digit}`);
  }
}
const entities: Entity[] = [];
for (const [e, fiscalCode] of fiscalCodes.entries()) {
  const entity = await services.entities.create(
    { fiscalCode, name: `Comune di Bench ${e}`, segregationCode: '02', ibans: [IBAN] },
    actor,
  );
  entities.push(entity);
  const csv = join(work, `positions-${e}.csv`);
  const out = createWriteStream(csv);
  out.write('iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,category\n');
  for (let i = e; i < count; i += entityCount) {
    const cf15 = `RSSMRA${String(40 + (i % 60)).padStart(2, '0')}A${String(1 + (i % 28)).padStart(2, '0')}H501`;
    const line = `B-${i},${cf15}${personCheckCharacter(cf15)},Mario Rossi ${i},TARI 2027 utenza ${i},${100 + (i % 900)}.50,2027-03-31,9/0101101IM/\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { result } = await services.imports.importFile(
    entity,
    csv,
    { format: 'csv', mode: 'create', toPublish: true, fileName: 'positions.csv' },
    actor,
  );
  if (!result.ok) throw new Error(`import failed: ${result.errors[0]?.message}`);
}
const entity = entities[0]!;
// Each notice with what a receipt for it carries (bench:soap pays every notice once with paSendRTV2),
// the entities' notices interleaved so that consecutive receipts go to different entities.
const rows = await services.database.db
  .selectFrom('installments')
  .innerJoin('entities', 'entities.id', 'installments.entity_id')
  .select(['nav', 'iuv', 'amount_cents', 'entities.fiscal_code as fiscalCode'])
  .orderBy('nav')
  .execute();
const byEntity = fiscalCodes.map((cf) => rows.filter((r) => r.fiscalCode === cf));
const notices = byEntity[0]!.flatMap((_, i) => byEntity.map((list) => list[i]).filter((r) => r !== undefined));
const address = (cf: string) => {
  const e = entities.find((x) => x.fiscalCode === cf)!;
  return { idPA: e.fiscalCode, idBrokerPA: e.brokerId, idStation: e.stationId };
};
const navFile = join(work, 'navs.json');
writeFileSync(
  navFile,
  JSON.stringify(
    notices.map((n) => ({ nav: n.nav, iuv: n.iuv, cents: n.amount_cents, address: address(n.fiscalCode) })),
  ),
);

const app = await buildApp({ services, logLevel: 'warn' });
await app.listen({ port: 0, host: '127.0.0.1' });

// The ceiling: the same one-query lookup behind a bare route, answering JSON.
const bare = Fastify({ logger: false });
bare.get<{ Params: { cf: string; nav: string } }>('/lookup/:cf/:nav', async (request) => {
  const found = await services.positions.lookupNotice(request.params.cf, request.params.nav);
  return { amountCents: found?.notice?.amountCents, status: found?.notice?.positionStatus };
});
await bare.listen({ port: 0, host: '127.0.0.1' });

const port = (server: { server: { address(): unknown } }) => (server.server.address() as { port: number }).port;
process.stdout.write(
  `${JSON.stringify({ cassa: port(app), bare: port(bare), navFile, database: db.database.kind, entity: { fiscalCode: entity.fiscalCode, brokerId: entity.brokerId, stationId: entity.stationId } })}\n`,
);

process.stdin.resume();
process.stdin.on('end', async () => {
  await app.close();
  await bare.close();
  await db.drop();
  await stopServer();
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
});
