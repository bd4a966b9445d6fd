import type { Actor, Role } from '../../shared/kernel/access';
import type { StaffAccessView } from '../../shared/staff/rules';

/** The caller of a staff rule (R-ACC-3): its roles and branches (`*`: every branch). */
export function staffActor(roles: Role[], branches: string[] | '*', staffId = 'ACTOR'): Actor {
  return { staffId, login: 'someone', name: 'Someone', roles, branches };
}

/** The staff member a rule is about: a regular employee unless `extra` says otherwise. */
export function staffPerson(
  roles: Role[],
  branches: string[],
  extra: Partial<StaffAccessView> = {},
): StaffAccessView {
  return { id: 'PERSON', roles, branches, status: 'regular', ...extra };
}
