// Use cases for receipts: read them, sign and verify their tokens, print them; and record a payment
// the back office reports (GPD's `paids` route, the demo seed), which goes through the payment
// intake like every other channel (intake/payment-intake.ts). Used by the receipts API and CLI.

import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../shared/ids.ts';
import { authorize } from '../../shared/principal.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import { backOfficePaymentProblems, backOfficePayments } from './intake/channels/back-office.ts';
import type { PaymentIntake } from './intake/payment-intake.ts';
import { renderReceiptPdf } from './receipt.pdf.ts';
import type { PaymentInput, Receipt } from './receipt.ts';
import type { ReceiptLanguage } from './receipt-texts.ts';
import {
  currentSigningKey,
  findReceiptById,
  findReceiptsByReceiptId,
  findSigningKey,
  insertSigningKey,
  listReceipts,
  lockEntityRow,
  type ReceiptFilters,
  type SigningKeyRow,
} from './receipts.db.ts';
import {
  checkSignature,
  decodeToken,
  generateSigningKey,
  privateKeyFromDer,
  publicKeyFromDer,
  sameClaims,
  signToken,
  type TokenClaims,
} from './signing.ts';

export type ReceiptsService = ReturnType<typeof receiptsService>;

export type Verification = { valid: true; receipt: Receipt; entity: Entity } | { valid: false };

export interface ReceiptsDeps {
  db: Kysely<Schema>;
  clock: Clock;
  entities: Pick<EntitiesService, 'byId'>;
  /** Where a payment the back office records is taken in. */
  intake: Pick<PaymentIntake, 'take'>;
  /** Public base URL of Cassa (PUBLIC_URL, no trailing slash): the QR codes point there. */
  publicUrl: string;
}

export function receiptsService(deps: ReceiptsDeps) {
  const { db, clock, entities } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  // Keys never change once written, so their parsed form can be kept for the life of the process.
  const privateKeys = new Map<string, KeyObject>();
  const publicKeys = new Map<string, KeyObject>();

  async function signingKey(entity: Entity, actor: Actor): Promise<SigningKeyRow> {
    const existing = await currentSigningKey(db, entity.id);
    if (existing) return existing;
    // First use: the entity row is locked, so a concurrent first use waits and then finds this key.
    return db.transaction().execute(async (trx) => {
      if (!(await lockEntityRow(trx, entity.id))) throw notFound();
      const again = await currentSigningKey(trx, entity.id);
      if (again) return again;
      const pair = generateSigningKey();
      const now = clock.now();
      const key: SigningKeyRow = { id: uuidv7(now.getTime()), entityId: entity.id, ...pair };
      await insertSigningKey(trx, key, now);
      await recordAudit(trx, actor, {
        entityId: entity.id,
        action: 'signing_key.create',
        subjectType: 'entity',
        subjectId: entity.id,
        after: { keyId: key.id, algorithm: 'Ed25519', purpose: 'receipt verification tokens' },
      });
      return key;
    });
  }

  async function verificationToken(receipt: Receipt, entity: Entity, actor: Actor): Promise<string> {
    const key = await signingKey(entity, actor);
    let privateKey = privateKeys.get(key.id);
    if (!privateKey) {
      privateKey = privateKeyFromDer(key.privateKey);
      privateKeys.set(key.id, privateKey);
    }
    return signToken(claimsOf(receipt, entity), key.id, privateKey);
  }

  const verificationUrl = async (receipt: Receipt, entity: Entity, actor: Actor) =>
    `${publicUrl}/verify/${await verificationToken(receipt, entity, actor)}`;

  async function get(entity: Entity, receiptId: string, iuv?: string): Promise<Receipt> {
    const found = await findReceiptsByReceiptId(db, entity.id, receiptId, iuv);
    if (found.length === 0) throw notFound();
    if (found.length > 1) {
      throw new AppError(
        'RECEIPT_AMBIGUOUS',
        `${found.length} receipts of this entity carry the id ${receiptId} (one per notice): name the notice with iuv`,
      );
    }
    return found[0]!;
  }

  return {
    /**
     * Records the payment of notice `nav`: marks the instalment paid, moves the position, writes the
     * receipt and the `installment.pay` audit record (naming the receipt), all in one transaction.
     * NOT_FOUND, ALREADY_PAID, NOT_PAYABLE and VALIDATION_FAILED as backOfficePayments says.
     */
    /** Every problem recordPayment would refuse `input` for before looking at the notice. */
    paymentProblems: (input: PaymentInput) => backOfficePaymentProblems(input, clock.now()),

    async recordPayment(entity: Entity, nav: string, input: PaymentInput, actor: Actor) {
      authorize(actor.principal, { entityId: entity.id, area: 'payments', access: 'write' });
      const result = await deps.intake.take(backOfficePayments, entity.id, { entity, nav, payment: input }, actor);
      if (result.kind !== 'applied') throw new Error(`a back-office payment came out ${result.kind}`);
      return { ...result.target, receipt: result.receipt };
    },

    get,

    /** A receipt by Cassa's own id, whatever its entity (callers check whose it is). */
    byId: (id: string): Promise<Receipt | undefined> =>
      isUuid(id) ? findReceiptById(db, id) : Promise.resolve(undefined),

    /** One page of the entity's receipts, newest payment first. */
    list: (entity: Entity, filters: ReceiptFilters) => listReceipts(db, entity.id, filters),

    verificationToken,
    verificationUrl,

    /**
     * Checks a token from a receipt's QR code: well formed, signed by a key Cassa holds, and naming
     * a stored receipt of that key's entity whose data are exactly the signed ones.
     */
    async verify(token: string): Promise<Verification> {
      const decoded = decodeToken(token);
      if (!decoded) return { valid: false };
      const key = await findSigningKey(db, decoded.keyId);
      if (!key) return { valid: false };
      let publicKey = publicKeys.get(key.id);
      if (!publicKey) {
        publicKey = publicKeyFromDer(key.publicKey);
        publicKeys.set(key.id, publicKey);
      }
      if (!checkSignature(decoded, publicKey)) return { valid: false };
      const receipt = await findReceiptById(db, decoded.claims.receiptId);
      if (!receipt || receipt.entityId !== key.entityId) return { valid: false };
      const entity = await entities.byId(receipt.entityId);
      if (!entity || !sameClaims(decoded.claims, claimsOf(receipt, entity))) return { valid: false };
      return { valid: true, receipt, entity };
    },

    /** The receipt as a PDF, with the QR code of its verification URL. */
    async pdf(entity: Entity, receipt: Receipt, lang: ReceiptLanguage, actor: Actor): Promise<Buffer> {
      if (receipt.entityId !== entity.id) throw notFound();
      const url = await verificationUrl(receipt, entity, actor);
      return renderReceiptPdf(receipt, entity, { lang, verificationUrl: url, createdAt: clock.now() });
    },
  };
}

function claimsOf(receipt: Receipt, entity: Entity): TokenClaims {
  return {
    receiptId: receipt.id,
    entityFiscalCode: entity.fiscalCode,
    noticeNumber: receipt.nav,
    amountCents: receipt.amountCents,
    paidAt: receipt.paidAt,
  };
}
