import { describe, expect, it } from 'vitest';
import { dutyCompletions, dutyPerformers } from '../../shared/performers';
import type { Store } from '../../shared/platform/dynamo/client';

/**
 * The areas register their duty kinds with the engine (issue 9 item 4, R-X-3): every kind the
 * areas schedule has a performer, a kind is registered once, and the human duties that are done
 * through another request say which one (R-FUP-6).
 */
const store = { tableName: 'unused' } as unknown as Store;

describe('the duty kinds the areas register (R-X-3)', () => {
  it.each([
    ['pickup-notice'],
    ['delay-notice'],
    ['progress-check'],
    ['inspection'],
    ['escalation'],
    ['archive-incomplete'],
    ['follow-up-call'],
    ['open-request'],
    ['tell-customer'],
    ['absence-start'],
    ['absence-end'],
    ['report'],
    // R-APT-3..5
    ['appointment-reminder'],
    ['appointment-no-show'],
    ['appointment-notice'],
    ['rebook-appointment'],
    // R-MKT-1, R-ADD-2
    ['maintenance-reminder'],
    ['declined-work-reminder'],
    ['reminder-call'],
    // R-CMP-2, R-FUP-4
    ['complaint-response'],
    ['complaint-tell'],
    // R-SELF-3
    ['customer-reply'],
    ['reply-sms'],
    // R-SELF-2
    ['survey-invite'],
    // R-SELF-1, R-ADD-2, R-APT-1
    ['addon-question'],
    ['appointment-move-request'],
  ])('%s has a performer', (kind) => {
    expect(typeof dutyPerformers(store)[kind]).toBe('function');
  });

  it('registers no kind the areas do not schedule', () => {
    expect(Object.keys(dutyPerformers(store)).sort()).toEqual(
      [
        'absence-end',
        'absence-start',
        'addon-question',
        'appointment-move-request',
        'appointment-no-show',
        'appointment-notice',
        'appointment-reminder',
        'archive-incomplete',
        'complaint-response',
        'complaint-tell',
        'customer-reply',
        'declined-work-reminder',
        'delay-notice',
        'escalation',
        'follow-up-call',
        'inspection',
        'maintenance-reminder',
        'open-request',
        'pickup-notice',
        'progress-check',
        'rebook-appointment',
        'reminder-call',
        'reply-sms',
        'report',
        'survey-invite',
        'tell-customer',
      ].sort(),
    );
  });

  it.each([
    ['follow-up-call', 'R-FUP-6'],
    ['open-request', 'R-FUP-6'],
    ['tell-customer', 'R-FUP-6'],
  ])('a %s duty is completed by its own request, not the generic completion (%s)', (kind, rule) => {
    expect(dutyCompletions(store)[kind]).toMatchObject({ rule, elsewhere: expect.any(String) });
  });

  it("a progress check's answer goes with steps of its own (R-PRG-2)", () => {
    expect(dutyCompletions(store)['progress-check']).toHaveProperty('steps');
  });
});
