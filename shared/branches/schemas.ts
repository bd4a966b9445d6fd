import * as z from 'zod';
import { branchOverridable, defaultPolicy, type PolicyOverrides } from '../kernel/policy';
import {
  auditFields,
  branchId,
  expectedVersion,
  isoDate,
  locale,
  timeOfDay,
  timeZone,
} from '../kernel/schemas';

/** ISO 4217 currencies of the chain's regions (R-EST-3: money is integer minor units of these). */
const currency = /* @__PURE__ */ z.enum(['CNY', 'HKD', 'MOP', 'TWD']);
/** Regions whose phone numbering a branch defaults to (ISO 3166 alpha-2). */
const phoneRegion = /* @__PURE__ */ z.enum(['CN', 'HK', 'MO', 'TW']);

const weekday = /* @__PURE__ */ z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

const workingHours = /* @__PURE__ */ z
  .strictObject({
    days: z
      .array(weekday)
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'Name each day once'),
    open: timeOfDay,
    close: z
      .union([timeOfDay, z.literal('24:00')])
      .meta({ description: 'Local closing time; 24:00 for a branch open until midnight' }),
  })
  .refine((w) => w.open < w.close, { message: 'open must be before close', path: ['close'] })
  .meta({
    description:
      'Local opening hours (R-X-2); promises fall in them (R-RO-2), reports are made before the close (R-RPT-1)',
  });

/** R-RO-2: local dates a branch is closed on a working day (public holidays), promised around. */
const closedDates = /* @__PURE__ */ z
  .array(isoDate)
  .max(366)
  .refine((d) => new Set(d).size === d.length, 'Name each date once')
  .meta({ description: 'Local dates (YYYY-MM-DD) the branch is closed although it is a working day' });

const quietHours = /* @__PURE__ */ z
  .strictObject({ start: timeOfDay, end: timeOfDay })
  .meta({ description: 'Local hours in which non-urgent SMS wait (R-X-1); may span midnight' });

/**
 * The branch's own lead times and windows (issue 4 item 2): a subset of the chain policy's
 * overridable numbers (shared/kernel/policy.ts `branchOverridable`); fractions lie between 0 and 1.
 */
/* @__NO_SIDE_EFFECTS__ */
const policyNumber = (key: string, fallback: number) =>
  (key.endsWith('Fraction')
    ? z.number().gt(0).lt(1)
    : // Money (R-APT-2: the high-value part threshold) is minor units, up to 10 million major.
      key.endsWith('Minor')
      ? z.number().int().positive().max(1_000_000_000)
      : z.number().positive().max(100_000)
  ).meta({
    description: `Chain default ${fallback}`,
  });
const policyOverrides = /* @__PURE__ */ z
  .strictObject(
    Object.fromEntries(
      Object.entries(branchOverridable).map(([section, keys]) => [
        section,
        z
          .strictObject(
            Object.fromEntries(
              keys.map((key) => [
                key,
                policyNumber(
                  key,
                  (defaultPolicy as Record<string, Record<string, number>>)[section]?.[key] ?? 0,
                ).optional(),
              ]),
            ),
          )
          .optional(),
      ]),
    ),
  )
  .meta({
    id: 'BranchPolicy',
    description: "The branch's lead times and windows; what is left out is the chain's",
  }) as unknown as z.ZodType<PolicyOverrides>;

const branchFields = {
  name: z.string().trim().min(1).max(80),
  timeZone: timeZone.meta({ example: 'Asia/Shanghai' }),
  currency,
  phoneRegion,
  locale: locale.meta({ description: 'Default language of customer SMS' }),
  workingHours,
  closedDates: closedDates.optional(),
  quietHours,
  smsSignature: z
    .string()
    .trim()
    .min(2)
    .max(12)
    .regex(/^[^【】[\]]+$/, 'Give the registered signature without brackets')
    .optional()
    .meta({ description: 'Registered SMS signature; sent as 【signature】 (mainland China)' }),
  bayCount: z.number().int().min(0).max(500),
  address: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
  status: z.enum(['active', 'closed']),
  selfServiceLinks: z.boolean().optional().meta({
    description:
      'R-SELF-1: SMS carry a self-service link (default true); false where carriers restrict URLs (mainland China): the SMS asks for a reply instead',
  }),
  policy: policyOverrides.optional(),
};

export const createBranchBody = /* @__PURE__ */ z
  .strictObject({ id: branchId, ...branchFields, status: branchFields.status.default('active') })
  .meta({ id: 'CreateBranch' });

export const updateBranchBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion, ...z.object(branchFields).partial().shape })
  .meta({ id: 'UpdateBranch' });

export const branch = /* @__PURE__ */ z
  .object({ id: branchId, ...branchFields, ...auditFields })
  .meta({ id: 'Branch' });

export type Branch = z.infer<typeof branch>;
export type CreateBranch = z.infer<typeof createBranchBody>;
export type UpdateBranch = z.infer<typeof updateBranchBody>;
