import type { ParseResult } from './parse-result.ts';

// pagoPA "Tassonomia dei servizi di incasso" code of a transfer (pagopa-facts §4.5), e.g. 9/0101101IM/.
// Only the format is checked here; whether the code exists and is in force needs the taxonomy table.

/** A transfer category code that passed checkTransferCategory. */
export type TransferCategory = string & { readonly __brand: 'TransferCategory' };

export type TransferCategoryParts = {
  readonly code: TransferCategory;
  /** 9, or 6/7/8 which opt the position out of SEPA Request-To-Pay (SANP 3.10). */
  readonly prefix: '6' | '7' | '8' | '9';
  readonly creditorTypeCode: string;
  readonly macroAreaCode: string;
  readonly serviceTypeCode: string;
  readonly legalReason: TransferLegalReason;
};

/** "Motivo giuridico della riscossione". */
export type TransferLegalReason = 'IM' | 'TS' | 'SP' | 'SA' | 'AP';

const LEGAL_REASONS: readonly string[] = ['IM', 'TS', 'SP', 'SA', 'AP'];
const EXAMPLE = 'for example 9/0101101IM/';

/** Why a transfer category is not a well-formed taxonomy code, or null when it is. */
export function checkTransferCategory(code: string): string | null {
  const parsed = parseTransferCategory(code);
  return parsed.ok ? null : parsed.reason;
}

/** Split a taxonomy code into its parts, or say why it is malformed. */
export function parseTransferCategory(code: string): ParseResult<TransferCategoryParts> {
  if (!/^[6-9]\//.test(code)) {
    return fail(`A transfer category must start with 9/, 6/, 7/ or 8/ (${EXAMPLE}); got "${code}".`);
  }
  if (code.length > 2 && !code.endsWith('/')) {
    return fail(`A transfer category must end with a slash (${EXAMPLE}); got "${code}".`);
  }
  // "9/" alone has no closing slash of its own: report it as an empty body.
  const body = code.length > 2 ? code.slice(2, -1) : '';
  const match = /^(\d{2})(\d{2})(\d{3})([A-Z]{2})$/.exec(body);
  if (!match) {
    return fail(
      `Between the slashes a transfer category must have 7 digits and a 2-letter legal reason (${EXAMPLE}); got "${body}".`,
    );
  }
  const [, creditorTypeCode, macroAreaCode, serviceTypeCode, legalReason] = match;
  if (!LEGAL_REASONS.includes(legalReason!)) {
    return fail(`The legal reason ${legalReason} is not valid; it must be IM, TS, SP, SA or AP.`);
  }
  return {
    ok: true,
    value: {
      code: code as TransferCategory,
      prefix: code[0] as TransferCategoryParts['prefix'],
      creditorTypeCode: creditorTypeCode!,
      macroAreaCode: macroAreaCode!,
      serviceTypeCode: serviceTypeCode!,
      legalReason: legalReason as TransferLegalReason,
    },
  };
}

function fail(reason: string): ParseResult<TransferCategoryParts> {
  return { ok: false, reason };
}
