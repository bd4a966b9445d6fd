import { ulid } from 'ulid';
import { customerKey, customerPartition } from '../../archive/store/customers';
import { vehicleKey } from '../../archive/store/vehicles';
import { branchSettings } from '../../branches/store';
import type { Actor } from '../../kernel/access';
import { ConflictError, ValidationError, VersionConflictError } from '../../kernel/errors';
import { type Policy, policyFor } from '../../kernel/policy';
import { requireReadVersion } from '../../kernel/versions';
import { staffRef } from '../../orders/store/orders';
import type { Store } from '../../platform/dynamo/client';
import {
  type Change,
  conditionStep,
  type Idempotency,
  idempotencyStep,
  logEntryItem,
  putStep,
  type Step,
  stampNew,
  transact,
} from '../../platform/dynamo/records';
import { nowIso } from '../../platform/ports/clock';
import {
  type EstimateAction,
  estimateChanges,
  nextEstimateStatus,
  priceEstimate,
  revisedPricing,
} from '../rules/estimate';
import type {
  CreateEstimate,
  DeclineEstimate,
  EstimateRecord,
  ReviseEstimate,
} from '../schemas/estimate-requests';
import { estimateItem, getEstimate } from '../store/estimates';
import { diagnosisKey, visitKey } from '../store/visits';

/** Amount in minor units for a log line, without floats: `CNY 750.00`. */
function shown(amount: number, currency: string): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${currency} ${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A branch's policy. Branches carry no overrides yet, so this is the chain's defaults; when they
 * do, the overrides come with the branch settings already read for the currency.
 */
function branchPolicy(): Policy {
  return policyFor();
}

function bodyReference(path: string, message: string): () => Error {
  return () => new ValidationError([{ path, message }]);
}

/**
 * Makes an estimate (R-EST-1..3): prices every line, computes the totals and the notices, and
 * writes it in one transaction with ConditionChecks instead of reads: the customer exists in the
 * branch, the vehicle is theirs, and the visit and diagnosis report it names are this customer's.
 * A failed check is a 400 naming the body field (like any reference in a body, R-X-4). The
 * estimate needs no data from those records, so no read is spent on them.
 */
export async function createEstimate(
  store: Store,
  branchId: string,
  input: CreateEstimate,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<EstimateRecord> {
  const settings = await branchSettings(store, branchId);
  const at = nowIso();
  const { customerId, vehicleId, visitId, diagnosisId } = input;
  const estimate: EstimateRecord = {
    id: ulid(),
    branchId,
    currency: settings.currency,
    customerId,
    vehicleId,
    ...(visitId ? { visitId } : {}),
    ...(diagnosisId ? { diagnosisId } : {}),
    pricingMethod: input.pricingMethod,
    ...priceEstimate(input.pricingMethod, input.riskPremiumPercent, input.lines, branchPolicy()),
    status: 'draft',
    ...stampNew(actor, at),
  };
  const change: Change = {
    actor,
    action: 'estimate.created',
    subject: { kind: 'estimate', id: estimate.id },
    summary: `Estimate by ${estimate.pricingMethod}: ${estimate.lines.length} line(s), total ${shown(estimate.totals.total, estimate.currency)}`,
    changes: Object.keys(input).sort(),
    logPartition: customerPartition(branchId, customerId),
  };
  const steps: Step[] = [
    ...(idempotency ? [idempotencyStep(store, idempotency, estimate, at)] : []),
    putStep(store, estimateItem(estimate), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`estimate ${estimate.id} exists`),
    }),
    conditionStep(
      store,
      customerKey(branchId, customerId),
      { expression: 'attribute_exists(pk)' },
      bodyReference('body.customerId', `No customer ${customerId} at branch ${branchId}`),
    ),
    conditionStep(
      store,
      vehicleKey(branchId, vehicleId),
      { expression: 'customerId = :customer', values: { ':customer': customerId } },
      bodyReference(
        'body.vehicleId',
        `Customer ${customerId} has no vehicle ${vehicleId} at branch ${branchId}`,
      ),
    ),
  ];
  if (visitId) {
    steps.push(
      conditionStep(
        store,
        visitKey(branchId, visitId),
        { expression: 'customerId = :customer', values: { ':customer': customerId } },
        bodyReference('body.visitId', `Customer ${customerId} has no visit ${visitId} at branch ${branchId}`),
      ),
    );
  }
  if (visitId && diagnosisId) {
    steps.push(
      conditionStep(
        store,
        diagnosisKey(branchId, visitId, diagnosisId),
        { expression: 'vehicleId = :vehicle', values: { ':vehicle': vehicleId } },
        bodyReference(
          'body.diagnosisId',
          `Visit ${visitId} has no diagnosis report ${diagnosisId} of vehicle ${vehicleId}`,
        ),
      ),
    );
  }
  steps.push(putStep(store, logEntryItem(change, at)));
  await transact(store, steps);
  return estimate;
}

/**
 * One step of the estimate's life (R-EST, R-ACC-5): one read, the version the caller read, the
 * status rules, then one transaction with the estimate (conditioned on that version) and its entry
 * in the customer's timeline (R-ARC-4).
 */
