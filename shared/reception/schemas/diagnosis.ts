import * as z from 'zod';
import { auditFields, branchId, expectedVersion, isoDateTime, text, ulidId } from '../../kernel/schemas';
import { staffRef, visit } from './visit';

/**
 * The diagnosis report 汽車檢測診斷報告單 (R-REC-2): what the check found and the work it
 * recommends, shown to the customer (reception rule 2: "把檢測診斷單呈交客戶"). A diagnosis fee
 * is what a customer who then declines pays (billed on the order, R-REC-2).
 */

export const diagnosisId = /* @__PURE__ */ ulidId.meta({ description: 'Diagnosis report id (ULID)' });

const findingSeverity = /* @__PURE__ */ z
  .enum(['info', 'advise', 'urgent', 'safety'])
  .meta({ description: 'info: noted; advise: recommended; urgent: do now; safety: unsafe to drive' });

const finding = /* @__PURE__ */ z.strictObject({
  system: text(40).meta({ example: 'brakes' }),
  finding: text(500).meta({ example: 'Front pads worn to 2 mm' }),
  severity: findingSeverity,
});

export const recordDiagnosisBody = /* @__PURE__ */ z
  .strictObject({
    findings: z.array(finding).min(1).max(50),
    recommendedWork: z
      .array(text(200))
      .max(50)
      .default([])
      .meta({ description: 'One line per item of work' }),
    technicianId: ulidId
      .optional()
      .meta({ description: 'Staff member of the branch who diagnosed; you, when left out' }),
    fee: z
      .number()
      .int()
      .min(0)
      .max(100_000_000_00)
      .optional()
      .meta({ description: "Diagnosis fee in minor units of the branch's currency" }),
    shownToCustomer: z
      .boolean()
      .default(false)
      .meta({ description: 'True: the report was handed to the customer as it was recorded' }),
    notes: text(2000).optional(),
  })
  .meta({ id: 'RecordDiagnosis' });
export type RecordDiagnosis = z.infer<typeof recordDiagnosisBody>;

export const showDiagnosisBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion })
  .meta({ id: 'ShowDiagnosis' });

export const diagnosis = /* @__PURE__ */ z
  .object({
    id: diagnosisId,
    branchId,
    visitId: z.string(),
    customerId: z.string(),
    customerName: z.string().optional(),
    vehicleId: z.string(),
    plate: z.string().optional(),
    findings: z.array(finding),
    recommendedWork: z.array(z.string()),
    technician: staffRef,
    fee: z.number().int().optional().meta({ description: 'Minor units' }),
    currency: z.string(),
    shownToCustomerAt: isoDateTime.optional(),
    notes: z.string().optional(),
    ...auditFields,
  })
  .meta({ id: 'Diagnosis' });
export type Diagnosis = z.infer<typeof diagnosis>;

/** A visit as read: the record and the diagnosis reports made during it. */
export const visitWithDiagnoses = /* @__PURE__ */ visit
  .extend({ diagnoses: z.array(diagnosis) })
  .meta({ id: 'VisitWithDiagnoses' });
export type VisitWithDiagnoses = z.infer<typeof visitWithDiagnoses>;
