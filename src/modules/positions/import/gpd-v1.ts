// GPD v1 positions, as GPD's bulk upload carries them (gpd_massive_v2.json): the debtor sits on the
// position and every payment option is a flat list with isPartialPayment. Converted to the v3 shape:
// each non-instalment option becomes an option of its own, all instalments together form one plan.

import type { GpdPaymentOption, GpdPosition, GpdTransfer } from '../gpd-v3.mapper.ts';
import { debtorSchema, gpdDateTime, positionRequestSchema } from '../gpd-v3.schemas.ts';
import type { Debtor } from '../position.ts';

const v3Installment = positionRequestSchema.properties.paymentOption.items.properties.installments.items;
const readOnly = { type: ['string', 'integer', 'boolean', 'null'], description: 'Read-only; ignored.' };

const v1Option = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'description', 'dueDate', 'isPartialPayment'],
  properties: {
    nav: v3Installment.properties.nav,
    iuv: v3Installment.properties.iuv,
    amount: v3Installment.properties.amount,
    description: v3Installment.properties.description,
    isPartialPayment: { type: 'boolean' },
    dueDate: v3Installment.properties.dueDate,
    retentionDate: gpdDateTime,
    fee: readOnly,
    notificationFee: readOnly,
    transfer: v3Installment.properties.transfer,
    paymentOptionMetadata: v3Installment.properties.installmentMetadata,
  },
} as const;

export const gpdV1PositionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['iupd', 'type', 'fiscalCode', 'fullName', 'companyName', 'paymentOption'],
  properties: {
    ...debtorSchema.properties,
    iupd: positionRequestSchema.properties.iupd,
    payStandIn: { type: 'boolean' },
    switchToExpired: { type: 'boolean' },
    companyName: positionRequestSchema.properties.companyName,
    officeName: positionRequestSchema.properties.officeName,
    validityDate: gpdDateTime,
    paymentDate: readOnly,
    status: readOnly,
    pull: readOnly,
    paymentOption: { type: 'array', minItems: 1, maxItems: 100, items: v1Option },
  },
} as const;

interface GpdV1Option {
  nav?: string;
  iuv?: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: string;
  retentionDate?: string;
  transfer?: GpdTransfer[];
  paymentOptionMetadata?: { key: string; value?: string }[];
}

export interface GpdV1Position extends Debtor {
  iupd: string;
  payStandIn?: boolean;
  switchToExpired?: boolean;
  companyName: string;
  officeName?: string;
  validityDate?: string;
  paymentOption: GpdV1Option[];
}

/** Converts a GPD v1 position to the v3 request shape. */
export function v1ToV3(v1: GpdV1Position): GpdPosition {
  const { iupd, payStandIn, switchToExpired, companyName, officeName, validityDate, paymentOption, ...rest } = v1;
  const { paymentDate: _p, status: _s, pull: _pull, ...debtor } = rest as Debtor & Record<string, unknown>;
  const option = (installments: GpdV1Option[]): GpdPaymentOption => ({
    debtor: debtor as Debtor,
    switchToExpired: switchToExpired ?? false,
    ...(validityDate && { validityDate }),
    ...(installments[0]?.retentionDate && { retentionDate: installments[0].retentionDate }),
    installments: installments.map((o) => ({
      ...(o.nav && { nav: o.nav }),
      ...(o.iuv && { iuv: o.iuv }),
      amount: o.amount,
      description: o.description,
      dueDate: o.dueDate,
      ...(o.transfer && { transfer: o.transfer }),
      ...(o.paymentOptionMetadata && { installmentMetadata: o.paymentOptionMetadata }),
    })),
  });
  const single = paymentOption.filter((o) => !o.isPartialPayment);
  const plan = paymentOption.filter((o) => o.isPartialPayment);
  const options = [...single.map((o) => option([o])), ...(plan.length > 0 ? [option(plan)] : [])];
  return {
    iupd,
    ...(payStandIn !== undefined && { payStandIn }),
    companyName,
    ...(officeName !== undefined && { officeName }),
    paymentOption: options,
  };
}
