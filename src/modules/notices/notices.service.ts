// Use cases of printed payment notices: the notice of one debt position (or of one of its notice
// numbers) as a PDF stream. Bulk printing (notices/bulk) builds on noticeData and renderNotice.
import type { Readable } from 'node:stream';
import type { Clock } from '../../shared/clock.ts';
import { createPdf } from '../../shared/pdf/document.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity, NoticeLanguage } from '../entities/entity.ts';
import type { PositionsService } from '../positions/positions.service.ts';
import { noticeRenderCache, renderNotice } from './notice.pdf.ts';
import { type NoticeData, noticeFromPosition } from './notice.ts';

export type NoticesService = ReturnType<typeof noticesService>;

export interface NoticesDeps {
  positions: Pick<PositionsService, 'get'>;
  entities: Pick<EntitiesService, 'getLogo'>;
  clock: Clock;
}

/** A file name safe in a Content-Disposition header and on any file system. */
export function noticeFileName(iupd: string, nav?: string): string {
  const stem = (nav ?? iupd)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  return `avviso-${stem || 'posizione'}.pdf`;
}

export function noticesService(deps: NoticesDeps) {
  const { positions, entities, clock } = deps;
  return {
    /**
     * What the notice of position `iupd` prints (with the entity's logo). NOT_FOUND for an unknown
     * iupd or a nav that is not the position's; NOTICE_NOT_PRINTABLE when there is nothing to pay.
     */
    async noticeData(entity: Entity, iupd: string, options: { nav?: string | undefined } = {}): Promise<NoticeData> {
      const position = await positions.get(entity, iupd);
      const notice = noticeFromPosition(entity, position, { nav: options.nav });
      const logo = await entities.getLogo(entity);
      return logo ? { ...notice, entity: { ...notice.entity, logo } } : notice;
    },

    /**
     * The notice as a PDF stream, ready to send. Every check runs before the stream is returned, so
     * an error is still an ordinary error response, never a broken download.
     */
    async pdf(
      entity: Entity,
      iupd: string,
      options: { nav?: string | undefined; language?: NoticeLanguage | undefined } = {},
    ): Promise<{ stream: Readable; fileName: string }> {
      const notice = await this.noticeData(entity, iupd, options);
      const language = options.language ?? entity.noticeLanguage;
      const doc = createPdf({
        title: `Avviso di pagamento ${notice.subject}`,
        author: entity.name,
        lang: 'it-IT',
        createdAt: clock.now(),
      });
      renderNotice(doc, notice, language, noticeRenderCache());
      doc.end();
      return { stream: doc, fileName: noticeFileName(iupd, options.nav) };
    },
  };
}
