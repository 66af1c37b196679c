// Two Cassa processes on one PostgreSQL database take the same receipts at the same time: each
// receipt is applied once, and a second payment of the notice is held, whichever process gets it.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { startMain } from './support/main-process.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, readAnswer, receiptRequest } from './support/soap.ts';

let db: TestDatabase;
let services: Services;
let entity: Entity;
const processes: ChildProcess[] = [];
const ports: number[] = [];

async function startCassa(url: string): Promise<number> {
  const cassa = await startMain({
    env: { DATABASE_URL: url, CASSA_DEMO: 'false', CASSA_JOBS: 'false', LOG_LEVEL: 'warn' },
  });
  processes.push(cassa.child);
  return cassa.port;
}

before(async () => {
  db = await freshDatabase();
  services = createServices(db.database);
  entity = await services.entities.create(ENTITY_A, testActor);
  ports.push(await startCassa(db.url!), await startCassa(db.url!));
});
after(async () => {
  for (const child of processes) {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
  if (db) await db.drop();
});

it('applies each receipt once and holds the second payment, with the calls spread over both processes', async () => {
  for (let round = 0; round < 5; round++) {
    const position = await services.positions.create(
      entity,
      singlePayment(`TWO-${round}`, 5_000),
      { toPublish: true },
      testActor,
    );
    const { nav, iuv } = position.options[0]!.installments[0]!;
    const send = (port: number, receiptId: string) =>
      fetch(`http://127.0.0.1:${port}/pagopa/paForNode`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: 'paSendRTV2' },
        body: receiptRequest('paSendRTV2', addressOf(entity), {
          receiptId,
          nav,
          iuv,
          fiscalCode: entity.fiscalCode,
          amount: '50.00',
        }),
      }).then(async (r) => readAnswer('paSendRTV2', r.status, await r.text()));
    // Ten copies of one receipt and two other receipts of the same notice, half to each process.
    const calls = [
      ...Array.from({ length: 10 }, (_, i) => send(ports[i % 2]!, `same-${round}`)),
      send(ports[0]!, `other-a-${round}`),
      send(ports[1]!, `other-b-${round}`),
    ];
    const answers = await Promise.all(calls);
    assert.deepEqual(new Set(answers.map((a) => a.outcome)), new Set(['OK']), `round ${round}`);
    const receipts = await services.receipts.list(entity, { nav, limit: 20, offset: 0 });
    assert.equal(receipts.total, 3, `round ${round}: three distinct receipts`);
    const items = await services.overpayments.list(entity, { nav, limit: 20, offset: 0 });
    assert.equal(items.total, 2, `round ${round}: two held`);
    assert.equal((await services.positions.get(entity, `TWO-${round}`)).status, 'PAID');
  }
});
