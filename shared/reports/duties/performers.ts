import type { Duty } from '../../duty-engine/schemas';
import type { Performers } from '../../duty-engine/sweeper';
import type { Store } from '../../platform/dynamo/client';
import { produceReport } from '../actions/reports';
import type { Period } from '../rules/periods';
import type { Report } from '../schemas/report';

/** The sweeper's performer for `report` duties. */
export function reportPerformers(store: Store): Performers {
  return {
    report: async (duty: Duty, { now }) => {
      const { kind, from, to, edition } = duty.payload as unknown as Period & { edition?: Report['edition'] };
      await produceReport(store, duty.branchId, { kind, from, to }, now, edition ?? 'provisional');
    },
  };
}
