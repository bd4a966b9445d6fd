import * as z from 'zod';
import { isoDateTime } from '../../kernel/schemas';

/**
 * A self-service link (R-SELF-1): what it is for and the one record it opens. The token itself is
 * never stored: the item is keyed by its SHA-256 (shared/platform/ports/link-signer.ts).
 */
export const linkPurpose = z
  .enum(['status', 'addon', 'appointment', 'survey'])
  .meta({
    description:
      'What the link lets the customer do: see the repair, answer add-on items, confirm an appointment, answer the survey',
  });
export type LinkPurpose = z.infer<typeof linkPurpose>;

export const linkRecord = z.strictObject({
  kind: z.enum(['order', 'appointment']),
  id: z.string().min(1),
});

export const link = z
  .strictObject({
    linkId: z.string().min(1),
    branchId: z.string().min(1),
    customerId: z.string().min(1),
    purpose: linkPurpose,
    record: linkRecord,
    createdAt: isoDateTime,
    expiresAt: isoDateTime,
    revokedAt: isoDateTime.optional(),
    spentAt: isoDateTime.optional(),
  })
  .meta({ id: 'Link' });
export type Link = z.infer<typeof link>;

/** 16 bytes in base64url: 22 characters, 128 bits. */
export const linkToken = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Not a link token');