async function applyEstimateAction(
  store: Store,
  input: {
    branchId: string;
    estimateId: string;
    action: Exclude<EstimateAction, 'convert'>;
    expectedVersion: number;
    actor: Actor;
    apply: (
      estimate: EstimateRecord,
      at: string,
    ) => { estimate: EstimateRecord; summary: string; changes: string[] };
  },
): Promise<EstimateRecord> {
  const current: EstimateRecord = await getEstimate(store, input.branchId, input.estimateId);
  requireReadVersion('estimate', input.expectedVersion, current.version);
  const status = nextEstimateStatus(current.status, input.action);
  const at = nowIso();
  const result = input.apply(structuredClone(current), at);
  const next: EstimateRecord = {
    ...result.estimate,
    status,
    version: current.version + 1,
    updatedAt: at,
    updatedBy: input.actor.staffId,
  };
  const changes = estimateChanges(current.status, status, result.changes);
  await transact(store, [
    putStep(store, estimateItem(next), {
      expression: '#version = :expected',
      names: { '#version': 'version' },
      values: { ':expected': current.version },
      onConditionFailed: () =>
        new VersionConflictError(
          `The estimate changed after you read version ${input.expectedVersion}; reload and retry`,
        ),
    }),
    putStep(
      store,
      logEntryItem(
        {
          actor: input.actor,
          action: `estimate.${input.action}`,
          subject: { kind: 'estimate', id: next.id },
          summary: result.summary,
          changes,
          logPartition: customerPartition(next.branchId, next.customerId),
        },
        at,
      ),
    ),
  ]);
  return next;
}

/**
 * Prices a draft or presented estimate again (R-EST-1..3): new lines replace the old ones; a new
 * method or premium re-prices the lines kept. A symptom estimate keeps its premium unless one is
 * sent; another method has none.
 */
export async function reviseEstimate(
  store: Store,
  branchId: string,
  estimateId: string,
  input: ReviseEstimate,
  actor: Actor,
): Promise<EstimateRecord> {
  return applyEstimateAction(store, {
    branchId,
    estimateId,
    action: 'revise',
    expectedVersion: input.version,
    actor,
    apply: (current) => {
      const { pricingMethod: method, priced } = revisedPricing(current, input, branchPolicy());
      const { presentedAt: _at, presentedBy: _by, ...rest } = current;
      return {
        estimate: { ...rest, pricingMethod: method, ...priced },
        summary: `Estimate revised: total ${shown(current.totals.total, current.currency)} → ${shown(priced.totals.total, current.currency)}`,
        changes: Object.keys(input)
          .filter((k) => k !== 'version')
          .sort(),
      };
    },
  });
}

/** R-EST-1: the estimate and its notices are shown to the customer. */
export async function presentEstimate(
  store: Store,
  branchId: string,
  estimateId: string,
  expectedVersion: number,
  actor: Actor,
): Promise<EstimateRecord> {
  return applyEstimateAction(store, {
    branchId,
    estimateId,
    action: 'present',
    expectedVersion,
    actor,
    apply: (current, at) => ({
      estimate: { ...current, presentedAt: at, presentedBy: staffRef(actor) },
      summary: `Estimate presented: total ${shown(current.totals.total, current.currency)}${
        current.notices.length > 0 ? `; notices: ${current.notices.map((n) => n.id).join(', ')}` : ''
      }`,
      changes: ['presentedAt'],
    }),
  });
}

/** The customer accepted the figures shown; the repair order is made from it next (R-RO-1). */
export async function acceptEstimate(
  store: Store,
  branchId: string,
  estimateId: string,
  expectedVersion: number,
  actor: Actor,
): Promise<EstimateRecord> {
  return applyEstimateAction(store, {
    branchId,
    estimateId,
    action: 'accept',
    expectedVersion,
    actor,
    apply: (current, at) => ({
      estimate: { ...current, acceptedAt: at, acceptedBy: staffRef(actor) },
      summary: `Estimate accepted: total ${shown(current.totals.total, current.currency)}`,
      changes: ['acceptedAt'],
    }),
  });
}

/**
 * R-REC-2: the customer declined the estimate. This marks the estimate only; billing the
 * diagnosis or estimate fee and the exit notice happen on an order made from it, declined there
 * with the fee (`POST …/orders` with the estimate, then `…/decline`, settle, exit).
 */
export async function declineEstimate(
  store: Store,
  branchId: string,
  estimateId: string,
  input: DeclineEstimate,
  actor: Actor,
): Promise<EstimateRecord> {
  return applyEstimateAction(store, {
    branchId,
    estimateId,
    action: 'decline',
    expectedVersion: input.version,
    actor,
    apply: (current, at) => ({
      estimate: {
        ...current,
        decline: { ...(input.reason ? { reason: input.reason } : {}), at, recordedBy: staffRef(actor) },
      },
      summary: `Estimate declined${input.reason ? `: ${input.reason}` : ''}`,
      changes: ['decline'],
    }),
  });
}
