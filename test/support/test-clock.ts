import { startTestClock } from './clock';

// Every test file starts on the test clock at its epoch (a fixed instant that moves on), never the wall clock.
startTestClock();
