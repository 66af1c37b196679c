// DATABASE_URL=postgres://… node bench/console-positions.ts -- --count 300000
// The console's position search on a large entity: `count` positions (a tenth with three instalments,
// debtors from a list of names) at entity A and a third as many at entity B, written with SQL in a
// fresh database, then each common search of the console run as the page runs it, printing its time
// and PostgreSQL's plan (EXPLAIN ANALYZE) — to check that every one is read by an index, never by a
// scan of the entity's positions.
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Schema } from '../src/db/schema.ts';
import { countMatches, searchPage } from '../src/modules/console/positions/search.db.ts';
import { parseSearch } from '../src/modules/console/positions/search.ts';
import { freshDatabase } from '../test/support/db.ts';
import { ensureTestServer } from '../test/support/test-server.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '300000' } } });
const count = Number(values.count);
await ensureTestServer();
const fresh = await freshDatabase({ prefix: 'cassa_bench' });
const A = '01890000-0000-7000-8000-00000000000a';
const B = '01890000-0000-7000-8000-00000000000b';
await fresh.asOwner(async (db) => {
  for (const [id, cf, n] of [
    [A, '80016350821', count],
    [B, '01199250158', Math.ceil(count / 3)],
  ] as const) {
    await sql`INSERT INTO entities (id, fiscal_code, name, segregation_code, broker_id, station_id, ibans, created_at, updated_at)
      VALUES (${id}, ${cf}, ${`Ente ${cf}`}, '02', ${cf}, ${`${cf}_01`}, ARRAY['IT60X0542811101000000123456'], now(), now())`.execute(
      db,
    );
    await sql`INSERT INTO positions (id, entity_id, iupd, status, company_name, pay_stand_in, options, content_hash, inserted_at, last_updated_at)
      SELECT gen_random_uuid(), ${id}, 'P-' || g, (ARRAY['VALID','PAID','DRAFT','EXPIRED'])[1 + g % 4], 'Ente', false,
        json_build_array(json_build_object('switchToExpired', false, 'debtor', json_build_object('type','F',
          'fiscalCode', 'RSSMRA80A01H' || lpad((g % 1000)::text, 3, '0') || 'U',
          'fullName', (ARRAY['Mario','Giulia','Luca','Anna','Paolo'])[1 + g % 5] || ' ' ||
            (ARRAY['Rossi','Bianchi','Verdi','Esposito','Romano','Colombo','Ricci','Marino'])[1 + (g / 5) % 8] || ' ' || g)))::text,
        'x', now() - (g || ' minutes')::interval, now()
      FROM generate_series(1, ${n}) AS g`.execute(db);
    await sql`INSERT INTO installments (id, entity_id, position_id, option_index, installment_index, nav, iuv, amount_cents,
        description, due_date, debtor_fiscal_code, transfers)
      SELECT gen_random_uuid(), p.entity_id, p.id, 0, k, nav, substr(nav, 2), 10000, 'TARI',
        DATE '2026-01-01' + ((row_number() OVER ()) % 365)::int, p.options::jsonb #>> '{0,debtor,fiscalCode}',
        json_build_array(json_build_object('idTransfer','1','amountCents',10000,'remittanceInformation','TARI',
          'category', CASE WHEN k = 0 AND p.iupd LIKE '%7' THEN '9/0201109SP/' ELSE '9/0101101IM/' END,
          'metadata', CASE WHEN p.iupd LIKE '%77' THEN json_build_array(json_build_object('key','cassaService','value','01890000-0000-7000-8000-00000000c0de')) ELSE '[]'::json END))::text
      FROM positions p CROSS JOIN LATERAL generate_series(0, CASE WHEN p.iupd LIKE '%0' THEN 2 ELSE 0 END) AS k
      CROSS JOIN LATERAL (SELECT '3' || lpad(substr(md5(p.id::text || k), 1, 15), 17, '0') AS raw) r
      CROSS JOIN LATERAL (SELECT '3' || lpad((('x' || substr(md5(p.id::text || k), 1, 15))::bit(60)::bigint % 100000000000000000)::text, 17, '0') AS nav) n
      WHERE p.entity_id = ${id}`.execute(db);
  }
  await sql`ANALYZE`.execute(db);
});

// The page's queries, logged as they run, explained afterwards.
const pool = new pg.Pool({ connectionString: fresh.url, max: 2 });
const logged: { sql: string; parameters: readonly unknown[] }[] = [];
const db = new Kysely<Schema>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === 'query') logged.push(event.query);
  },
});
const nav = (
  await sql<{
    nav: string;
  }>`SELECT nav FROM installments WHERE entity_id = ${A} ORDER BY id LIMIT 1 OFFSET 4321`.execute(db)
).rows[0]!.nav;
const searches: [string, Record<string, string>][] = [
  ['everything, newest first', {}],
  ['notice number', { q: nav }],
  ['IUV', { q: nav.slice(1) }],
  ['fiscal code', { q: 'RSSMRA80A01H123U' }],
  ['IUPD', { q: 'P-4242' }],
  ['a name, one word', { q: 'esposito' }],
  ['a name, two words', { q: 'giulia colom' }],
  ['status', { stato: 'DRAFT' }],
  ['due dates', { scadenzaDal: '2026-03-01', scadenzaAl: '2026-03-07' }],
  ['catalogue service', { servizio: '01890000-0000-7000-8000-00000000c0de' }],
  ['sorted by debtor', { ordina: 'debtor', verso: 'asc' }],
  ['sorted by IUPD, page 20', { ordina: 'iupd', verso: 'asc', pagina: '20' }],
];
for (const [label, query] of searches) {
  const search = parseSearch(query);
  for (const [what, run] of [
    ['page', () => searchPage(db, A, search, '*')],
    ['count (at most 10 001)', () => countMatches(db, A, search, '*')],
  ] as const) {
    logged.length = 0;
    const start = performance.now();
    await run();
    const ms = performance.now() - start;
    const first = logged[0]!;
    const plan = await pool.query(`EXPLAIN (ANALYZE, COSTS OFF) ${first.sql}`, [...first.parameters]);
    console.log(`\n== ${label} · ${what}: ${ms.toFixed(1)} ms`);
    console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  }
}
await pool.end();
await fresh.drop();
