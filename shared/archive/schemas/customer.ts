import * as z from 'zod';
import { auditFields, branchId, expectedVersion, locale, text, ulidId } from '../../kernel/schemas';

/**
 * The customer archive 客戶檔案 (R-ARC-1). Phone numbers arrive as typed and leave in E.164
 * (R-X-1): they can only be checked against the branch's phone region, so the store normalizes
 * them, not the schema.
 */

export const customerId = /* @__PURE__ */ ulidId.meta({ description: 'Customer id (ULID)' });

const phoneLabel = /* @__PURE__ */ z.enum(['mobile', 'home', 'work', 'other']);

const phoneInput = /* @__PURE__ */ z.strictObject({
  number: text(40).meta({
    description: "As typed; without + it is read in the branch's phone region. Stored in E.164 (R-X-1)",
    example: '138 0013 8000',
  }),
  label: phoneLabel.default('mobile'),
});

const maxPhones = 5;
const phonesInput = /* @__PURE__ */ z
  .array(phoneInput)
  .min(1)
  .max(maxPhones)
  .meta({ description: `1-${maxPhones} numbers; each belongs to one customer of the branch (R-ARC-3)` });

const wishes = /* @__PURE__ */ z
  .array(text(120))
  .max(20)
  .meta({ description: 'Services the customer wishes (R-ARC-1), offered at the next visit (R-ARC-5)' });

/** R-MKT-1: no maintenance or declined-work reminders (shared/reminders/rules.ts `reminderOptedOut`). */
const remindersOptOut = /* @__PURE__ */ z.boolean().meta({
  description: 'True: no maintenance or declined-work reminders (R-MKT-1); marketingOptOut stops them too',
});

const followUpAgentId = /* @__PURE__ */ ulidId.meta({
  description: 'Designated follow-up agent (R-FUP-1): a staff member of this branch',
});

const customerFields = {
  name: text(80).meta({ description: 'Person or company name', example: '陈先生' }),
  address: text(200).optional(),
  company: text(120).optional().meta({ description: 'Company or unit 單位' }),
  preferredContactTimes: text(120)
    .optional()
    .meta({ description: 'When calls suit the customer (R-FUP-5)', example: 'weekdays after 18:00' }),
  notes: text(2000).optional(),
  followUpAgentId: followUpAgentId.optional(),
};

export const createCustomerBody = /* @__PURE__ */ z
  .strictObject({
    ...customerFields,
    phones: phonesInput,
    locale: locale.optional().meta({ description: "Language of SMS; defaults to the branch's locale" }),
    marketingOptOut: z
      .boolean()
      .default(false)
      .meta({ description: 'True: never send marketing SMS (R-MKT-3)' }),
    remindersOptOut: remindersOptOut.default(false),
    wishes: wishes.default([]),
  })
  .meta({ id: 'CreateCustomer' });

/** Optional fields a PATCH clears by sending null (JSON merge patch, RFC 7396). */
export const clearableCustomerFields = [
  'address',
  'company',
  'preferredContactTimes',
  'notes',
  'followUpAgentId',
] as const;

export const updateCustomerBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    name: customerFields.name.optional(),
    phones: phonesInput.optional(),
    address: text(200).nullable().optional(),
    company: text(120).nullable().optional(),
    preferredContactTimes: text(120).nullable().optional(),
    notes: text(2000).nullable().optional(),
    followUpAgentId: followUpAgentId.nullable().optional(),
    locale: locale.optional(),
    marketingOptOut: z.boolean().optional(),
    remindersOptOut: remindersOptOut.optional(),
    wishes: wishes.optional(),
  })
  .meta({
    id: 'UpdateCustomer',
    description:
      'Fields to change; null clears an optional field. `phones` replaces the whole list: numbers left out are released.',
  });

export const customer = /* @__PURE__ */ z
  .object({
    id: customerId,
    branchId,
    ...customerFields,
    phones: z.array(
      z.object({
        number: z.string().meta({ description: 'E.164', example: '+8613800138000' }),
        label: phoneLabel,
      }),
    ),
    locale,
    marketingOptOut: z.boolean(),
    remindersOptOut: remindersOptOut.optional(),
    archiveDutyId: ulidId.optional().meta({ description: 'The archive-incomplete duty (R-ARC-2)' }),
    wishes: z.array(z.string()),
    ...auditFields,
  })
  .meta({ id: 'Customer' });

export type Customer = z.infer<typeof customer>;
/** What a caller gives to open an archive; defaults (label, opt-out, wishes, locale) may be left out. */
export type CreateCustomer = z.input<typeof createCustomerBody>;
export type UpdateCustomer = z.infer<typeof updateCustomerBody>;
