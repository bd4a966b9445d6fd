import * as z from 'zod';

/** A branch id: short upper-case code, for example `SZ`, `GZ`, `HK`. Part of every branch key. */
export const branchId = /* @__PURE__ */ z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,7}$/, 'Use 2-8 upper-case letters or digits, starting with a letter')
  .meta({ description: 'Branch code, for example SZ', example: 'SZ' });

/** Ids minted by the server: ULIDs (time-ordered, 26 characters). */
export const ulidId = /* @__PURE__ */ z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a valid id');

/** The version a caller read; an update on top of another version is refused (R-ACC-5). */
export const expectedVersion = /* @__PURE__ */ z
  .number()
  .int()
  .positive()
  .meta({ description: 'The version you read; a stale version gets 409 (optimistic locking)' });

export const isoDateTime = /* @__PURE__ */ z.iso.datetime({ offset: true });
export const isoDate = /* @__PURE__ */ z.iso.date();

/** Local wall-clock time of day, `HH:mm`. */
export const timeOfDay = /* @__PURE__ */ z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:mm (24-hour)');

export const timeZone = /* @__PURE__ */ z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Not an IANA time zone, for example Asia/Shanghai');

/** Languages the product speaks to customers (SMS templates). */
export const locale = /* @__PURE__ */ z.enum(['zh-Hant', 'zh-Hans', 'en']);

/** Who changed a record and when (R-ACC-5). */
export const auditFields = {
  version: z.number().int().positive(),
  createdAt: isoDateTime,
  createdBy: z.string(),
  updatedAt: isoDateTime,
  updatedBy: z.string(),
};

/**
 * A whole number in a query string or a path (R-X-4): plain decimal digits, as the document's
 * `integer` says. `z.coerce.number()` would also take `0x10` (16), `1e1`, ` 16 `, `16.0` and
 * read '' as 0; here each is a 400 naming the parameter. Documented as an integer in the range.
 */
export function queryInteger(range: { min: number; max: number; default: number }) {
  const digits = (value: unknown) =>
    typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;
  return z.preprocess(
    digits,
    z
      .number({
        error: (issue) =>
          issue.code === 'invalid_type'
            ? 'Use a whole number in plain decimal digits, for example 25'
            : undefined,
      })
      .int()
      .min(range.min)
      .max(range.max)
      .default(range.default),
  );
}

/** A required text, trimmed, of 1 to `max` characters. */
export function text(max: number) {
  return z.string().trim().min(1).max(max);
}

/** Paging: an opaque cursor from the previous page. */
export const pageQuery = {
  limit: queryInteger({ min: 1, max: 100, default: 25 }),
  cursor: /* @__PURE__ */ z.string().max(2048).optional(),
};

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}

/** A change-log entry: the timeline of R-ARC-4 and the audit trail of R-ACC-5. */
export const logEntry = /* @__PURE__ */ z
  .object({
    at: isoDateTime,
    by: z.string().meta({ description: 'Staff id of who did it' }),
    byName: z.string(),
    action: z.string().meta({ example: 'customer.updated' }),
    subject: z.object({ kind: z.string(), id: z.string() }),
    changes: z.array(z.string()).meta({ description: 'Names of the fields that changed' }),
    summary: z.string(),
  })
  .meta({ id: 'LogEntry' });
export type LogEntry = z.infer<typeof logEntry>;
