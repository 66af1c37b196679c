// Sending a receipt or a notice again, by e-mail, to the citizen it belongs to (the help desk, issue
// 12): only ever to the address the citizen confirmed in their profile — never one an operator types —
// with the PDF attached. No confirmed address (or no way to send e-mail): nothing is sent, and the
// caller says so. A sent message is audited (what, to a masked address, by whom).
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { notFound } from '../../../shared/errors.ts';
import { isUuid } from '../../../shared/ids.ts';
import { authorize } from '../../../shared/principal.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import type { Entity } from '../../entities/entity.ts';
import type { NoticesService } from '../../notices/notices.service.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import type { ReceiptsService } from '../../receipts/receipts.service.ts';
import type { Messenger } from './messengers.ts';
import type { ProfilesService } from './profile.service.ts';

export type DocumentSender = ReturnType<typeof documentSender>;

export type DocumentRequest = { kind: 'notice'; nav: string } | { kind: 'receipt'; receiptId: string };

export type SendOutcome = { sent: true; to: string } | { sent: false; why: 'no-address' | 'no-mailer' };

/** An address as the audit and the page show it: its first letter and its domain (m***@example.it). */
export const maskedEmail = (address: string) => {
  const at = address.lastIndexOf('@');
  return at > 0 ? `${address[0]}***${address.slice(at)}` : '***';
};

const bufferOf = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
};

const TEXTS = {
  it: {
    receiptSubject: (entity: string) => `Ricevuta di pagamento – ${entity}`,
    receiptText: (entity: string, nav: string) =>
      `Gentile cittadina, gentile cittadino,\n\ncome richiesto, le inviamo in allegato la ricevuta del pagamento dell’avviso ${nav} a ${entity}.\n\nQuesto messaggio è inviato all’indirizzo confermato nel suo profilo.`,
    noticeSubject: (entity: string) => `Avviso di pagamento – ${entity}`,
    noticeText: (entity: string, nav: string) =>
      `Gentile cittadina, gentile cittadino,\n\ncome richiesto, le inviamo in allegato l’avviso di pagamento ${nav} di ${entity}. Può pagarlo con pagoPA presso banche, uffici postali, tabaccherie, app e siti abilitati.\n\nQuesto messaggio è inviato all’indirizzo confermato nel suo profilo.`,
  },
  en: {
    receiptSubject: (entity: string) => `Payment receipt – ${entity}`,
    receiptText: (entity: string, nav: string) =>
      `Dear citizen,\n\nas requested, the receipt of your payment of notice ${nav} to ${entity} is attached.\n\nThis message is sent to the address confirmed in your profile.`,
    noticeSubject: (entity: string) => `Payment notice – ${entity}`,
    noticeText: (entity: string, nav: string) =>
      `Dear citizen,\n\nas requested, payment notice ${nav} of ${entity} is attached. You can pay it with pagoPA at banks, post offices, tobacconists, apps and websites.\n\nThis message is sent to the address confirmed in your profile.`,
  },
};

export function documentSender(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  receipts: Pick<ReceiptsService, 'get' | 'byId' | 'pdf'>;
  notices: Pick<NoticesService, 'pdf'>;
  positions: Pick<PositionsService, 'lookupNotice'>;
  profiles: Pick<ProfilesService, 'confirmedContacts'>;
  email: Messenger | undefined;
}) {
  return {
    /** Whether e-mail can be sent at all (SMTP configured, or the sandbox's test outbox). */
    get available() {
      return deps.email !== undefined;
    },

    async send(entity: Entity, request: DocumentRequest, actor: Actor): Promise<SendOutcome> {
      authorize(actor.principal, { entityId: entity.id, area: 'messages', access: 'write' });
      // What to send and whose it is (another entity's document is not found, like a missing one).
      let fiscalCode: string;
      let nav: string;
      let subjectType: 'receipt' | 'position';
      let subjectId: string;
      let file: () => Promise<{ filename: string; content: Buffer }>;
      if (request.kind === 'receipt') {
        const byId = isUuid(request.receiptId) ? await deps.receipts.byId(request.receiptId) : undefined;
        const receipt = byId?.entityId === entity.id ? byId : await deps.receipts.get(entity, request.receiptId);
        fiscalCode = receipt.debtor.fiscalCode;
        nav = receipt.nav;
        subjectType = 'receipt';
        subjectId = receipt.id;
        file = async () => ({
          filename: `ricevuta-${receipt.nav}.pdf`,
          content: await deps.receipts.pdf(entity, receipt, 'it-en', actor),
        });
      } else {
        const found = /^\d{18}$/.test(request.nav)
          ? await deps.positions.lookupNotice(entity.fiscalCode, request.nav)
          : undefined;
        const notice = found?.entity.id === entity.id ? found.notice : undefined;
        if (!notice) throw notFound();
        fiscalCode = notice.debtor.fiscalCode;
        nav = notice.nav;
        subjectType = 'position';
        subjectId = notice.positionId;
        file = async () => {
          const { stream, fileName } = await deps.notices.pdf(entity, notice.iupd, { nav: notice.nav });
          return { filename: fileName, content: await bufferOf(stream) };
        };
      }
      if (!deps.email) return { sent: false, why: 'no-mailer' };
      const contacts = await deps.profiles.confirmedContacts(fiscalCode);
      if (!contacts.email) return { sent: false, why: 'no-address' };
      const { filename, content } = await file();
      const words = contacts.language === 'en' ? TEXTS.en : TEXTS.it;
      const receipt = request.kind === 'receipt';
      await deps.email.send({
        fiscalCode: fiscalCode.toUpperCase(),
        to: contacts.email,
        subject: receipt ? words.receiptSubject(entity.name) : words.noticeSubject(entity.name),
        text: receipt ? words.receiptText(entity.name, nav) : words.noticeText(entity.name, nav),
        attachments: [{ filename, content, contentType: 'application/pdf' }],
      });
      const to = maskedEmail(contacts.email);
      await recordAudit(deps.db, actor, {
        entityId: entity.id,
        action: receipt ? 'message.receipt.resend' : 'message.notice.resend',
        subjectType,
        subjectId,
        after: { nav, to, at: deps.clock.now().toISOString() },
      });
      return { sent: true, to };
    },
  };
}
