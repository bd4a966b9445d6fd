import { createCustomer } from '../../shared/archive/actions/customers';
import { createVehicle } from '../../shared/archive/actions/vehicles';
import type { Actor } from '../../shared/kernel/access';
import { addDays, localDate } from '../../shared/kernel/local-time';
import type { Store } from '../../shared/platform/dynamo/client';
import { clock } from '../../shared/platform/ports/clock';

/**
 * Demo data of the reminders (R-MKT-1, R-ARC-5), called by infra/local/seed.ts after the chain's
 * customers: in Shenzhen, a car whose next maintenance falls 14 days from today (the policy's lead)
 * is reminded at the first sweep: its SMS is in the outbox within the first minute, outside quiet
 * hours as the demo day starts between 10:30 and 14:30 China time; a car due by mileage (one
 * reading: the default 41 km a day) is reminded later; a customer with only a home number gets a
 * call in `sz.followup`'s duties instead. `GET /branches/SZ/vehicles/{id}/next-service` shows why.
 */
export async function seedReminderDemo(store: Store, actor: Actor, branchId = 'SZ'): Promise<void> {
  const today = localDate(clock().now(), 'Asia/Shanghai');
  const cars = [
    {
      name: '赵女士',
      phone: '13900139011',
      label: 'mobile',
      plate: '粤B8R1M9',
      vehicle: {
        nextMaintenanceDate: addDays(today, 14),
        maintenanceCycle: { months: 6 },
        odometerKm: 58_200,
      },
    },
    {
      name: '钱先生',
      phone: '13900139012',
      label: 'mobile',
      plate: '粤B5K0M2',
      vehicle: {
        lastMaintenanceDate: addDays(today, -120),
        maintenanceCycle: { months: 12, km: 7_500 },
        odometerKm: 31_000,
      },
    },
    {
      name: '孙先生',
      phone: '075583001234',
      label: 'home',
      plate: '粤B3H7C6',
      vehicle: { nextMaintenanceDate: addDays(today, 10), odometerKm: 77_400 },
    },
  ] as const;
  for (const car of cars) {
    const customer = await createCustomer(
      store,
      branchId,
      {
        name: car.name,
        phones: [{ number: car.phone, label: car.label }],
        address: '深圳市福田区',
        company: '个人',
      },
      actor,
    );
    await createVehicle(
      store,
      branchId,
      customer.id,
      { plate: car.plate, model: 'Honda Accord', vehicleType: 'car', ...car.vehicle },
      actor,
    );
  }
}
