// A notice as the portal's pages show it: formatted number, amount and due date ("senza scadenza"
// for the far-future dates pagoPA uses for notices without one).
import { formatItalianDate, type IsoDate } from '../../shared/dates.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { type Cents, formatEuro } from '../../shared/money.ts';
import { NO_DUE_DATE_FROM } from '../notices/notice.ts';
import { type Language, textsFor } from './texts.ts';

export function noticeView(
  notice: { nav: string; companyName: string; description: string; amountCents: Cents; dueDate: string },
  lang: Language,
) {
  return {
    nav: notice.nav,
    navFormatted: formatNoticeNumber(notice.nav),
    companyName: notice.companyName,
    description: notice.description,
    amount: formatEuro(notice.amountCents, lang),
    dueDate:
      notice.dueDate >= NO_DUE_DATE_FROM ? textsFor(lang).noDueDate : formatItalianDate(notice.dueDate as IsoDate),
  };
}
