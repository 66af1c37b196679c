// npm run soak [-- --rounds 200 --psp-ms 200 --only A1,A6,A6b]
// The concurrency races of the reliability battery's group A (A1, A2, A3, A6; see bench/soak-rounds.ts)
// repeated for many rounds on PostgreSQL (DATABASE_URL required; a fresh database, dropped at the end),
// through Cassa's HTTP app in this process (app.inject: every request has its own database
// connections, so the races are real ones in PostgreSQL). After every round the battery's invariants
// (I1, I2, I4, I5 in part) are checked over all the data. Prints per race the rounds run, the valid
// ones (racing requests whose server-side windows overlapped) and the violations; exits 1 on any
// violation. Not part of `npm test`: it takes minutes.
import { parseArgs } from 'node:util';
import { invariantProblems } from './soak.db.ts';
import { allOverlap, type Browser, startHarness } from './soak-harness.ts';
import { a1, a2, a3, a6, type RoundResult } from './soak-rounds.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '200' },
    'psp-ms': { type: 'string', default: '200' },
    only: { type: 'string', default: 'A1,A2,A3,A6,A6b' },
  },
});
const rounds = Number(values.rounds);
const pspLatencyMs = Number(values['psp-ms']);
const only = new Set(values.only.split(',').map((s) => s.trim().toUpperCase()));
if (!process.env.DATABASE_URL) {
  console.error('soak runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  process.exit(2);
}
if (!(Number.isInteger(rounds) && rounds > 0 && pspLatencyMs >= 0)) throw new Error('bad arguments');

interface Tally {
  run: number;
  valid: number;
  violations: number;
  samples: string[];
}

const h = await startHarness({ pspLatencyMs });
const tallies = new Map<string, Tally>();
const record = (race: string, result: RoundResult, round: number) => {
  const t = tallies.get(race) ?? { run: 0, valid: 0, violations: 0, samples: [] };
  tallies.set(race, t);
  t.run++;
  if (result.valid) t.valid++;
  if (result.violations.length > 0) {
    t.violations++;
    if (t.samples.length < 5)
      t.samples.push(`round ${round}${result.valid ? '' : ' (invalid)'}: ${result.violations.join('; ')}`);
  }
};

const started = performance.now();
let invariantRounds = 0;
const invariantSamples: string[] = [];
try {
  // The control: two requests sent one after the other must be judged not to overlap, or the
  // validity of every round below would mean nothing.
  await h.send('control-1', { url: '/health' });
  await h.send('control-2', { url: '/health' });
  if (allOverlap([h.window('control-1'), h.window('control-2')]))
    throw new Error('overlap check: sequential requests overlap');
  const browsers: Browser[] = [];
  for (let i = 0; i < 51; i++) browsers.push(await h.browser());
  const races: [string, (round: number) => Promise<RoundResult>][] = [
    ['A1', (r) => a1(h, r, browsers.slice(0, 50))],
    ['A2', (r) => a2(h, r)],
    ['A3', (r) => a3(h, r, browsers[50]!)],
    ['A6', (r) => a6(h, r, true)],
    ['A6b', (r) => a6(h, r, false)],
  ];
  for (let round = 0; round < rounds; round++) {
    for (const [race, run] of races) {
      if (!only.has(race.toUpperCase())) continue;
      let result: RoundResult;
      try {
        result = await run(round);
      } catch (error) {
        result = { valid: false, violations: [`the round failed: ${(error as Error).message}`] };
      }
      record(race, result, round);
    }
    const problems = await invariantProblems(h.services.database.db, h.entity.id);
    if (problems.length > 0) {
      invariantRounds++;
      if (invariantSamples.length < 5)
        invariantSamples.push(`after round ${round}: ${problems.slice(0, 3).join('; ')}`);
    }
    if ((round + 1) % 10 === 0 || round + 1 === rounds) {
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      process.stdout.write(`  ${round + 1}/${rounds} rounds, ${seconds} s\n`);
    }
  }
} finally {
  await h.close();
}

console.log(`\nsoak — PostgreSQL, ${rounds} rounds, PSP latency ${pspLatencyMs} ms ± 50 %`);
console.log(`${'race'.padEnd(6)}${'rounds'.padStart(8)}${'valid'.padStart(8)}${'violations'.padStart(12)}`);
let failed = invariantRounds > 0;
for (const [race, t] of tallies) {
  console.log(
    `${race.padEnd(6)}${String(t.run).padStart(8)}${String(t.valid).padStart(8)}${String(t.violations).padStart(12)}`,
  );
  failed ||= t.violations > 0;
}
console.log(`invariants (I1, I2, I4, I5 in part) broken after ${invariantRounds} of ${rounds} rounds`);
for (const [race, t] of tallies) for (const s of t.samples) console.log(`  ${race} ${s}`);
for (const s of invariantSamples) console.log(`  invariants ${s}`);
const invalid = [...tallies.values()].reduce((sum, t) => sum + t.run - t.valid, 0);
if (invalid > 0)
  console.log(`${invalid} rounds were invalid (their racing requests did not overlap): they prove nothing`);
console.log(`\nverdict: ${failed ? 'VIOLATIONS' : 'no violations'}`);
process.exitCode = failed ? 1 : 0;
