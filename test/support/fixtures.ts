import type { CreateBranch } from '../../shared/branches/schemas';

/** A valid branch (R-ACC-1, R-X-2) to start from; tests override what they probe. */
export function branchInput(id: string, overrides: Partial<CreateBranch> = {}): CreateBranch {
  return {
    id,
    name: `Branch ${id}`,
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    phoneRegion: 'CN',
    locale: 'zh-Hans',
    workingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], open: '08:30', close: '18:00' },
    quietHours: { start: '21:00', end: '08:00' },
    bayCount: 6,
    status: 'active',
    ...overrides,
  };
}
