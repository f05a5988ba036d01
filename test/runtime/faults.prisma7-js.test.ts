import { defineFaultScenarios } from './fault-scenarios.js';

defineFaultScenarios('prisma7-js');
