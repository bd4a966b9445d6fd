import { benchAvailability } from './appointments';
import { benchChainDay } from './chain-day';
import { benchColdStart } from './cold-start';
import { benchDashboardRead } from './dashboard';
import { benchMiddleware } from './middleware';

/**
 * `npm run bench`: every figure beside a baseline measured in the same run, as a ratio
 * (ARCHITECTURE targets). Nothing here fails on time; the machines are shared and noisy.
 * `npm run bench -- cold` (or `middleware`, `dashboard`, `appointments`, `chain`) runs one part only.
 */
const parts = process.argv.slice(2);
const wanted = (part: string) => parts.length === 0 || parts.includes(part);
if (wanted('middleware')) await benchMiddleware();
if (wanted('cold')) await benchColdStart();
if (wanted('dashboard')) await benchDashboardRead();
if (wanted('appointments')) await benchAvailability();
if (wanted('chain')) await benchChainDay();
