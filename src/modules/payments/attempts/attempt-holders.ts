// A live attempt holds its notices until it ends: a second start of exactly the same notices takes it
// up only from the same browser or API caller (attempt.ts mayResume, ADR 0034); anyone else is told
// PAYMENT_IN_PROGRESS and until when. Pure.
import { AppError, type FieldProblem } from '../../../shared/errors.ts';
import { type Attempt, holdsUntil } from './attempt.ts';

/** PAYMENT_IN_PROGRESS, with the seconds until the last of `held` stops holding its notices (at least 1). */
export function inProgress(
  problems: FieldProblem[],
  held: readonly Pick<Attempt, 'status' | 'expiresAt'>[],
  now: Date,
) {
  const until = Math.max(...held.map((a) => holdsUntil(a).getTime()));
  return new AppError(
    'PAYMENT_IN_PROGRESS',
    'A payment of one of these notices is already in progress: finish it or wait for it to end',
    problems,
    Math.max(1, Math.ceil((until - now.getTime()) / 1000)),
  );
}

/** Whether the attempt holds exactly these notices. */
export function sameNotices(attempt: Pick<Attempt, 'notices'>, navs: readonly string[]): boolean {
  const held = new Set(attempt.notices.map((n) => n.nav));
  return held.size === navs.length && navs.every((nav) => held.has(nav));
}
