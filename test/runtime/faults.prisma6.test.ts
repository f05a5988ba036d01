import { defineFaultScenarios } from './fault-scenarios.js';

defineFaultScenarios('prisma6');
