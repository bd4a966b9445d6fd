import type { Actor } from '../kernel/access';

/** Who the records say made a change that a duty made (an SMS filed, a letter withdrawn, R-ACC-5). */
export const dutyEngineActor: Actor = {
  staffId: 'duty-engine',
  login: 'duty-engine',
  name: 'Duty engine',
  roles: ['admin'],
  branches: '*',
};
