import { describe, expect, it } from 'vitest';
import { percentOf, sum, times } from '../../shared/kernel/money';
import { defaultPolicy, policyFor } from '../../shared/kernel/policy';

describe('money in integer minor units (R-EST-3)', () => {
  it.each([
    [12_345, 1, 12_345],
    [10_000, 1.5, 15_000],
    [333, 0.5, 167], // 166.5 rounds half up
    [199, 3, 597],
    [100, 0.001, 0],
  ])('%i × %d = %i', (amount, quantity, expected) => {
    expect(times(amount, quantity)).toBe(expected);
  });

  it.each([
    [100_000, 10, 10_000],
    [12_345, 10, 1_235], // 1234.5 rounds half up
    [99, 12.5, 12], // 12.375
    [-12_345, 10, -1_235],
  ])('%i × %d%% = %i', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });

  it('adds without float drift', () => {
    expect(sum(Array.from({ length: 1000 }, () => 10))).toBe(10_000);
  });
});

describe('the policy module', () => {
  it('holds the seed figures as defaults (R-PKP-2, R-PRG-1, R-FUP-2, R-ARC-2, R-QC-1)', () => {
    expect(defaultPolicy.pickup).toEqual({
      longJobMinDays: 2,
      shortJobLeadMinutes: 60,
      longJobLeadMinutes: 240,
    });
    expect(defaultPolicy.progressCheck).toEqual({ openAtFraction: 0.7, dueAtFraction: 0.8 });
    expect(defaultPolicy.followUp.firstOpenDays).toBe(3);
    expect(defaultPolicy.followUp.firstDueDays).toBe(7);
    expect(defaultPolicy.archive.completeWithinDays).toBe(2);
    expect(defaultPolicy.inspectorKpi.workingDaysPerMonth).toBe(25.5);
  });

  it('applies a branch override without touching the defaults', () => {
    const branch = policyFor({ pickup: { shortJobLeadMinutes: 90 } });
    expect(branch.pickup.shortJobLeadMinutes).toBe(90);
    expect(branch.pickup.longJobLeadMinutes).toBe(240);
    expect(defaultPolicy.pickup.shortJobLeadMinutes).toBe(60);
  });
});

describe('the accelerated demo clock', () => {
  it('runs speed times faster than real time from its start', async () => {
    const { acceleratedClock } = await import('../../shared/platform/ports/clock');
    let realNow = 1_000_000;
    const start = new Date('2026-11-30T00:30:00.000Z');
    const demo = acceleratedClock(120, start, () => realNow);
    realNow += 60_000;
    expect(demo.now().toISOString()).toBe('2026-11-30T02:30:00.000Z');
  });
});
