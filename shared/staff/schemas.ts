import * as z from 'zod';
import { roles } from '../kernel/access';
import { auditFields, expectedVersion, isoDate, ulidId } from '../kernel/schemas';
import { maxStaffBranches, staffIssues, staffStatuses } from './rules';

/** Staff records (R-ACC-2, R-HR-1): chain-level, one person may work at several branches. */
export const staffId = /* @__PURE__ */ ulidId.meta({ description: 'Staff id (ULID)' });

/** Sign-in name, unique across the chain; it never changes (as a Cognito username). */
const login = /* @__PURE__ */ z
  .string()
  .regex(
    /^[a-z][a-z0-9._-]{2,31}$/,
    'Use 3-32 lower-case letters, digits, dots, underscores or hyphens, starting with a letter',
  )
  .meta({ example: 'sz.advisor' });

const staffStatus = /* @__PURE__ */ z
  .enum(staffStatuses)
  .meta({ description: 'Employment status (R-HR-1); suspended and left staff cannot sign in' });

const staffBranches = /* @__PURE__ */ z
  .array(
    z.string().regex(/^(\*|[A-Z][A-Z0-9]{1,7})$/, "Use a branch code such as SZ, or '*' for every branch"),
  )
  .min(1)
  .max(maxStaffBranches)
  .meta({ description: "Branches the person works at, or ['*'] for chain-wide hq and admin staff" });

const staffFields = {
  name: z.string().trim().min(1).max(80),
  roles: z
    .array(z.enum(roles))
    .min(1)
    .max(roles.length)
    .meta({ description: 'Roles of R-ACC-2; one person may hold several' }),
  branches: staffBranches,
  status: staffStatus,
  phone: z.string().trim().min(1).max(40).optional(),
  email: z.email().max(254).optional(),
  contractStart: isoDate.optional(),
  contractEnd: isoDate.optional().meta({ description: 'After contractStart' }),
  probationEnd: isoDate.optional().meta({ description: 'After contractStart, not after contractEnd' }),
};

/** Optional fields a PATCH may clear by sending null (JSON merge patch, RFC 7396). */
export const clearableStaffFields = [
  'phone',
  'email',
  'contractStart',
  'contractEnd',
  'probationEnd',
] as const;

export const createStaffBody = /* @__PURE__ */ z
  .strictObject({ login, ...staffFields, status: staffStatus.default('probation') })
  .superRefine((value, ctx) => {
    for (const issue of staffIssues(value)) {
      ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message });
    }
  })
  .meta({ id: 'CreateStaff' });

export const updateStaffBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    name: staffFields.name.optional(),
    roles: staffFields.roles.optional(),
    branches: staffFields.branches.optional(),
    status: staffFields.status.optional(),
    phone: staffFields.phone.unwrap().nullable().optional(),
    email: staffFields.email.unwrap().nullable().optional(),
    contractStart: isoDate.nullable().optional(),
    contractEnd: isoDate.nullable().optional(),
    probationEnd: isoDate.nullable().optional(),
  })
  .meta({
    id: 'UpdateStaff',
    description: 'Fields to change; null clears an optional field. The login never changes.',
  });

export const staff = /* @__PURE__ */ z
  .object({ id: staffId, login, ...staffFields, ...auditFields })
  .meta({ id: 'Staff' });

/** What a branch's staff list shows of each person (the membership projection). */
export const staffMember = /* @__PURE__ */ z
  .object({
    id: staffId,
    login,
    name: staffFields.name,
    roles: staffFields.roles,
    status: staffStatus,
  })
  .meta({ id: 'StaffMember' });

export type Staff = z.infer<typeof staff>;
export type StaffMember = z.infer<typeof staffMember>;
export type CreateStaff = z.infer<typeof createStaffBody>;
export type UpdateStaff = z.infer<typeof updateStaffBody>;
