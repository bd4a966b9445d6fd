import { restoreTestClock } from './clock';

// Every suite starts on the test clock (a fixed instant that moves on), never the wall clock.
restoreTestClock();
